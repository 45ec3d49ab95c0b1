import Foundation
import JarvisCore
import Testing

@Suite("Report weeks")
struct ReportPeriodTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let martinique = TimeZone(identifier: "America/Martinique")!

    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    /// (date, its ISO week): around year ends, including the 53-week years 2020 and 2026.
    static let weeksOfDates: [(String, String)] = [
        ("2027-03-22", "2027-W12"), ("2027-03-28", "2027-W12"), ("2027-03-29", "2027-W13"),
        ("2026-12-28", "2026-W53"), ("2027-01-03", "2026-W53"), ("2027-01-04", "2027-W01"),
        ("2020-12-31", "2020-W53"), ("2021-01-03", "2020-W53"), ("2024-12-30", "2025-W01"),
        ("2027-12-31", "2027-W52"), ("2028-01-02", "2027-W52"), ("2028-01-03", "2028-W01"),
    ]

    @Test(arguments: weeksOfDates)
    func eachDateFallsInItsISOWeek(date: String, week: String) {
        #expect(ISOWeek(containing: Self.date(date)).description == week)
    }

    @Test func aWeekRunsFromMondayToSundayAndYearsHave52Or53Weeks() throws {
        let week = try #require(ISOWeek("2026-W53"))
        #expect(week.monday == Self.date("2026-12-28"))
        #expect(week.sunday == Self.date("2027-01-03"))
        #expect(week.previous.description == "2026-W52")
        #expect(ISOWeek.weeks(inYear: 2026) == 53)
        #expect(ISOWeek.weeks(inYear: 2027) == 52)
        #expect(ISOWeek.weeks(inYear: 2020) == 53)
        #expect(ISOWeek("2027-W12")?.monday == Self.date("2027-03-22"))
    }

    @Test(arguments: ["2027-12", "2027W12", "27-W12", "2027-W1", "2027-W123", "2027-Wab", " 2027-W12", "", "2027-W00", "2027-W54", "2027-w12"])
    func malformedWeeksAreRejectedNamingTheFieldAndWhatIsAccepted(text: String) {
        #expect {
            try ISOWeek.parse(text)
        } throws: { error in
            let error = error as? JarvisError
            return error?.code == .invalidInput && error?.field == "week" && error?.message.contains("expected YYYY-Www, e.g. 2027-W12") == true
        }
    }

    @Test func week53OfA52WeekYearIsWellFormedButDoesNotExist() {
        #expect(throws: JarvisError.notFound("2027-W53 does not exist: 2027 has 52 ISO weeks", field: "week")) {
            try ISOWeek.parse("2027-W53")
        }
        #expect(throws: JarvisError.notFound("0000-W01 does not exist: 0 has 0 ISO weeks", field: "week")) {
            try ISOWeek.parse("0000-W01")
        }
        #expect(ISOWeek("2026-W53") != nil)
    }

    @Test func aMondaySlotAndALateTuesdayRunReportTheWeekThatEndedTheSundayBefore() {
        let slot = ReportPeriod.lastCompleteWeek(before: instant("2027-03-15T06:00:00+01:00"), in: Self.paris)
        let lateTuesday = ReportPeriod.lastCompleteWeek(before: instant("2027-03-16T23:30:00+01:00"), in: Self.paris)
        #expect(slot.week.description == "2027-W10")
        #expect(slot.week.monday == Self.date("2027-03-08"))
        #expect(lateTuesday == slot)
        #expect(slot.start == instant("2027-03-08T00:00:00+01:00"))
        #expect(slot.end == instant("2027-03-15T00:00:00+01:00"))
        #expect(slot.previousStart == instant("2027-03-01T00:00:00+01:00"))
        #expect(slot.title == "Rapport Hebdomadaire - Semaine du 08/03/2027")
        // Monday 00:00 sharp: the week that has just ended; Sunday 23:59: the week before it.
        #expect(ReportPeriod.lastCompleteWeek(before: instant("2027-03-15T00:00:00+01:00"), in: Self.paris).week.description == "2027-W10")
        #expect(ReportPeriod.lastCompleteWeek(before: instant("2027-03-14T23:59:00+01:00"), in: Self.paris).week.description == "2027-W09")
    }

    @Test func theSpringWeekHas167HoursAndItsSunday23() {
        let period = ReportPeriod(week: ISOWeek("2027-W12")!, timeZone: Self.paris)
        #expect(period.duration == 167 * 3600)
        #expect(period.days.map { $0.upperBound.timeIntervalSince($0.lowerBound) / 3600 } == [24, 24, 24, 24, 24, 24, 23])
        #expect(period.start == instant("2027-03-22T00:00:00+01:00"))
        #expect(period.end == instant("2027-03-29T00:00:00+02:00"))
        #expect(period.previousDays.allSatisfy { $0.upperBound.timeIntervalSince($0.lowerBound) == 86_400 })
    }

    @Test func theAutumnWeekHas169HoursAndItsSunday25() {
        let period = ReportPeriod(week: ISOWeek("2027-W43")!, timeZone: Self.paris)
        #expect(period.week.monday == Self.date("2027-10-25"))
        #expect(period.duration == 169 * 3600)
        #expect(period.days.last.map { $0.upperBound.timeIntervalSince($0.lowerBound) } == TimeInterval(25 * 3600))
    }

    @Test func eachGymGetsTheWeekOfItsOwnZone() {
        // Monday 06:00 in Paris is Monday 01:00 in Martinique: the same week, other instants.
        let slot = instant("2027-03-22T06:00:00+01:00")
        let paris = ReportPeriod.lastCompleteWeek(before: slot, in: Self.paris)
        let martinique = ReportPeriod.lastCompleteWeek(before: slot, in: Self.martinique)
        #expect(paris.week == martinique.week)
        #expect(martinique.start == instant("2027-03-15T00:00:00-04:00"))
        #expect(martinique.end.timeIntervalSince(paris.end) == 5 * 3600)
        // Monday 00:30 in Paris is still Sunday evening in Martinique: its week is not over.
        let early = instant("2027-03-22T00:30:00+01:00")
        #expect(ReportPeriod.lastCompleteWeek(before: early, in: Self.paris).week.description == "2027-W11")
        #expect(ReportPeriod.lastCompleteWeek(before: early, in: Self.martinique).week.description == "2027-W10")
    }

    @Test func aDayWhoseMidnightDoesNotExistStartsWhenTheClocksJump() {
        // Santiago springs forward at 00:00 on 2026-09-06: the day begins at 01:00 (-03:00).
        let santiago = TimeZone(identifier: "America/Santiago")!
        #expect(Self.date("2026-09-06").start(in: santiago) == instant("2026-09-06T01:00:00-03:00"))
        #expect(Self.date("2026-09-05").start(in: santiago) == instant("2026-09-05T00:00:00-04:00"))
        #expect(Self.date("2026-09-07").start(in: santiago) == instant("2026-09-07T00:00:00-03:00"))
    }

    @Test func localDatesReadAndWriteTheirTextAndWeekday() {
        #expect(LocalDate(iso: "2027-02-29") == nil)
        #expect(LocalDate(iso: "2028-02-29")?.isoWeekday == 2)
        #expect(LocalDate(iso: "2027-3-1") == nil)
        #expect(Self.date("2027-03-28").isoWeekday == 7)
        #expect(Self.date("2027-03-28").frenchNumeric == "28/03/2027")
        #expect(LocalDate(instant("2027-03-14T23:30:00Z"), in: Self.paris).description == "2027-03-15")
        #expect(LocalDate(instant("2027-03-14T23:30:00Z"), in: Self.martinique).description == "2027-03-14")
    }
}
