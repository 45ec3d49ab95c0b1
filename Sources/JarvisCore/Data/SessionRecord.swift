import Foundation
import GRDB

/// A voice session (`voice_sessions`), keyed by its gym and external id. Its kiosk (a slug)
/// must be the gym's; its member (an external id) is optional: an anonymous session.
public struct SessionRecord: DataRecord, Equatable {
    public static let columns = [
        "gym", "external_id", "kiosk", "member", "started_at", "ended_at", "total_tokens", "session_metadata",
    ]
    public static let jsonColumns: Set<String> = ["session_metadata"]

    public var gym: String
    public var externalID: String
    public var kiosk: String?
    public var member: String?
    public var startedAt: Date
    public var endedAt: Date?
    public var totalTokens: Int?
    /// The stored JSON text of an object (`{}` when none is given).
    public var metadata: String

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        externalID = try DataRules.externalID(fields.required("external_id"), field: "external_id")
        kiosk = try fields.string("kiosk").map { try DataRules.slug($0, field: "kiosk") }
        member = try fields.string("member").map { try DataRules.externalID($0, field: "member") }
        startedAt = try fields.requiredInstant("started_at", notAfter: now)
        endedAt = try fields.instant("ended_at", notAfter: now)
        if let endedAt, endedAt < startedAt {
            throw JarvisError.invalid("ended_at", "ended_at: the session ends before it starts (\(Timestamp.string(from: startedAt)))")
        }
        totalTokens = try fields.integer("total_tokens")
        if let totalTokens, totalTokens < 0 {
            throw JarvisError.invalid("total_tokens", "total_tokens: \(totalTokens) is negative")
        }
        metadata = try fields.json("session_metadata").map { try DataRules.jsonObject($0, field: "session_metadata") } ?? "{}"
    }

    public func check(_ db: Database, references: DataReferences) throws {
        _ = try resolve(db, references)
    }

    private func resolve(_ db: Database, _ references: DataReferences) throws -> (gym: Int64, kiosk: Int64?, member: Int64?) {
        let gymID = try references.gym(gym, in: db)
        return (
            gymID, try kiosk.map { try references.kiosk($0, gym: gymID, in: db) },
            try member.map { try references.member($0, gym: gymID, in: db) }
        )
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let (gymID, kioskID, memberID) = try resolve(db, references)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO voice_sessions (gym_id, external_id, kiosk_id, member_id, started_at, ended_at, total_tokens, session_metadata)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (gym_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    kiosk_id = excluded.kiosk_id, member_id = excluded.member_id, started_at = excluded.started_at,
                    ended_at = excluded.ended_at, total_tokens = excluded.total_tokens, session_metadata = excluded.session_metadata
                WHERE (kiosk_id, member_id, started_at, ended_at, total_tokens, session_metadata)
                    IS NOT (excluded.kiosk_id, excluded.member_id, excluded.started_at, excluded.ended_at, excluded.total_tokens,
                            excluded.session_metadata)
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [
                gymID, externalID, kioskID, memberID, Timestamp.string(from: startedAt), endedAt.map(Timestamp.string(from:)),
                totalTokens, metadata,
            ]
        )
    }

    public static let exportSQL = """
        SELECT g.slug AS gym, s.external_id, k.slug AS kiosk,
               CASE WHEN m.anonymized_at IS NULL THEN m.external_id END AS member, s.started_at, s.ended_at,
               s.total_tokens, s.session_metadata
        FROM voice_sessions s JOIN gyms g ON g.id = s.gym_id
        LEFT JOIN kiosks k ON k.id = s.kiosk_id LEFT JOIN members m ON m.id = s.member_id
        WHERE s.external_id IS NOT NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY s.id
        """
}
