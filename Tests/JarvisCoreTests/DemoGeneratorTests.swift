import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Demo generator")
struct DemoGeneratorTests {
    private static let small = DemoGenerator.Options(gyms: 3, membersPerGym: 40, days: 20, seed: 7)
    private static let until = DemoFixture.until
    private static let day: TimeInterval = 86_400

    // MARK: Determinism

    @Test func sameOptionsSeedAndEndGiveByteIdenticalContent() async throws {
        let first = try await DemoFixture.database(options: Self.small).read(Dump.content)
        let second = try await DemoFixture.database(options: Self.small).read(Dump.content)
        #expect(first.count > 1000)
        #expect(first == second)
    }

    @Test func theEndInstantCountsToTheMinute() async throws {
        let first = try await DemoFixture.database(options: Self.small, until: Self.until).read(Dump.content)
        let second = try await DemoFixture.database(options: Self.small, until: Self.until + 59).read(Dump.content)
        let third = try await DemoFixture.database(options: Self.small, until: Self.until + 60).read(Dump.content)
        #expect(first == second)
        #expect(first != third)
    }

    @Test func anotherSeedGivesOtherContent() async throws {
        var other = Self.small
        other.seed = 8
        let first = try await DemoFixture.database(options: Self.small).read(Dump.content)
        let second = try await DemoFixture.database(options: other).read(Dump.content)
        #expect(first != second)
        #expect(Set(first).intersection(second).count < first.count / 2, "most rows differ, not a few")
    }

    // MARK: What it writes

    @Test func reportedCountsAreTheRowsInTheTables() async throws {
        let database = try AppDatabase.inMemory()
        let counts = try await DemoGenerator(options: Self.small, until: Self.until).generate(into: database)
        let rows = try await database.read { db in
            try [
                "gyms", "members", "member_visits", "kiosks", "kiosk_heartbeats", "voice_sessions",
                "conversation_events", "conversation_summaries", "member_facts",
            ].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)")! }
        }
        #expect(
            rows == [
                counts.gyms, counts.members, counts.visits, counts.kiosks, counts.heartbeats, counts.sessions,
                counts.events, counts.summaries, counts.facts,
            ]
        )
        #expect(counts.gyms == 3)
        #expect(counts.members == 120)
        #expect(counts.visits > 100 && counts.events > 100 && counts.heartbeats > 100)
    }

    @Test func leavesTheSchemaExactlyAsMigrated() async throws {
        let expected = try await AppDatabase.inMemory().read(SchemaEntry.all)
        let demo = try await DemoFixture.shared().read(SchemaEntry.all)
        #expect(demo == expected)
    }

    @Test func restoresTheConnectionSettingsOfAFileDatabase() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase.open(path: folder.file("demo.db"))
        let pragmas = "SELECT journal_mode, foreign_keys, synchronous FROM pragma_journal_mode, pragma_foreign_keys, pragma_synchronous"
        let before = try database.write { db in try Row.fetchOne(db, sql: pragmas)! }
        try await DemoGenerator(options: Self.small, until: Self.until).generate(into: database)
        let after = try database.write { db in try Row.fetchOne(db, sql: pragmas)! }
        #expect((before["journal_mode"] as String) == "wal")
        #expect(after == before)
        #expect(try database.check().isOK)
    }

    @Test func loadsAFileWhileAReaderOfTheSamePoolIsIdle() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase.open(path: folder.file("demo.db"))
        #expect(try await database.isEmptyOfGyms())
        let counts = try await DemoGenerator(options: Self.small, until: Self.until).generate(into: database)
        #expect(counts.gyms == 3)
        #expect(try await database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func loadsAFileThatAnotherConnectionHoldsOpen() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("demo.db")
        let database = try AppDatabase.open(path: path)
        let other = try DatabaseQueue(path: path)
        #expect(try await other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gyms") } == 0)

        let counts = try await DemoGenerator(options: Self.small, until: Self.until).generate(into: database)
        #expect(try await other.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM gyms") } == counts.gyms)
        #expect(try await other.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try database.check().isOK)
    }

    @Test func refusesADatabaseThatAlreadyHoldsGyms() async throws {
        let database = try await DemoFixture.database(options: Self.small)
        let before = try await database.read(Dump.content)
        await #expect(throws: DemoError.self) {
            try await DemoGenerator(options: Self.small, until: Self.until).generate(into: database)
        }
        #expect(try await database.read(Dump.content) == before)
    }

    // MARK: Realism

    @Test func gymsMixTwentyFourSevenParisAndOverseasZones() async throws {
        let gyms = try await DemoFixture.shared().read { db in
            try Row.fetchAll(db, sql: "SELECT timezone, opening_hours FROM gyms ORDER BY id")
        }
        let zones = gyms.map { $0["timezone"] as String }
        #expect(gyms.filter { ($0["opening_hours"] as String) == "\"24/7\"" }.count == 1)
        #expect(zones.filter { $0 == "Europe/Paris" }.count == 3)
        #expect(zones.contains("America/Martinique"))
    }

    @Test func membersMixActiveFormerAnonymisableAndEndingSoon() async throws {
        let untilText = Timestamp.string(from: Self.until)
        let threeYearsAgo = Timestamp.string(from: Self.until - 3 * 365 * Self.day)
        let inThirtyDays = Timestamp.string(from: Self.until + 30 * Self.day)
        let twentyOneDaysAgo = Timestamp.string(from: Self.until - 21 * Self.day)
        let row = try await DemoFixture.shared().read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS total,
                           count(*) FILTER (WHERE is_active = 0) AS inactive,
                           count(*) FILTER (WHERE is_active = 0 AND membership_expires < :threeYearsAgo) AS anonymisable,
                           count(*) FILTER (WHERE is_active = 1 AND membership_expires BETWEEN :until AND :inThirtyDays) AS endingSoon,
                           count(*) FILTER (WHERE is_active = 1 AND (last_visit IS NULL OR last_visit < :twentyOneDaysAgo)) AS away
                    FROM members
                    """,
                arguments: [
                    "threeYearsAgo": threeYearsAgo, "until": untilText,
                    "inThirtyDays": inThirtyDays, "twentyOneDaysAgo": twentyOneDaysAgo,
                ]
            )!
        }
        let total: Int = row["total"]
        #expect(total == 600)
        #expect((30...150).contains(row["inactive"] as Int), "about 12% are former members")
        #expect((5...40).contains(row["anonymisable"] as Int), "some ended more than three years ago")
        #expect((10...60).contains(row["endingSoon"] as Int), "about 5% end within 30 days")
        #expect((40...300).contains(row["away"] as Int), "some active members have not come for three weeks")
    }

    @Test func kioskStatusesAgreeWithTheirHeartbeats() async throws {
        let fiveMinutesAgo = Timestamp.string(from: Self.until - 300)
        let kiosks = try await DemoFixture.shared().read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT k.status, k.last_heartbeat, max(h.received_at) AS latest
                    FROM kiosks k LEFT JOIN kiosk_heartbeats h ON h.kiosk_id = k.id
                    GROUP BY k.id ORDER BY k.id
                    """
            )
        }
        #expect(kiosks.filter { ($0["status"] as String) == "maintenance" }.count == 1)
        #expect(kiosks.filter { ($0["status"] as String) == "provisioning" }.count == 1)
        let offline = kiosks.filter { ($0["status"] as String) == "offline" }
        #expect(!offline.isEmpty)
        for kiosk in kiosks {
            #expect((kiosk["last_heartbeat"] as String?) == (kiosk["latest"] as String?))
        }
        for kiosk in kiosks where (kiosk["status"] as String) == "online" {
            #expect((kiosk["last_heartbeat"] as String) >= fiveMinutesAgo, "an online kiosk beat in the last five minutes")
        }
        for kiosk in offline {
            #expect((kiosk["last_heartbeat"] as String) < fiveMinutesAgo, "an offline kiosk has a stale heartbeat")
        }
    }

    @Test func visitsAndSessionsHappenOnlyWhileTheGymIsOpenInItsOwnZone() async throws {
        let (gyms, events) = try await DemoFixture.shared().read { db in
            (
                try Row.fetchAll(db, sql: "SELECT id, timezone, opening_hours FROM gyms"),
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT gym_id, visited_at AS at FROM member_visits
                        UNION ALL SELECT gym_id, started_at FROM voice_sessions
                        """
                )
            )
        }
        var hours: [Int64: (zone: TimeZone, week: [ClosedRange<Int>?])] = [:]
        for gym in gyms {
            hours[gym["id"]] = (TimeZone(identifier: gym["timezone"])!, try OpeningHours.parse(gym["opening_hours"]))
        }
        var outside: [String] = []
        for event in events {
            let gym = hours[event["gym_id"] as Int64]!
            let instant = Timestamp.date(from: event["at"])!
            let local = Int(instant.timeIntervalSince1970) + gym.zone.secondsFromGMT(for: instant)
            let weekday = ((local / 86_400) + 3) % 7  // 0 = Monday: 1970-01-01 was a Thursday
            let minute = local % 86_400 / 60
            if gym.week[weekday]?.contains(minute) != true { outside.append("\(event["gym_id"] as Int64) \(event["at"] as String)") }
        }
        #expect(events.count > 3000)
        #expect(outside.isEmpty, "\(outside.prefix(5))")
    }

    @Test func visitsFallWithinMembershipAndLastVisitIsTheLatest() async throws {
        let problems = try await DemoFixture.shared().read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM members m
                    LEFT JOIN (SELECT member_id, min(visited_at) AS first, max(visited_at) AS latest
                               FROM member_visits GROUP BY member_id) v ON v.member_id = m.id
                    WHERE m.last_visit IS NOT v.latest
                       OR v.first < m.member_since
                       OR (m.is_active = 0 AND v.latest > m.membership_expires)
                    """
            )!
        }
        #expect(problems == 0)
    }

    @Test func sessionsFallWithinMembership() async throws {
        let problems = try await DemoFixture.shared().read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM voice_sessions s JOIN members m ON m.id = s.member_id
                    WHERE s.started_at < m.member_since OR (m.is_active = 0 AND s.started_at > m.membership_expires)
                    """
            )!
        }
        #expect(problems == 0)
    }

    @Test func negativeSummariesConcentrateOnAFewMembers() async throws {
        let ninetyDaysAgo = Timestamp.string(from: Self.until - 90 * Self.day)
        let negatives = try await DemoFixture.shared().read { db in
            try Int.fetchAll(
                db,
                sql: """
                    SELECT count(s.id) FROM members m
                    LEFT JOIN conversation_summaries s
                           ON s.member_id = m.id AND s.sentiment = 'negative' AND s.created_at >= ?
                    WHERE m.is_active = 1
                    GROUP BY m.id ORDER BY count(s.id) DESC
                    """,
                arguments: [ninetyDaysAgo]
            )
        }
        let total = negatives.reduce(0, +)
        let topTenth = negatives.prefix(negatives.count / 10).reduce(0, +)
        #expect(total > 50)
        #expect(Double(topTenth) > 0.5 * Double(total), "the unhappy tenth holds most negative summaries")
        #expect(negatives.filter { $0 > 5 }.count >= 5, "some members pass the churn rule's threshold")
        #expect(negatives[negatives.count / 2] <= 1, "the median member has at most one")
    }
}

/// The `opening_hours` column: `"24/7"`, or `{"mon": "06:00-21:00", ..., "sun": null}`.
private enum OpeningHours {
    struct Invalid: Error {}

    /// Minutes of the day the gym is open, Monday first; nil when closed.
    static func parse(_ json: String) throws -> [ClosedRange<Int>?] {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        if value as? String == "24/7" { return Array(repeating: 0...(24 * 60 - 1), count: 7) }
        guard let days = value as? [String: Any] else { throw Invalid() }
        return try ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { name in
            guard let text = days[name] as? String else { return nil }
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == ":" }).compactMap { Int($0) }
            guard parts.count == 4 else { throw Invalid() }
            return (parts[0] * 60 + parts[1])...(parts[2] * 60 + parts[3] - 1)
        }
    }
}
