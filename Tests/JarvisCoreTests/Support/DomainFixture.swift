import Foundation
import GRDB
import JarvisTestSupport

@testable import JarvisCore

/// Builds hand-made domain rows (gyms, members, visits, summaries, kiosks) relative to a
/// reference instant, for rule tests with exact expected values.
struct DomainFixture {
    let database: AppDatabase
    let now: Date

    init(now: Date, database: AppDatabase? = nil) throws {
        self.now = now
        self.database = try database ?? AppDatabase.inMemory()
    }

    func stamp(_ offset: TimeInterval) -> String { Timestamp.string(from: now.addingTimeInterval(offset)) }

    static let day: TimeInterval = 86_400

    @discardableResult
    func gym(_ slug: String = "lyon", zone: String = "Europe/Paris", hours: String = "\"24/7\"", status: String = "active") throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO gyms (slug, name, city, timezone, opening_hours, status) VALUES (?, ?, 'Lyon', ?, ?, ?)",
                arguments: [slug, "Jarvis Fitness \(slug)", zone, hours, status]
            )
            return db.lastInsertedRowID
        }
    }

    /// A member who joined `joinedDaysAgo` days before `now`.
    @discardableResult
    func member(
        gym: Int64,
        name: String = "Camille Martin",
        joinedDaysAgo: Double = 400,
        expiresInDays: Double? = nil,
        active: Bool = true
    ) throws -> Int64 {
        let parts = name.split(separator: " ").map(String.init)
        return try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO members (gym_id, badge_id, first_name, last_name, email, phone, member_since, membership_expires, is_active)
                    VALUES (?, ?, ?, ?, ?, '+33 6 00 00 00 00', ?, ?, ?)
                    """,
                arguments: [
                    gym, "B\(UUID().uuidString.prefix(8))", parts.first, parts.last,
                    "\(UUID().uuidString.prefix(8))@example.fr", stamp(-joinedDaysAgo * Self.day),
                    expiresInDays.map { stamp($0 * Self.day) }, active ? 1 : 0,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    /// Visits at each of the given offsets (in seconds, negative: before `now`).
    func visits(member: Int64, at offsets: [TimeInterval]) throws {
        try database.write { db in
            let gym = try Int64.fetchOne(db, sql: "SELECT gym_id FROM members WHERE id = ?", arguments: [member])!
            for offset in offsets {
                try db.execute(
                    sql: "INSERT INTO member_visits (member_id, gym_id, visited_at) VALUES (?, ?, ?)",
                    arguments: [member, gym, stamp(offset)]
                )
            }
            try db.execute(
                sql: "UPDATE members SET last_visit = (SELECT max(visited_at) FROM member_visits WHERE member_id = ?) WHERE id = ?",
                arguments: [member, member]
            )
        }
    }

    /// `count` conversation summaries of the given sentiment, `daysAgo` days before `now`.
    func summaries(member: Int64, count: Int, sentiment: String = "negative", daysAgo: Double = 10) throws {
        try database.write { db in
            let gym = try Int64.fetchOne(db, sql: "SELECT gym_id FROM members WHERE id = ?", arguments: [member])!
            for _ in 0..<count {
                try db.execute(
                    sql:
                        "INSERT INTO conversation_summaries (member_id, gym_id, created_at, sentiment, sentiment_score, topics) VALUES (?, ?, ?, ?, ?, '[]')",
                    arguments: [member, gym, stamp(-daysAgo * Self.day), sentiment, sentiment == "negative" ? -0.6 : 0.5]
                )
            }
        }
    }

    @discardableResult
    func kiosk(gym: Int64, slug: String = "lyon-1", status: String = "online", lastHeartbeat: TimeInterval?) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO kiosks (gym_id, slug, name, status, last_heartbeat, created_at) VALUES (?, ?, 'Accueil', ?, ?, ?)",
                arguments: [gym, slug, status, lastHeartbeat.map(stamp), stamp(-30 * Self.day)]
            )
            return db.lastInsertedRowID
        }
    }

    func heartbeat(kiosk: Int64, at offset: TimeInterval) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO kiosk_heartbeats (kiosk_id, received_at) VALUES (?, ?)", arguments: [kiosk, stamp(offset)])
            try db.execute(
                sql: "UPDATE kiosks SET last_heartbeat = max(coalesce(last_heartbeat, ''), ?) WHERE id = ?",
                arguments: [stamp(offset), kiosk]
            )
        }
    }

    /// Runs a job through the runner as a CLI trigger whose nominal time is `at` (default `now`).
    func run(_ job: any Job, at time: Date? = nil) async throws -> JobRun {
        let clock = FixedClock(now: time ?? now)
        let harness = try Harness(jobs: [job], clock: clock, database: database)
        let request = RunRequest(job: job.slug, trigger: .cli, slot: time ?? now, slotLocal: "test", settings: RunSettings(timeZone: Harness.paris))
        let (_, run) = try await harness.runner.run(request)
        return run
    }

    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        try database.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    }
}
