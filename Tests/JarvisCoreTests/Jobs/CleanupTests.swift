import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("GDPR cleanup")
struct CleanupTests {
    let now = instant("2027-06-15T04:00:00+02:00")
    let policy = RetentionPolicy()

    /// One row one second past each cut-off (to go) and one a second inside it (to stay).
    func seed(_ fixture: DomainFixture) async throws -> (kept: Int64, former: Int64, recent: Int64) {
        let gym = try fixture.gym()
        let kept = try fixture.member(gym: gym, name: "Inès Garcia")
        let kiosk = try fixture.kiosk(gym: gym, lastHeartbeat: -60)
        func both(_ period: RetentionPolicy.Period) -> (old: String, new: String) {
            let cutoff = period.cutoff(before: now)
            return (Timestamp.string(from: cutoff.addingTimeInterval(-1)), Timestamp.string(from: cutoff.addingTimeInterval(1)))
        }
        // Former members: one whose membership ended a second more than 3 years ago, one a second less.
        let formerEnd = policy.formerMembers.cutoff(before: now)
        let former = try fixture.member(gym: gym, name: "Jules Leroy", joinedDaysAgo: 2000, active: false)
        let recent = try fixture.member(gym: gym, name: "Zoé Morel", joinedDaysAgo: 2000, active: false)
        let events = both(policy.conversationEvents)
        let metadata = both(policy.sessionMetadata)
        let summaries = both(policy.conversationSummaries)
        let logs = both(policy.systemLogs)
        let heartbeats = both(policy.kioskHeartbeats)
        let visits = both(policy.memberVisits)
        let alerts = both(policy.closedAlerts)
        let stamp = Timestamp.string(from:)
        try await fixture.database.write { db in
            try db.execute(
                sql: "UPDATE members SET email = 'jules.leroy.gdpr-7f3a@example.fr', membership_expires = ? WHERE id = ?",
                arguments: [stamp(formerEnd.addingTimeInterval(-1)), former]
            )
            try db.execute(
                sql: "UPDATE members SET membership_expires = ? WHERE id = ?",
                arguments: [stamp(formerEnd.addingTimeInterval(1)), recent]
            )
            for (started, meta) in [(metadata.old, #"{"intent":"old"}"#), (metadata.new, #"{"intent":"new"}"#)] {
                try db.execute(
                    sql: "INSERT INTO voice_sessions (gym_id, kiosk_id, member_id, started_at, session_metadata) VALUES (?, ?, ?, ?, ?)",
                    arguments: [gym, kiosk, kept, started, meta]
                )
            }
            let session = db.lastInsertedRowID
            for time in [events.old, events.new] {
                try db.execute(
                    sql:
                        "INSERT INTO conversation_events (session_id, member_id, occurred_at, speaker, content) VALUES (?, ?, ?, 'member', 'Bonjour')",
                    arguments: [session, kept, time]
                )
            }
            for time in [summaries.old, summaries.new] {
                try db.execute(
                    sql:
                        "INSERT INTO conversation_summaries (member_id, gym_id, created_at, sentiment, sentiment_score) VALUES (?, ?, ?, 'neutral', 0)",
                    arguments: [kept, gym, time]
                )
            }
            for time in [logs.old, logs.new] {
                try db.execute(
                    sql: "INSERT INTO system_logs (timestamp, log_type, level, message) VALUES (?, 'cron_test', 'info', 'x')",
                    arguments: [time]
                )
            }
            for time in [heartbeats.old, heartbeats.new] {
                try db.execute(sql: "INSERT INTO kiosk_heartbeats (kiosk_id, received_at) VALUES (?, ?)", arguments: [kiosk, time])
            }
            for time in [visits.old, visits.new] {
                try db.execute(sql: "INSERT INTO member_visits (member_id, gym_id, visited_at) VALUES (?, ?, ?)", arguments: [kept, gym, time])
            }
            for (index, time) in [alerts.old, alerts.new].enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO manager_alerts (gym_id, member_id, alert_type, priority, status, title, dedup_key, created_at, updated_at, resolved_at)
                        VALUES (?, ?, 'churn_risk', 'high', 'resolved', 'Risque de départ élevé : Inès Garcia', ?, ?, ?, ?)
                        """,
                    arguments: [gym, kept, "churn:old\(index)", time, time, time]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, member_id, alert_type, priority, status, title, message, dedup_key, created_at, updated_at)
                    VALUES (?, ?, 'churn_risk', 'high', 'open', 'Risque de départ élevé : Jules Leroy', 'Score 0,55', 'churn:former', ?, ?)
                    """,
                arguments: [gym, former, stamp(now), stamp(now)]
            )
            for (expires, member) in [(stamp(now.addingTimeInterval(-1)), kept), (stamp(now.addingTimeInterval(1)), kept)] {
                try db.execute(
                    sql: "INSERT INTO member_facts (member_id, category, fact, created_at, expires_at) VALUES (?, 'goal', 'Semi-marathon', ?, ?)",
                    arguments: [member, stamp(now.addingTimeInterval(-86_400)), expires]
                )
            }
            // What the former member left behind: a fact, a summary and a transcript line.
            try db.execute(
                sql: "INSERT INTO member_facts (member_id, category, fact, created_at) VALUES (?, 'health', 'Genou fragile', ?)",
                arguments: [former, stamp(now)]
            )
            try db.execute(
                sql:
                    "INSERT INTO conversation_summaries (member_id, gym_id, created_at, sentiment, sentiment_score) VALUES (?, ?, ?, 'negative', -0.5)",
                arguments: [former, gym, stamp(now)]
            )
            try db.execute(
                sql: "INSERT INTO conversation_events (session_id, member_id, occurred_at, speaker, content) VALUES (?, ?, ?, 'member', 'Je pars')",
                arguments: [session, former, stamp(now)]
            )
        }
        return (kept, former, recent)
    }

    @Test func everyCutOffDeletesTheRowASecondPastItAndKeepsTheOneInside() async throws {
        let fixture = try DomainFixture(now: now)
        let (_, former, recent) = try await seed(fixture)
        let run = try await fixture.run(CleanupJob(batchSize: 1))
        #expect(run.status == .succeeded)
        let details = try #require(run.summaryValue)
        for key in [
            "conversationEvents", "sessionMetadata", "conversationSummaries", "systemLogs", "kioskHeartbeats", "memberVisits", "closedAlerts",
            "expiredFacts", "membersAnonymized",
        ] {
            #expect(details[key] == 1, "\(key): \(details[key]?.jsonText ?? "nil")")
        }
        #expect(details["anonymizedFacts"] == 1)
        #expect(details["anonymizedSummaries"] == 1)
        #expect(details["anonymizedEvents"] == 1)
        #expect(details["errors"] == 0)

        func left(_ sql: String) throws -> [String] { try fixture.rows(sql).map { $0[0] as String } }
        let inside = { (period: RetentionPolicy.Period) in Timestamp.string(from: period.cutoff(before: now).addingTimeInterval(1)) }
        #expect(try left("SELECT occurred_at FROM conversation_events") == [inside(policy.conversationEvents)])
        #expect(try left("SELECT session_metadata FROM voice_sessions ORDER BY started_at") == ["{}", #"{"intent":"new"}"#])
        #expect(try left("SELECT created_at FROM conversation_summaries") == [inside(policy.conversationSummaries)])
        #expect(try left("SELECT timestamp FROM system_logs WHERE log_type = 'cron_test'") == [inside(policy.systemLogs)])
        #expect(try left("SELECT received_at FROM kiosk_heartbeats") == [inside(policy.kioskHeartbeats)])
        #expect(try left("SELECT visited_at FROM member_visits") == [inside(policy.memberVisits)])
        #expect(try left("SELECT dedup_key FROM manager_alerts ORDER BY id") == ["churn:old1", "churn:former"])
        #expect(try left("SELECT expires_at FROM member_facts") == [Timestamp.string(from: now.addingTimeInterval(1))])

        // The former member is anonymised: identity blank, his alert scrubbed; the other stays.
        let members = try fixture.rows(
            "SELECT id, badge_id, first_name, email, phone, anonymized_at FROM members WHERE id IN (?, ?) ORDER BY id",
            [former, recent]
        )
        #expect(members[0]["badge_id"] == nil as String?)
        #expect(members[0]["first_name"] == nil as String?)
        #expect(members[0]["email"] == nil as String?)
        #expect(members[0]["phone"] == nil as String?)
        #expect(members[0]["anonymized_at"] == Timestamp.string(from: now))
        #expect(members[1]["first_name"] == "Zoé")
        #expect(members[1]["anonymized_at"] == nil as String?)
        #expect(try left("SELECT title FROM manager_alerts WHERE member_id = \(former)") == ["Membre anonymisé"])
    }

    @Test func aSecondRunFindsNothingLeftToDo() async throws {
        let fixture = try DomainFixture(now: now)
        _ = try await seed(fixture)
        _ = try await fixture.run(CleanupJob())
        let again = try await fixture.run(CleanupJob())
        #expect(again.summaryValue?["deletedTotal"] == 0)
    }

    /// Batches resume after the last row they handled, by time then id: rows sharing one
    /// timestamp across a batch boundary, and rows a rule keeps in between, are neither
    /// skipped nor counted twice.
    @Test func smallBatchesOverEqualTimestampsMissNoRow() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let member = try fixture.member(gym: gym)
        let kiosk = try fixture.kiosk(gym: gym, lastHeartbeat: -60)
        let old = Timestamp.string(from: policy.sessionMetadata.cutoff(before: now).addingTimeInterval(-3600))
        let older = Timestamp.string(from: policy.sessionMetadata.cutoff(before: now).addingTimeInterval(-7200))
        try await fixture.database.write { db in
            // 7 sessions at one instant, 3 already empty among them, then 4 an hour earlier.
            for index in 0..<11 {
                let metadata = [2, 4, 6].contains(index) ? "{}" : #"{"intent":"x"}"#
                try db.execute(
                    sql: "INSERT INTO voice_sessions (gym_id, kiosk_id, member_id, started_at, session_metadata) VALUES (?, ?, ?, ?, ?)",
                    arguments: [gym, kiosk, member, index < 7 ? old : older, metadata]
                )
            }
        }
        let run = try await fixture.run(CleanupJob(batchSize: 2))
        #expect(run.summaryValue?["sessionMetadata"] == 8)
        #expect(try fixture.rows("SELECT count(*) FROM voice_sessions WHERE session_metadata <> '{}'")[0][0] as Int == 0)
    }

    @Test func aDryRunCountsEachCategoryAndDeletesNothing() async throws {
        let fixture = try DomainFixture(now: now)
        _ = try await seed(fixture)
        let before = try fixture.rows(
            "SELECT (SELECT count(*) FROM conversation_events) + (SELECT count(*) FROM member_visits) + (SELECT count(*) FROM members WHERE anonymized_at IS NULL)"
        )
        let plan = try await CleanupJob().plan(database: fixture.database, now: now)
        #expect(plan.map(\.category) == CleanupJob.categories)
        #expect(plan.map(\.rows) == Array(repeating: 1, count: 9))
        let after = try fixture.rows(
            "SELECT (SELECT count(*) FROM conversation_events) + (SELECT count(*) FROM member_visits) + (SELECT count(*) FROM members WHERE anonymized_at IS NULL)"
        )
        #expect(before == after)
    }

    @Test func anAnonymisedMembersEmailIsGoneFromTheFileItself() async throws {
        let file = try TemporaryDatabase()
        let fixture = try DomainFixture(now: now, database: file.database)
        _ = try await seed(fixture)
        let email = Data("jules.leroy.gdpr-7f3a@example.fr".utf8)
        func fileBytes() throws -> Data {
            _ = try file.database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
            bytes.append((try? Data(contentsOf: URL(fileURLWithPath: file.path + "-wal"))) ?? Data())
            return bytes
        }
        // The check can fail: before the cleanup, the address is in the file.
        #expect(try fileBytes().range(of: email) != nil)
        _ = try await fixture.run(CleanupJob())
        #expect(try fileBytes().range(of: email) == nil)
        #expect(try fileBytes().range(of: Data("Genou fragile".utf8)) == nil)
    }

    @Test func periodsComeFromTheConfigurationsRetentionSection() throws {
        let policy = try RetentionPolicy(json: ["conversationEvents": "60d", "formerMembers": "5y", "memberVisits": "24m"])
        #expect(policy.conversationEvents == .init(60, .days))
        #expect(policy.formerMembers == .init(5, .years))
        #expect(policy.memberVisits == .init(24, .months))
        #expect(policy.systemLogs == .init(180, .days))
        #expect(RetentionPolicy.Period(13, .months).cutoff(before: instant("2027-03-31T00:00:00Z")) == instant("2026-02-28T00:00:00Z"))
        #expect(
            throws: ConfigurationError(
                setting: "retention.transcripts",
                reason: "unknown period; known: \(RetentionPolicy.keys.joined(separator: ", "))"
            )
        ) {
            try RetentionPolicy(json: ["transcripts": "30d"])
        }
        #expect(throws: ConfigurationError(setting: "retention.systemLogs", reason: "'six months' is not a period such as 90d, 13m or 3y")) {
            try RetentionPolicy(json: ["systemLogs": "six months"])
        }
    }
}

@Suite("Configuration file")
struct ConfigurationFileTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jarvis-config-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theRetentionSectionReachesTheCleanupJob() async throws {
        let path = try write(#"{"retention": {"conversationEvents": "60d", "formerMembers": "5y"}}"#)
        let configuration = try AppConfiguration.resolve(flags: .init(configFile: path), environment: [:], systemTimeZone: Harness.paris)
        #expect(configuration.retention.conversationEvents == .init(60, .days))
        #expect(configuration.retention.formerMembers == .init(5, .years))
        let appliance = Appliance(
            configuration: configuration,
            database: try AppDatabase.inMemory(),
            clock: FixedClock(now: Date(timeIntervalSince1970: 0)),
            logger: .init(label: "test")
        )
        #expect((appliance.registry["cleanup-old-data"] as? CleanupJob)?.retention == configuration.retention)
    }

    @Test func theFileCanComeFromTheEnvironment() throws {
        let path = try write(#"{"retention": {"systemLogs": "90d"}}"#)
        let configuration = try AppConfiguration.resolve(environment: ["JARVIS_CONFIG": path], systemTimeZone: Harness.paris)
        #expect(configuration.retention.systemLogs == .init(90, .days))
    }

    @Test func aBadFileIsRefusedByName() throws {
        let unknown = try write(#"{"retention": {}, "jobs": {}}"#)
        #expect(throws: ConfigurationError(setting: "--config", reason: "\(unknown): unknown section 'jobs'; known: retention")) {
            try AppConfiguration.resolve(flags: .init(configFile: unknown), environment: [:], systemTimeZone: Harness.paris)
        }
        let garbage = try write("retention = 90d")
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.resolve(environment: ["JARVIS_CONFIG": garbage], systemTimeZone: Harness.paris)
        }
        #expect(throws: ConfigurationError(setting: "retention.systemLogs", reason: "'forever' is not a period such as 90d, 13m or 3y")) {
            try AppConfiguration.resolve(
                flags: .init(configFile: try write(#"{"retention": {"systemLogs": "forever"}}"#)),
                environment: [:],
                systemTimeZone: Harness.paris
            )
        }
        #expect(throws: ConfigurationError(setting: "JARVIS_CONFIG", reason: "cannot read /nonexistent/jarvis.json")) {
            try AppConfiguration.resolve(environment: ["JARVIS_CONFIG": "/nonexistent/jarvis.json"], systemTimeZone: Harness.paris)
        }
    }
}
