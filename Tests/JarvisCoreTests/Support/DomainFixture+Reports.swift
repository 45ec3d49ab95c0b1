import Foundation
import GRDB

@testable import JarvisCore

/// Rows at absolute instants, for the weekly report tests: a report is about a calendar week,
/// so its fixtures name local times (`instant("2027-03-08T08:00:00+01:00")`) rather than
/// offsets from `now`.
extension DomainFixture {
    /// A member who joined at `since`.
    @discardableResult
    func member(gym: Int64, name: String, since: Date, active: Bool = true) throws -> Int64 {
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        return try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO members (gym_id, badge_id, first_name, last_name, email, member_since, is_active)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    gym, "B\(UUID().uuidString.prefix(8))", parts.first, parts.count > 1 ? parts[1] : nil,
                    "\(UUID().uuidString.prefix(8))@example.fr", Timestamp.string(from: since), active ? 1 : 0,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    /// Visits of `member` (at its gym) at each instant.
    func visits(member: Int64, at instants: [Date]) throws {
        try database.write { db in
            let gym = try Int64.fetchOne(db, sql: "SELECT gym_id FROM members WHERE id = ?", arguments: [member])!
            for instant in instants {
                try db.execute(
                    sql: "INSERT INTO member_visits (member_id, gym_id, visited_at) VALUES (?, ?, ?)",
                    arguments: [member, gym, Timestamp.string(from: instant)]
                )
            }
        }
    }

    /// Voice sessions started at each instant at `gym`.
    func sessions(gym: Int64, at instants: [Date]) throws {
        try database.write { db in
            for instant in instants {
                try db.execute(
                    sql: "INSERT INTO voice_sessions (gym_id, started_at) VALUES (?, ?)",
                    arguments: [gym, Timestamp.string(from: instant)]
                )
            }
        }
    }

    /// A conversation summary created at `instant`.
    func summary(gym: Int64, at instant: Date, sentiment: String, score: Double, topics: [String], member: Int64? = nil) throws {
        let topicsJSON = JSONValue.array(topics.map(JSONValue.string)).jsonText
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO conversation_summaries (member_id, gym_id, created_at, sentiment, sentiment_score, topics)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [member, gym, Timestamp.string(from: instant), sentiment, score, topicsJSON]
            )
        }
    }

    /// The member's latest churn analysis.
    func analytics(member: Int64, score: Double, level: String) throws {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO member_analytics (member_id, churn_score, churn_level, factors, analyzed_at) VALUES (?, ?, ?, '{}', ?)",
                arguments: [member, score, level, Timestamp.string(from: now)]
            )
        }
    }

    /// A manager alert of `type` created at `instant` (resolved at once, so dedup keys never clash).
    func alert(gym: Int64, type: String, at instant: Date) throws {
        try database.write { db in
            let stamp = Timestamp.string(from: instant)
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, alert_type, priority, status, title, dedup_key, created_at, updated_at, resolved_at)
                    VALUES (?, ?, 'high', 'resolved', 'test', ?, ?, ?, ?)
                    """,
                arguments: [gym, type, "test:\(UUID().uuidString)", stamp, stamp, stamp]
            )
        }
    }

    /// A kiosk created at `created`.
    @discardableResult
    func kiosk(gym: Int64, slug: String, name: String, status: String = "online", created: Date) throws -> Int64 {
        try database.write { db in
            try db.execute(
                sql: "INSERT INTO kiosks (gym_id, slug, name, status, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [gym, slug, name, status, Timestamp.string(from: created)]
            )
            return db.lastInsertedRowID
        }
    }

    /// Heartbeats of `kiosk` at each instant, in one transaction.
    func heartbeats(kiosk: Int64, at instants: [Date]) throws {
        try database.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO kiosk_heartbeats (kiosk_id, received_at) VALUES (?, ?)")
            for instant in instants {
                try insert.execute(arguments: [kiosk, Timestamp.string(from: instant)])
            }
        }
    }
}
