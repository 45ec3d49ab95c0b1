import Foundation
import GRDB

/// A visit (`member_visits`), keyed by its gym and external id when it has one (a kiosk's
/// event id, the source system's uuid), else by its member and instant. A visit moves its
/// member's `last_visit` forward, never back.
public struct VisitRecord: DataRecord, Equatable {
    public static let columns = ["gym", "member", "visited_at", "external_id"]

    /// The gym's slug.
    public var gym: String
    /// The member's external id.
    public var member: String
    public var visitedAt: Date
    public var externalID: String?

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        member = try DataRules.externalID(fields.required("member"), field: "member")
        visitedAt = try fields.requiredInstant("visited_at", notAfter: now)
        externalID = try fields.string("external_id").map { try DataRules.externalID($0, field: "external_id") }
    }

    public func check(_ db: Database, references: DataReferences) throws {
        let gymID = try references.gym(gym, in: db)
        _ = try references.member(member, gym: gymID, in: db)
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let gymID = try references.gym(gym, in: db)
        let memberID = try references.member(member, gym: gymID, in: db)
        let instant = Timestamp.string(from: visitedAt)
        let outcome = try Self.write(db, memberID: memberID, gymID: gymID, visitedAt: instant, externalID: externalID)
        try Self.moveLastVisit(db, memberID: memberID, to: instant)
        return outcome
    }

    /// Writes one visit by its key.
    static func write(_ db: Database, memberID: Int64, gymID: Int64, visitedAt: String, externalID: String?) throws -> UpsertOutcome {
        if let externalID {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO member_visits (member_id, gym_id, visited_at, external_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT (gym_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                        member_id = excluded.member_id, visited_at = excluded.visited_at
                    WHERE (member_id, visited_at) IS NOT (excluded.member_id, excluded.visited_at)
                    """
            )
            return try UpsertOutcome.run(db, statement, [memberID, gymID, visitedAt, externalID])
        }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO member_visits (member_id, gym_id, visited_at)
                SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM member_visits WHERE member_id = ?1 AND visited_at = ?3)
                """
        )
        return try UpsertOutcome.run(db, statement, [memberID, gymID, visitedAt])
    }

    /// Moves a member's `last_visit` to `instant` if it is later.
    static func moveLastVisit(_ db: Database, memberID: Int64, to instant: String) throws {
        try db.cachedStatement(sql: "UPDATE members SET last_visit = ?2 WHERE id = ?1 AND (last_visit IS NULL OR last_visit < ?2)")
            .execute(arguments: [memberID, instant])
    }

    /// Visits of anonymised members, and of members without an external id, are not exported.
    public static let exportSQL = """
        SELECT g.slug AS gym, m.external_id AS member, v.visited_at, v.external_id
        FROM member_visits v JOIN members m ON m.id = v.member_id JOIN gyms g ON g.id = v.gym_id
        WHERE m.external_id IS NOT NULL AND m.anonymized_at IS NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY v.id
        """
}
