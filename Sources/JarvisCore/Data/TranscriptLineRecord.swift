import Foundation
import GRDB

/// One line of a voice session's transcript (`conversation_events`), keyed by its session and
/// external id. Its member is the session's. A line over ``DataRules/maxTranscriptLineBytes``
/// is refused, not cut.
public struct TranscriptLineRecord: DataRecord, Equatable {
    public static let columns = ["gym", "session", "external_id", "occurred_at", "speaker", "content"]

    public var gym: String
    /// The session's external id.
    public var session: String
    public var externalID: String
    public var occurredAt: Date
    public var speaker: Speaker
    public var content: String

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        session = try DataRules.externalID(fields.required("session"), field: "session")
        externalID = try DataRules.externalID(fields.required("external_id"), field: "external_id")
        occurredAt = try fields.requiredInstant("occurred_at", notAfter: now)
        speaker = try Speaker.parse(fields.required("speaker"), field: "speaker")
        content = try DataRules.text(fields.required("content"), field: "content", maxBytes: DataRules.maxTranscriptLineBytes)
    }

    public func check(_ db: Database, references: DataReferences) throws {
        _ = try references.session(session, gym: references.gym(gym, in: db), in: db)
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let session = try references.session(session, gym: references.gym(gym, in: db), in: db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO conversation_events (session_id, external_id, member_id, occurred_at, speaker, content)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (session_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    member_id = excluded.member_id, occurred_at = excluded.occurred_at, speaker = excluded.speaker,
                    content = excluded.content
                WHERE (member_id, occurred_at, speaker, content)
                    IS NOT (excluded.member_id, excluded.occurred_at, excluded.speaker, excluded.content)
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [session.id, externalID, session.memberID, Timestamp.string(from: occurredAt), speaker.rawValue, content]
        )
    }

    public static let exportSQL = """
        SELECT g.slug AS gym, s.external_id AS session, e.external_id, e.occurred_at, e.speaker, e.content
        FROM conversation_events e JOIN voice_sessions s ON s.id = e.session_id JOIN gyms g ON g.id = s.gym_id
        WHERE e.external_id IS NOT NULL AND s.external_id IS NOT NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY e.id
        """
}
