import Foundation
import GRDB
import JarvisTestSupport
import Synchronization
import Testing

@testable import JarvisCore

@Suite("Weekly reports job")
struct WeeklyReportsJobTests {
    /// The Monday 06:00 slot after week 2027-W10 (Monday 8 to Sunday 14 March 2027, in Paris
    /// at +01:00 all along).
    static let slot = instant("2027-03-15T06:00:00+01:00")
    static let nbsp = "\u{00A0}"

    /// Paris time in March 2027 before the change: `paris("2027-03-08T08:00")`.
    static func paris(_ local: String) -> Date { instant(local + ":00+01:00") }

    static func report(_ fixture: DomainFixture, gym slug: String, week: String? = nil) throws -> WeeklyReport? {
        try fixture.database.read { db in
            let gym = try #require(try WeeklyReport.Gym.fetch(db, slug: slug))
            return try WeeklyReport.fetch(db, gym: gym, week: week.flatMap(ISOWeek.init))
        }
    }

    /// Week 2027-W10 of gym "lyon", with a second gym and an inactive one around it. Every
    /// expected value below is counted by hand from these rows.
    static func weekFixture() throws -> DomainFixture {
        let fixture = try DomainFixture(now: slot)
        let lyon = try fixture.gym("lyon")
        let marseille = try fixture.gym("marseille")
        try fixture.gym("grenoble", status: "inactive")

        let alice = try fixture.member(gym: lyon, name: "Alice Martin", since: paris("2026-01-01T10:00"))
        let bruno = try fixture.member(gym: lyon, name: "Bruno Durand", since: paris("2026-06-01T10:00"))
        let chloe = try fixture.member(gym: lyon, name: "Chloé Petit", since: paris("2027-03-10T12:00"))  // new
        let david = try fixture.member(gym: lyon, name: "David Leroy", since: paris("2025-01-01T10:00"))  // lapsed
        let emma = try fixture.member(gym: lyon, name: "Emma Roux", since: paris("2025-05-01T10:00"), active: false)
        let farid = try fixture.member(gym: lyon, name: "Farid Benali", since: paris("2027-03-15T00:30"))  // after the week
        let gaelle = try fixture.member(gym: lyon, name: "Gaëlle Morel", since: paris("2026-02-01T10:00"))
        try fixture.member(gym: lyon, name: "Hugo Blanc", since: paris("2027-03-09T10:00"), active: false)  // new, left since
        let ines = try fixture.member(gym: lyon, name: "Inès Faure", since: paris("2026-01-01T10:00"))  // lapsed
        let jules = try fixture.member(gym: lyon, name: "Jules Garnier", since: paris("2026-01-01T10:00"))
        let zoe = try fixture.member(gym: marseille, name: "Zoé Blanc", since: paris("2026-01-01T10:00"))

        // This week: Mon 3 (one at 00:00 sharp), Tue 1, Wed 2, Thu 1, Sun 1 (23:30); next Monday 00:00 is out.
        try fixture.visits(
            member: alice,
            at: [
                paris("2027-03-08T00:00"), paris("2027-03-08T08:00"), paris("2027-03-10T18:00"),
                paris("2027-03-14T23:30"), paris("2027-03-15T00:00"),
            ]
        )
        try fixture.visits(member: bruno, at: [paris("2027-03-08T19:00")])
        try fixture.visits(member: chloe, at: [paris("2027-03-10T12:30"), paris("2027-03-11T12:30")])
        try fixture.visits(member: emma, at: [paris("2027-03-09T09:00")])
        // The week before: Mon 2, Tue 2, Wed 1, Thu 2, Fri 1, Sat 2, Sun 2; the Sunday before it is out.
        try fixture.visits(member: alice, at: [paris("2027-03-02T10:00"), paris("2027-03-04T10:00"), paris("2027-03-06T10:00")])
        try fixture.visits(
            member: bruno,
            at: [paris("2027-03-01T07:00"), paris("2027-03-03T07:00"), paris("2027-03-05T07:00"), paris("2027-03-06T11:00")]
        )
        try fixture.visits(member: emma, at: [paris("2027-03-04T18:00"), paris("2027-03-07T20:00")])
        try fixture.visits(
            member: gaelle,
            at: [paris("2027-02-28T23:59"), paris("2027-03-01T18:00"), paris("2027-03-02T18:00"), paris("2027-03-07T10:00")]
        )
        // Lapsed is "no visit in [week end - 30 days, week end)": a minute before that window, and at its first instant.
        try fixture.visits(member: david, at: [paris("2027-02-01T18:00")])
        try fixture.visits(member: ines, at: [paris("2027-02-13T00:00").addingTimeInterval(-60)])
        try fixture.visits(member: jules, at: [paris("2027-02-13T00:00")])
        try fixture.visits(member: zoe, at: [paris("2027-03-09T10:00")])

        try fixture.sessions(
            gym: lyon,
            at: [
                paris("2027-03-07T22:00"), paris("2027-03-08T10:00"), paris("2027-03-10T11:00"),
                paris("2027-03-14T21:00"), paris("2027-03-15T00:00"),
            ]
        )
        try fixture.sessions(gym: marseille, at: [paris("2027-03-09T10:00")])

        try fixture.summary(gym: lyon, at: paris("2027-03-07T21:00"), sentiment: "negative", score: -0.9, topics: ["douches"])
        try fixture.summary(gym: lyon, at: paris("2027-03-08T10:05"), sentiment: "positive", score: 0.8, topics: ["horaires", "cours collectifs"])
        try fixture.summary(gym: lyon, at: paris("2027-03-10T11:05"), sentiment: "positive", score: 0.6, topics: ["horaires", "parking"])
        try fixture.summary(gym: lyon, at: paris("2027-03-11T09:00"), sentiment: "neutral", score: 0.1, topics: ["horaires"])
        try fixture.summary(gym: lyon, at: paris("2027-03-12T12:00"), sentiment: "positive", score: 0.9, topics: ["tarifs", "horaires", "horaires"])
        try fixture.summary(
            gym: lyon,
            at: paris("2027-03-14T21:05"),
            sentiment: "negative",
            score: -0.3,
            topics: ["douches", "parking", "abonnement"]
        )
        try fixture.summary(gym: marseille, at: paris("2027-03-09T10:05"), sentiment: "negative", score: -1, topics: ["douches"])

        try fixture.analytics(member: alice, score: 0.10, level: "low")
        try fixture.analytics(member: bruno, score: 0.35, level: "medium")
        try fixture.analytics(member: david, score: 0.80, level: "critical")
        try fixture.analytics(member: emma, score: 0.65, level: "high")  // inactive: not counted
        try fixture.analytics(member: farid, score: 0.90, level: "critical")  // joined after the week: not counted
        try fixture.analytics(member: gaelle, score: 0.55, level: "high")
        try fixture.analytics(member: ines, score: 0.60, level: "high")
        try fixture.analytics(member: jules, score: 0.00, level: "low")
        try fixture.analytics(member: zoe, score: 0.95, level: "critical")  // another gym

        // Kiosks: the reception one silent for 24 buckets (4 hours); the cardio one created on
        // Friday 13:00 (bucket 654) and up since; one still being set up.
        let start = paris("2027-03-08T00:00")
        let end = paris("2027-03-15T00:00")
        let accueil = try fixture.kiosk(gym: lyon, slug: "lyon-accueil", name: "Accueil", created: paris("2027-01-01T10:00"))
        try fixture.heartbeats(
            kiosk: accueil,
            at: (0..<1008).filter { !(500..<524).contains($0) }.map { start.addingTimeInterval(Double($0) * 600 + 120) }
                + [start.addingTimeInterval(300), start.addingTimeInterval(-1), end]
        )
        let cardio = try fixture.kiosk(gym: lyon, slug: "lyon-cardio", name: "Espace cardio", created: instant("2027-03-12T12:00:00Z"))
        try fixture.heartbeats(kiosk: cardio, at: (653..<1008).map { start.addingTimeInterval(Double($0) * 600 + 30) })
        let vestiaires = try fixture.kiosk(
            gym: lyon,
            slug: "lyon-vestiaires",
            name: "Vestiaires",
            status: "provisioning",
            created: paris("2027-01-01T10:00")
        )
        try fixture.heartbeats(kiosk: vestiaires, at: [paris("2027-03-09T10:00")])

        try fixture.alert(gym: lyon, type: "job_failed", at: paris("2027-03-05T10:00"))
        try fixture.alert(gym: lyon, type: "churn_risk", at: paris("2027-03-09T10:00"))
        try fixture.alert(gym: lyon, type: "kiosk_offline", at: paris("2027-03-10T10:00"))
        try fixture.alert(gym: lyon, type: "churn_risk", at: paris("2027-03-11T10:00"))
        try fixture.alert(gym: marseille, type: "kiosk_offline", at: paris("2027-03-10T10:00"))
        return fixture
    }

    @Test func everyMetricOfAHandCountedWeek() async throws {
        let fixture = try Self.weekFixture()
        let run = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        #expect(run.status == .succeeded)
        let report = try #require(try Self.report(fixture, gym: "lyon"))
        let metrics = report.metrics

        #expect(
            metrics.window
                == WeeklyMetrics.Window(
                    isoWeek: "2027-W10",
                    timeZone: "Europe/Paris",
                    firstDay: "2027-03-08",
                    lastDay: "2027-03-14",
                    startUTC: "2027-03-07T23:00:00.000Z",
                    endUTC: "2027-03-14T23:00:00.000Z",
                    hours: 168
                )
        )
        #expect(metrics.conversations == 3)
        #expect(metrics.sentiment == WeeklyMetrics.Sentiment(summaries: 5, mean: 0.42, positive: 3, neutral: 1, negative: 1))
        #expect(
            metrics.topTopics == [
                .init(topic: "horaires", count: 4), .init(topic: "parking", count: 2), .init(topic: "abonnement", count: 1),
                .init(topic: "cours collectifs", count: 1), .init(topic: "douches", count: 1),
            ]
        )
        #expect(metrics.members == WeeklyMetrics.Members(active: 7, new: 2, lapsed: 2))
        #expect(
            metrics.visits
                == WeeklyMetrics.Visits(
                    total: 8,
                    uniqueVisitors: 4,
                    previousTotal: 12,
                    previousUniqueVisitors: 4,
                    changePercent: -33.3,
                    uniqueVisitorsChangePercent: 0,
                    perDay: [3, 1, 2, 1, 0, 0, 1],
                    previousPerDay: [2, 2, 1, 2, 1, 2, 2]
                )
        )
        #expect(metrics.churn == WeeklyMetrics.ChurnCounts(low: 2, medium: 1, high: 2, critical: 1, unscored: 1))
        #expect(metrics.atRiskMembers.map(\.displayName) == ["David L.", "Inès F.", "Gaëlle M."])
        #expect(metrics.atRiskMembers.map(\.score) == [0.8, 0.6, 0.55])
        #expect(metrics.atRiskMembers.map(\.level) == ["critical", "high", "high"])
        #expect(
            metrics.kioskUptime
                == WeeklyMetrics.KioskUptime(
                    weekBuckets: 1008,
                    overallPercent: 98.24,
                    upBuckets: 1338,
                    buckets: 1362,
                    kiosks: [
                        .init(slug: "lyon-accueil", name: "Accueil", status: "online", buckets: 1008, upBuckets: 984, uptimePercent: 97.62),
                        .init(slug: "lyon-cardio", name: "Espace cardio", status: "online", buckets: 354, upBuckets: 354, uptimePercent: 100),
                    ]
                )
        )
        #expect(metrics.alerts == WeeklyMetrics.Alerts(total: 3, byType: ["churn_risk": 2, "kiosk_offline": 1, "job_failed": 0]))

        #expect(
            report.insights == [
                ReportInsight(type: .sentiment, severity: .positive, message: "Sentiment très positif cette semaine (0,42)."),
                ReportInsight(
                    type: .churn,
                    severity: .warning,
                    message: "3 membres à risque : les contacter en priorité (David L., Inès F., Gaëlle M.)."
                ),
                ReportInsight(
                    type: .visits,
                    severity: .warning,
                    message: "Fréquentation en baisse de 33,3\(Self.nbsp)% par rapport à la semaine précédente (8 visites contre 12)."
                ),
                ReportInsight(
                    type: .kiosks,
                    severity: .warning,
                    message:
                        "Disponibilité des kiosks de 98,24\(Self.nbsp)% cette semaine (objectif 99\(Self.nbsp)%) : le moins disponible est «\(Self.nbsp)Accueil\(Self.nbsp)» (lyon-accueil, 97,62\(Self.nbsp)%)."
                ),
            ]
        )
    }

    @Test func theRowTheLogAndTheDetails() async throws {
        let fixture = try Self.weekFixture()
        let run = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        let details = try #require(run.summaryValue)
        #expect(details["total"] == 2)
        #expect(details["generated"] == 2)
        #expect(details["errors"] == 0)
        #expect(details["weeks"] == ["2027-W10"])

        let rows = try fixture.rows(
            """
            SELECT g.slug, r.report_type, r.period_start, r.period_end, r.title, r.generated_at, r.metrics, r.insights
            FROM insights_reports r JOIN gyms g ON g.id = r.gym_id ORDER BY g.slug
            """
        )
        #expect(rows.map { $0["slug"] as String } == ["lyon", "marseille"])
        let lyon = try #require(rows.first)
        #expect(lyon["report_type"] as String == "weekly")
        #expect(lyon["period_start"] as String == "2027-03-08")
        #expect(lyon["period_end"] as String == "2027-03-14")
        #expect(lyon["title"] as String == "Rapport Hebdomadaire - Semaine du 08/03/2027")
        #expect(lyon["generated_at"] as String == "2027-03-15T05:00:00.000Z")
        let metrics = try #require(JSONValue(jsonText: lyon["metrics"]))
        #expect(metrics["visits"]?["perDay"] == [3, 1, 2, 1, 0, 0, 1])
        #expect(metrics["sentiment"]?["mean"] == 0.42)
        #expect(metrics["members"]?["new"] == 2)
        #expect(metrics["kioskUptime"]?["overallPercent"] == 98.24)
        #expect(JSONValue(jsonText: lyon["insights"])?.arrayCount == 4)

        let log = try #require(try fixture.rows("SELECT log_type, level, message, details FROM system_logs").first)
        #expect(log["log_type"] as String == "cron_weekly_reports")
        #expect(log["message"] as String == "Rapports hebdomadaires générés")
        #expect(JSONValue(jsonText: log["details"])?["generated"] == 2)
    }

    @Test func absentDataGivesNullsNotMissingKeys() async throws {
        // Marseille has no visit the week before, no kiosk and one summary.
        let fixture = try Self.weekFixture()
        _ = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        let text: String = try #require(
            try fixture.rows("SELECT metrics FROM insights_reports r JOIN gyms g ON g.id = r.gym_id WHERE g.slug = 'marseille'").first?["metrics"]
        )
        #expect(text.contains(#""changePercent":null"#))
        #expect(text.contains(#""overallPercent":null"#))
        #expect(text.contains(#""kiosks":[]"#))
        let report = try #require(try Self.report(fixture, gym: "marseille"))
        #expect(report.metrics.visits.total == 1)
        #expect(report.metrics.churn.critical == 1)
        #expect(report.insights.map(\.type) == [.sentiment, .churn])
        #expect(report.insights.first?.message == "Sentiment négatif cette semaine (-1,00) : 1 conversation négative sur 1, à examiner.")
    }

    @Test func aLateTuesdayRunReplacesTheMondayReportOfTheSameWeek() async throws {
        let fixture = try Self.weekFixture()
        _ = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        let lyon = try fixture.rows("SELECT id FROM gyms WHERE slug = 'lyon'").first!["id"] as Int64
        let bruno = try fixture.rows("SELECT id FROM members WHERE first_name = 'Bruno'").first!["id"] as Int64
        try fixture.visits(member: bruno, at: [Self.paris("2027-03-12T07:00")])
        // A run of the same slot, late on Tuesday: same week, the new visit counted, one row.
        _ = try await fixture.run(WeeklyReportsJob(), at: Self.paris("2027-03-16T23:30"))
        let rows = try fixture.rows("SELECT period_start, generated_at FROM insights_reports WHERE gym_id = ?", [lyon])
        #expect(rows.count == 1)
        #expect(rows.first?["period_start"] as String? == "2027-03-08")
        #expect(rows.first?["generated_at"] as String? == "2027-03-16T22:30:00.000Z")
        let report = try #require(try Self.report(fixture, gym: "lyon"))
        #expect(report.metrics.visits.total == 9)
        #expect(report.metrics.visits.perDay == [3, 1, 2, 1, 1, 0, 1])
        #expect(report.metrics.visits.changePercent == -25)
        #expect(try fixture.rows("SELECT count(*) AS n FROM insights_reports").first?["n"] as Int? == 2)
    }

    @Test func aGymThatFailsIsCountedAndTheOthersAreStillReported() async throws {
        let fixture = try DomainFixture(now: Self.slot)
        try fixture.gym("lyon")
        try fixture.gym("atlantide", zone: "Atlantis/Capital")
        try fixture.gym("nice")
        let run = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        #expect(run.status == .succeeded)
        let details = try #require(run.summaryValue)
        #expect(details["total"] == 3)
        #expect(details["generated"] == 2)
        #expect(details["errors"] == 1)
        #expect(details["failedGyms"] == ["atlantide"])
        #expect(
            try fixture.rows("SELECT g.slug FROM insights_reports r JOIN gyms g ON g.id = r.gym_id ORDER BY g.slug").map { $0["slug"] as String } == [
                "lyon", "nice",
            ]
        )
    }

    @Test func inactiveGymsAreSkipped() async throws {
        let fixture = try DomainFixture(now: Self.slot)
        try fixture.gym("grenoble", status: "inactive")
        let run = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        #expect(run.summaryValue?["total"] == 0)
        #expect(run.summaryValue?["generated"] == 0)
        #expect(try fixture.rows("SELECT id FROM insights_reports").isEmpty)
    }

    @Test func progressCountsGymsDoneOfTotal() async throws {
        let fixture = try DomainFixture(now: Self.slot)
        for slug in ["lyon", "nice", "brest"] { try fixture.gym(slug) }
        let seen = Mutex<[String]>([])
        let harness = try Harness(jobs: [WeeklyReportsJob()], clock: FixedClock(now: Self.slot), database: fixture.database)
        let request = RunRequest(
            job: "weekly-reports",
            trigger: .cli,
            slot: Self.slot,
            slotLocal: "test",
            settings: RunSettings(timeZone: Harness.paris)
        )
        _ = try await harness.runner.run(request, progress: JobProgress { done, total in seen.withLock { $0.append("\(done)/\(total)") } })
        #expect(seen.withLock { $0 } == ["0/3", "1/3", "2/3", "3/3"])
    }

    @Test func theTopAtRiskListHoldsTheFiveHighestScores() async throws {
        let fixture = try DomainFixture(now: Self.slot)
        let gym = try fixture.gym("lyon")
        let scores: [(String, Double, String)] = [
            ("Anna Abel", 0.5, "high"), ("Basile Bon", 0.9, "critical"), ("Carla Cruz", 0.7, "critical"), ("Denis Dor", 0.65, "high"),
            ("Elsa Emery", 0.95, "critical"), ("Fanny Fort", 0.55, "high"), ("Gilles Gai", 0.45, "medium"),
        ]
        for (name, score, level) in scores {
            try fixture.analytics(member: try fixture.member(gym: gym, name: name, since: Self.paris("2026-01-01T10:00")), score: score, level: level)
        }
        _ = try await fixture.run(WeeklyReportsJob(), at: Self.slot)
        let report = try #require(try Self.report(fixture, gym: "lyon"))
        #expect(report.metrics.atRiskMembers.map(\.displayName) == ["Elsa E.", "Basile B.", "Carla C.", "Denis D.", "Fanny F."])
        #expect(report.metrics.churn.atRisk == 6)
        #expect(
            report.insights.first { $0.type == .churn }?.message
                == "6 membres à risque : contacter en priorité les 5 plus exposés (Elsa E., Basile B., Carla C., Denis D., Fanny F.)."
        )
    }
}

@Suite("Weekly reports across calendars")
struct WeeklyReportCalendarTests {
    static func report(_ fixture: DomainFixture, gym slug: String) throws -> WeeklyReport {
        try #require(try WeeklyReportsJobTests.report(fixture, gym: slug))
    }

    /// A kiosk beating once every 10 minutes from `start` (Monday 00:00 local) to `end`.
    static func steadyKiosk(_ fixture: DomainFixture, gym: Int64, from start: Date, to end: Date) throws {
        let kiosk = try fixture.kiosk(gym: gym, slug: "k-\(gym)", name: "Accueil", created: start.addingTimeInterval(-86_400 * 30))
        try fixture.heartbeats(kiosk: kiosk, at: Array(stride(from: start.addingTimeInterval(60), to: end, by: 600)))
    }

    @Test func theSpringWeekCountsItsShortSundayAnd1002Buckets() async throws {
        // 2027-W12: Monday 22 to Sunday 28 March; at 02:00 on the Sunday clocks go to 03:00.
        let slot = instant("2027-03-29T06:00:00+02:00")
        let fixture = try DomainFixture(now: slot)
        let gym = try fixture.gym("lyon")
        let member = try fixture.member(gym: gym, name: "Léa Petit", since: instant("2026-01-01T10:00:00+01:00"))
        try fixture.visits(
            member: member,
            at: [
                instant("2027-03-27T23:30:00+01:00"),  // Saturday
                instant("2027-03-28T00:30:00+01:00"), instant("2027-03-28T01:30:00+01:00"),  // Sunday, before the change
                instant("2027-03-28T03:30:00+02:00"), instant("2027-03-28T23:30:00+02:00"),  // Sunday, after it
                instant("2027-03-29T00:00:00+02:00"),  // next Monday: out
            ]
        )
        try Self.steadyKiosk(fixture, gym: gym, from: instant("2027-03-22T00:00:00+01:00"), to: instant("2027-03-29T00:00:00+02:00"))
        _ = try await fixture.run(WeeklyReportsJob(), at: slot)
        let metrics = try Self.report(fixture, gym: "lyon").metrics
        #expect(metrics.window.isoWeek == "2027-W12")
        #expect(metrics.window.hours == 167)
        #expect(metrics.window.endUTC == "2027-03-28T22:00:00.000Z")
        #expect(metrics.visits.perDay == [0, 0, 0, 0, 0, 1, 4])
        #expect(metrics.kioskUptime.weekBuckets == 1002)
        #expect(metrics.kioskUptime.kiosks.map(\.buckets) == [1002])
        #expect(metrics.kioskUptime.kiosks.map(\.upBuckets) == [1002])
        #expect(metrics.kioskUptime.overallPercent == 100)
    }

    @Test func theAutumnWeekCountsItsLongSundayAnd1014Buckets() async throws {
        // 2027-W43: Monday 25 to Sunday 31 October; at 03:00 on the Sunday clocks go back to 02:00.
        let slot = instant("2027-11-01T06:00:00+01:00")
        let fixture = try DomainFixture(now: slot)
        let gym = try fixture.gym("lyon")
        let member = try fixture.member(gym: gym, name: "Léa Petit", since: instant("2026-01-01T10:00:00+01:00"))
        try fixture.visits(
            member: member,
            at: [
                instant("2027-10-31T02:30:00+02:00"), instant("2027-10-31T02:30:00+01:00"),  // the same wall time twice
                instant("2027-10-31T23:30:00+01:00"),
                instant("2027-10-25T00:00:00+02:00"),  // Monday 00:00 sharp
                instant("2027-10-24T23:59:00+02:00"),  // the Sunday before: previous week
            ]
        )
        try Self.steadyKiosk(fixture, gym: gym, from: instant("2027-10-25T00:00:00+02:00"), to: instant("2027-11-01T00:00:00+01:00"))
        _ = try await fixture.run(WeeklyReportsJob(), at: slot)
        let metrics = try Self.report(fixture, gym: "lyon").metrics
        #expect(metrics.window.isoWeek == "2027-W43")
        #expect(metrics.window.hours == 169)
        #expect(metrics.visits.perDay == [1, 0, 0, 0, 0, 0, 3])
        #expect(metrics.visits.previousPerDay == [0, 0, 0, 0, 0, 0, 1])
        #expect(metrics.kioskUptime.weekBuckets == 1014)
        #expect(metrics.kioskUptime.kiosks.map(\.upBuckets) == [1014])
    }

    @Test func week53SpansTheNewYear() async throws {
        let slot = instant("2027-01-04T06:00:00+01:00")
        let fixture = try DomainFixture(now: slot)
        let gym = try fixture.gym("lyon")
        let member = try fixture.member(gym: gym, name: "Léa Petit", since: instant("2026-01-01T10:00:00+01:00"))
        try fixture.visits(
            member: member,
            at: [instant("2026-12-31T18:00:00+01:00"), instant("2027-01-01T11:00:00+01:00"), instant("2027-01-03T10:00:00+01:00")]
        )
        _ = try await fixture.run(WeeklyReportsJob(), at: slot)
        let row = try #require(try fixture.rows("SELECT period_start, period_end, title FROM insights_reports").first)
        #expect(row["period_start"] as String == "2026-12-28")
        #expect(row["period_end"] as String == "2027-01-03")
        #expect(row["title"] as String == "Rapport Hebdomadaire - Semaine du 28/12/2026")
        let report = try Self.report(fixture, gym: "lyon")
        #expect(report.period.week.description == "2026-W53")
        #expect(report.metrics.visits.perDay == [0, 0, 0, 1, 1, 0, 1])
    }

    @Test func aGymInMartiniqueReportsItsOwnLocalWeek() async throws {
        let slot = instant("2027-03-22T06:00:00+01:00")  // Monday 01:00 in Martinique
        let fixture = try DomainFixture(now: slot)
        let lyon = try fixture.gym("lyon")
        let fortDeFrance = try fixture.gym("fort-de-france", zone: "America/Martinique")
        let lea = try fixture.member(gym: lyon, name: "Léa Petit", since: instant("2026-01-01T10:00:00+01:00"))
        let marc = try fixture.member(gym: fortDeFrance, name: "Marc Jean", since: instant("2026-01-01T10:00:00-04:00"))
        let late = instant("2027-03-22T02:00:00Z")  // Sunday 22:00 in Martinique, Monday 03:00 in Paris
        let early = instant("2027-03-15T03:30:00Z")  // Sunday 23:30 in Martinique (previous week), Monday 04:30 in Paris
        try fixture.visits(member: lea, at: [late, early])
        try fixture.visits(member: marc, at: [late, early])
        _ = try await fixture.run(WeeklyReportsJob(), at: slot)

        let paris = try Self.report(fixture, gym: "lyon").metrics
        let martinique = try Self.report(fixture, gym: "fort-de-france").metrics
        #expect(paris.window.isoWeek == "2027-W11")
        #expect(martinique.window.isoWeek == "2027-W11")
        #expect(martinique.window.startUTC == "2027-03-15T04:00:00.000Z")
        #expect(martinique.window.endUTC == "2027-03-22T04:00:00.000Z")
        #expect(martinique.visits.perDay == [0, 0, 0, 0, 0, 0, 1])
        #expect(martinique.visits.previousPerDay == [0, 0, 0, 0, 0, 0, 1])
        #expect(paris.visits.perDay == [1, 0, 0, 0, 0, 0, 0])
        #expect(paris.visits.previousPerDay == [0, 0, 0, 0, 0, 0, 0])

        // At 00:30 on Monday in Paris it is still Sunday in Martinique: its last complete week is W10.
        _ = try await fixture.run(WeeklyReportsJob(), at: instant("2027-03-22T00:30:00+01:00"))
        let weeks = try fixture.rows(
            "SELECT g.slug, r.period_start FROM insights_reports r JOIN gyms g ON g.id = r.gym_id ORDER BY g.slug, r.period_start"
        )
        #expect(
            weeks.map { "\($0["slug"] as String) \($0["period_start"] as String)" } == [
                "fort-de-france 2027-03-08", "fort-de-france 2027-03-15", "lyon 2027-03-15",
            ]
        )
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
