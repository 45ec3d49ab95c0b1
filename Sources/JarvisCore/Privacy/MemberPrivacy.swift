import Foundation
import GRDB

/// A member's rights under the GDPR, on request: erasure (`jarvis members erase`, `POST
/// /api/gyms/{gym}/members/{externalId}/erase`) and access (`jarvis members export`, `GET
/// …/export`).
///
/// Erasure anonymises the member at once with the cascade of the retention rule
/// (``anonymize(_:memberIDs:now:)``, which the cleanup job runs on former members three years
/// on): identity blanked, facts, summaries and transcripts deleted, session metadata emptied,
/// the name gone from their alerts; visits and scores stay as anonymous aggregates. It is
/// recorded in `system_logs` with counts and the member's internal id only, never who they were.
public struct MemberPrivacy: Sendable {
    /// The `system_logs.log_type` of an erasure.
    public static let logType = "gdpr_erasure"

    private let database: AppDatabase
    private let clock: any WallClock

    init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// What an erasure removed.
    public struct Erasure: Sendable, Equatable, Codable {
        public var erasedAt: Date
        /// False when the member had already been anonymised (a retried request): nothing more was done.
        public var erasedNow: Bool
        public var facts = 0
        public var summaries = 0
        public var transcriptLines = 0
        public var sessionsCleared = 0
        public var alerts = 0
    }

    /// Anonymises the gym's member with this external id, at once. Idempotent: a member
    /// already anonymised answers with the date it was done and `erasedNow` false.
    public func erase(gym: String, member externalID: String) async throws -> Erasure {
        let now = clock.now
        return try await database.write { db in
            let member = try Self.member(db, gym: gym, externalID: externalID)
            if let erasedAt = member.anonymizedAt { return Erasure(erasedAt: erasedAt, erasedNow: false) }
            var erasure = Erasure(erasedAt: now, erasedNow: true)
            try db.execute(
                sql: """
                    UPDATE manager_alerts SET status = 'resolved', resolved_at = :now, updated_at = :now
                    WHERE member_id = :id AND resolved_at IS NULL
                    """,
                arguments: ["id": member.id, "now": Timestamp.string(from: now)]
            )
            let cascade = try Self.anonymize(db, memberIDs: [member.id], now: now)
            erasure.facts = cascade.facts
            erasure.summaries = cascade.summaries
            erasure.transcriptLines = cascade.events
            erasure.sessionsCleared = cascade.sessions
            erasure.alerts = cascade.alerts
            try SystemLogEntry(
                timestamp: now,
                logType: Self.logType,
                level: .info,
                message: StaffTexts.memberErased,
                details: [
                    "memberId": .int(Int(member.id)), "gym": .string(gym), "facts": .int(erasure.facts),
                    "summaries": .int(erasure.summaries), "transcriptLines": .int(erasure.transcriptLines),
                    "sessionsCleared": .int(erasure.sessionsCleared), "alerts": .int(erasure.alerts),
                ]
            ).insert(db)
            return erasure
        }
    }

    /// Everything the appliance holds about the gym's member with this external id, as JSON:
    /// the member's row, visits, facts, voice sessions with their transcripts, conversation
    /// summaries, churn score and alerts.
    public func export(gym: String, member externalID: String) async throws -> JSONValue {
        try await database.read { db in
            let member = try Self.member(db, gym: gym, externalID: externalID)
            func rows(_ sql: String) throws -> JSONValue {
                .array(try Row.fetchAll(db, sql: sql, arguments: [member.id]).map(Self.json))
            }
            var sessions: [JSONValue] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.external_id, k.slug AS kiosk, s.started_at, s.ended_at, s.total_tokens, s.session_metadata
                    FROM voice_sessions s LEFT JOIN kiosks k ON k.id = s.kiosk_id WHERE s.member_id = ? ORDER BY s.started_at
                    """,
                arguments: [member.id]
            ) {
                guard case .object(var session) = Self.json(row) else { continue }
                session["transcript"] = .array(
                    try Row.fetchAll(
                        db,
                        sql:
                            "SELECT external_id, occurred_at, speaker, content FROM conversation_events WHERE session_id = ? ORDER BY occurred_at, id",
                        arguments: [row["id"] as Int64]
                    ).map(Self.json)
                )
                sessions.append(.object(session))
            }
            return [
                "gym": .string(gym),
                "member": Self.json(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT external_id, badge_id, first_name, last_name, email, phone, member_since, membership_expires,
                                   is_active, last_visit, anonymized_at, created_at
                            FROM members WHERE id = ?
                            """,
                        arguments: [member.id]
                    )!
                ),
                "visits": try rows("SELECT visited_at, external_id FROM member_visits WHERE member_id = ? ORDER BY visited_at"),
                "facts": try rows("SELECT external_id, category, fact, created_at, expires_at FROM member_facts WHERE member_id = ? ORDER BY id"),
                "sessions": .array(sessions),
                "summaries": try rows(
                    """
                    SELECT c.external_id, s.external_id AS session, c.created_at, c.sentiment, c.sentiment_score, c.topics, c.summary
                    FROM conversation_summaries c LEFT JOIN voice_sessions s ON s.id = c.session_id
                    WHERE c.member_id = ? ORDER BY c.created_at
                    """
                ),
                "churn": try rows("SELECT churn_score, churn_level, factors, analyzed_at FROM member_analytics WHERE member_id = ?"),
                "alerts": try rows(
                    """
                    SELECT id, alert_type, priority, status, title, message, details, note, created_at, updated_at, resolved_at
                    FROM manager_alerts WHERE member_id = ? ORDER BY id
                    """
                ),
            ]
        }
    }

    /// What the anonymisation cascade removed.
    struct Anonymization: Sendable {
        var members = 0, facts = 0, summaries = 0, events = 0, sessions = 0, alerts = 0
    }

    /// The anonymisation cascade, one rule for the retention of former members and for erasure
    /// on request: deletes what the assistant kept about the members (facts, conversation
    /// summaries, transcripts), empties their sessions' metadata, takes their names out of
    /// their alerts, and blanks their identity. Visits and scores stay, as anonymous aggregates.
    static func anonymize(_ db: Database, memberIDs ids: [Int64], now: Date) throws -> Anonymization {
        guard !ids.isEmpty else { return Anonymization() }
        let list = ids.map(String.init).joined(separator: ",")
        var result = Anonymization(members: ids.count)
        try db.execute(sql: "DELETE FROM member_facts WHERE member_id IN (\(list))")
        result.facts = db.changesCount
        try db.execute(sql: "DELETE FROM conversation_summaries WHERE member_id IN (\(list))")
        result.summaries = db.changesCount
        try db.execute(sql: "DELETE FROM conversation_events WHERE member_id IN (\(list))")
        result.events = db.changesCount
        try db.execute(sql: "UPDATE voice_sessions SET session_metadata = '{}' WHERE member_id IN (\(list)) AND session_metadata <> '{}'")
        result.sessions = db.changesCount
        try db.execute(
            sql: "UPDATE manager_alerts SET title = ?, message = NULL, details = '{}' WHERE member_id IN (\(list))",
            arguments: [StaffTexts.anonymizedMember]
        )
        result.alerts = db.changesCount
        try db.execute(
            sql: """
                UPDATE members SET badge_id = NULL, first_name = NULL, last_name = NULL, email = NULL, phone = NULL,
                                   is_active = 0, anonymized_at = :now
                WHERE id IN (\(list))
                """,
            arguments: ["now": Timestamp.string(from: now)]
        )
        return result
    }

    private static func member(_ db: Database, gym: String, externalID: String) throws -> (id: Int64, anonymizedAt: Date?) {
        let gymID = try DataReferences().gym(gym, in: db)
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT id, anonymized_at FROM members WHERE gym_id = ? AND external_id = ?",
                arguments: [gymID, externalID]
            )
        else {
            throw JarvisError.notFound("member: the gym has no member with external id '\(externalID.prefix(128))'", field: "member")
        }
        return (row["id"], (row["anonymized_at"] as String?).flatMap(Timestamp.date(from:)))
    }

    /// The JSON columns, given as JSON values rather than text.
    private static let jsonColumns: Set<String> = ["session_metadata", "topics", "factors", "details"]

    /// A row as a JSON object with camelCase keys.
    private static func json(_ row: Row) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (column, value) in row {
            let key = JSONBodyFields.key(forColumn: column)
            switch value.storage {
            case .null: object[key] = .null
            case .int64(let number): object[key] = column == "is_active" ? .bool(number != 0) : .int(Int(number))
            case .double(let number): object[key] = .double(number)
            case .string(let text): object[key] = jsonColumns.contains(column) ? JSONValue(jsonText: text) ?? .string(text) : .string(text)
            case .blob(let data): object[key] = .string(data.base64EncodedString())
            }
        }
        return .object(object)
    }
}
