import Foundation
import Testing

@testable import Cron

@Suite("Calendar arithmetic, offsets, local times and RFC 3339")
struct SupportTypeTests {
    @Test("day numbers round-trip and agree with Foundation's Gregorian calendar")
    func civilCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in stride(from: -800_000, through: 3_000_000, by: 997) {
            let date = CivilCalendar.date(days: days)
            #expect(CivilCalendar.days(year: date.year, month: date.month, day: date.day) == days)
            let foundation = calendar.dateComponents(
                [.year, .month, .day, .weekday],
                from: Date(timeIntervalSince1970: Double(days) * 86_400)
            )
            if date.year >= 1600 {  // Foundation switches to the Julian calendar before 1582
                #expect(foundation.year == date.year && foundation.month == date.month && foundation.day == date.day)
            }
            #expect(foundation.weekday == CivilCalendar.weekday(days: days) + 1)
        }
        #expect(CivilCalendar.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilCalendar.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(CivilCalendar.daysInMonth(year: 2100, month: 2) == 28)
        #expect(CivilCalendar.daysInMonth(year: 2000, month: 2) == 29)
    }

    @Test(
        "cached offsets agree with TimeZone hour by hour, 2026-2028, and at sampled instants 1900-2200",
        arguments: [
            "Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Havana",
            "Asia/Kolkata", "UTC", "Pacific/Apia", "Europe/Moscow", "Africa/Casablanca",
        ]
    )
    func offsets(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let rules = ZoneRules.rules(for: zone)
        for hour in stride(from: Int64(1_767_225_600), to: 1_861_920_000, by: 3600) {
            #expect(rules.offset(at: hour) == Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour)))))
        }
        for instant in stride(from: ZoneRules.tableStart, to: ZoneRules.tableEnd, by: 7_777_777) {
            #expect(
                rules.offset(at: instant) == Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))),
                "\(name) at \(instant)"
            )
        }
        #expect(ZoneRules.rules(for: zone) === rules)
    }

    @Test("local date-times print as ISO 8601 minutes and order chronologically")
    func localDateTime() {
        let spring = LocalDateTime(year: 2027, month: 3, day: 28, hour: 2, minute: 0)
        #expect(spring.description == "2027-03-28T02:00")
        #expect(LocalDateTime(year: 812, month: 1, day: 5, hour: 23, minute: 9).description == "0812-01-05T23:09")
        #expect(spring < LocalDateTime(year: 2027, month: 3, day: 28, hour: 2, minute: 1))
        #expect(spring > LocalDateTime(year: 2026, month: 12, day: 31, hour: 23, minute: 59))
        #expect(LocalDateTime(localSeconds: spring.localSeconds) == spring)
        let paris = TimeZone(identifier: "Europe/Paris")!
        #expect(LocalDateTime(TestSupport.instant("2027-03-28T01:00:00Z"), in: paris).description == "2027-03-28T03:00")
    }

    @Test(
        "RFC 3339 timestamps print with the zone's offset and a colon, +00:00 for UTC",
        arguments: [
            ("2027-03-28T01:00:00Z", "Europe/Paris", "2027-03-28T03:00:00+02:00"),
            ("2027-03-28T00:59:59Z", "Europe/Paris", "2027-03-28T01:59:59+01:00"),
            ("2027-10-03T15:30:00Z", "Australia/Lord_Howe", "2027-10-04T02:30:00+11:00"),
            ("2027-11-07T06:30:00Z", "America/New_York", "2027-11-07T01:30:00-05:00"),
            ("2027-01-01T00:00:00Z", "UTC", "2027-01-01T00:00:00+00:00"),
            ("2027-01-01T00:00:00Z", "Asia/Kathmandu", "2027-01-01T05:45:00+05:45"),
        ]
    )
    func printsRFC3339(instant: String, zone: String, text: String) throws {
        #expect(RFC3339Timestamp.string(from: TestSupport.instant(instant), in: try #require(TimeZone(identifier: zone))) == text)
    }

    @Test(
        "RFC 3339 timestamps read with Z or an offset, optional seconds and fractions",
        arguments: [
            ("2027-03-27T12:00:00+01:00", 1_806_145_200.0),
            ("2027-03-27T11:00:00Z", 1_806_145_200.0),
            ("2027-03-27t11:00:00z", 1_806_145_200.0),
            ("2027-03-27 11:00:00Z", 1_806_145_200.0),
            ("2027-03-27T12:00+01:00", 1_806_145_200.0),
            ("2027-03-27T11:00:00.250Z", 1_806_145_200.25),
            ("2027-03-27T06:30:00-04:30", 1_806_145_200.0),
        ]
    )
    func readsRFC3339(text: String, unix: Double) {
        #expect(RFC3339Timestamp.date(from: text)?.timeIntervalSince1970 == unix)
    }

    @Test(
        "malformed or impossible timestamps are refused",
        arguments: [
            "", "2027-03-27", "2027-03-27T12:00:00", "2027-02-30T00:00:00Z", "2027-13-01T00:00:00Z", "2027-03-27T24:00:00Z",
            "2027-03-27T12:60:00Z", "2027-03-27T12:00:00+1:00", "2027-03-27T12:00:00+01", "27-03-27T12:00:00Z",
            "2027-03-27T12:00:00.Z", "2027-03-27T12:00:00Z trailing", "tomorrow", "2027-03-27T12:00:00+24:00",
        ]
    )
    func refusesBadTimestamps(text: String) {
        #expect(RFC3339Timestamp.date(from: text) == nil)
    }
}
