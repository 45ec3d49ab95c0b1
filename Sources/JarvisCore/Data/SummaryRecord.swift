import Foundation
import GRDB

/// A conversation summary (`conversation_summaries`), keyed by its gym and external id. Its
/// member defaults to its session's.
public struct SummaryRecord: DataRecord, Equatable {
    public static let columns = [
        "gym", "external_id", "session", "member", "created_at", "sentiment", "sentiment_score", "topics", "summary",
    ]
    public static let jsonColumns: Set<String> = ["topics"]

    public var gym: String
    public var externalID: String
    /// The session's external id.
    public var session: String?
    /// The member's external id; nil: the session's member.
    public var member: String?
    public var createdAt: Date
    public var sentiment: Sentiment
    public var sentimentScore: Double
    /// The stored JSON text of an array of texts.
    public var topics: String
    public var summary: String?

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        externalID = try DataRules.externalID(fields.required("external_id"), field: "external_id")
        session = try fields.string("session").map { try DataRules.externalID($0, field: "session") }
        member = try fields.string("member").map { try DataRules.externalID($0, field: "member") }
        createdAt = try fields.requiredInstant("created_at", notAfter: now)
        sentiment = try Sentiment.parse(fields.required("sentiment"), field: "sentiment")
        sentimentScore = try DataRules.sentimentScore(fields.requiredNumber("sentiment_score"), field: "sentiment_score")
        topics = try fields.json("topics").map { try DataRules.topics($0, field: "topics") } ?? "[]"
        summary = try fields.string("summary").map { try DataRules.text($0, field: "summary", maxBytes: DataRules.maxSummaryBytes) }
    }

    public func check(_ db: Database, references: DataReferences) throws {
        _ = try resolve(db, references)
    }

    private func resolve(_ db: Database, _ references: DataReferences) throws -> (gym: Int64, session: Int64?, member: Int64?) {
        let gymID = try references.gym(gym, in: db)
        let session = try session.map { try references.session($0, gym: gymID, in: db) }
        let memberID = try member.map { try references.member($0, gym: gymID, in: db) } ?? session?.memberID
        return (gymID, session?.id, memberID)
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let (gymID, sessionID, memberID) = try resolve(db, references)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO conversation_summaries
                    (gym_id, external_id, session_id, member_id, created_at, sentiment, sentiment_score, topics, summary)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (gym_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    session_id = excluded.session_id, member_id = excluded.member_id, created_at = excluded.created_at,
                    sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score, topics = excluded.topics,
                    summary = excluded.summary
                WHERE (session_id, member_id, created_at, sentiment, sentiment_score, topics, summary)
                    IS NOT (excluded.session_id, excluded.member_id, excluded.created_at, excluded.sentiment,
                            excluded.sentiment_score, excluded.topics, excluded.summary)
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [
                gymID, externalID, sessionID, memberID, Timestamp.string(from: createdAt), sentiment.rawValue, sentimentScore,
                topics, summary,
            ]
        )
    }

    public static let exportSQL = """
        SELECT g.slug AS gym, c.external_id, s.external_id AS session,
               CASE WHEN m.anonymized_at IS NULL THEN m.external_id END AS member, c.created_at, c.sentiment,
               c.sentiment_score, c.topics, c.summary
        FROM conversation_summaries c JOIN gyms g ON g.id = c.gym_id
        LEFT JOIN voice_sessions s ON s.id = c.session_id LEFT JOIN members m ON m.id = c.member_id
        WHERE c.external_id IS NOT NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY c.id
        """
}
