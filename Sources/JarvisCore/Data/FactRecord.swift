import Foundation
import GRDB

/// What the assistant learnt about a member (`member_facts`), keyed by the member and the
/// fact's external id.
public struct FactRecord: DataRecord, Equatable {
    public static let columns = ["gym", "member", "external_id", "category", "fact", "created_at", "expires_at"]

    public var gym: String
    /// The member's external id.
    public var member: String
    public var externalID: String
    public var category: FactCategory
    public var fact: String
    public var createdAt: Date
    /// nil: kept until the member is anonymised.
    public var expiresAt: Date?

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        member = try DataRules.externalID(fields.required("member"), field: "member")
        externalID = try DataRules.externalID(fields.required("external_id"), field: "external_id")
        category = try FactCategory.parse(fields.required("category"), field: "category")
        fact = try DataRules.text(fields.required("fact"), field: "fact", maxBytes: DataRules.maxFactBytes)
        createdAt = try fields.requiredInstant("created_at", notAfter: now)
        expiresAt = try fields.date("expires_at")
    }

    public func check(_ db: Database, references: DataReferences) throws {
        _ = try references.member(member, gym: references.gym(gym, in: db), in: db)
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let memberID = try references.member(member, gym: references.gym(gym, in: db), in: db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO member_facts (member_id, external_id, category, fact, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (member_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    category = excluded.category, fact = excluded.fact, created_at = excluded.created_at,
                    expires_at = excluded.expires_at
                WHERE (category, fact, created_at, expires_at)
                    IS NOT (excluded.category, excluded.fact, excluded.created_at, excluded.expires_at)
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [memberID, externalID, category.rawValue, fact, Timestamp.string(from: createdAt), expiresAt.map(Timestamp.string(from:))]
        )
    }

    public static let exportSQL = """
        SELECT g.slug AS gym, m.external_id AS member, f.external_id, f.category, f.fact, f.created_at, f.expires_at
        FROM member_facts f JOIN members m ON m.id = f.member_id JOIN gyms g ON g.id = m.gym_id
        WHERE f.external_id IS NOT NULL AND m.external_id IS NOT NULL AND m.anonymized_at IS NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY f.id
        """
}
