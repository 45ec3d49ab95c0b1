import Foundation
import GRDB

/// The use cases of a member's facts, keyed by the member and the fact's external id: listing,
/// the upsert (parsed by ``FactRecord``, the rules of an import row) and the deletion, each in
/// one transaction.
public struct FactStore: Sendable {
    private let database: AppDatabase
    private let clock: any WallClock

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The columns a caller gives for a fact; the member and the fact id are the key.
    public static let writableColumns = ["category", "fact", "created_at", "expires_at"]

    /// The member's facts, oldest first.
    public func list(gym: String, member externalID: String) async throws -> [FactResource] {
        try await database.read { db in
            let memberID = try Self.memberID(db, gym: gym, externalID: externalID)
            return try Row.fetchAll(
                db,
                sql: "SELECT \(FactResource.columns) FROM member_facts WHERE member_id = ? ORDER BY created_at, id",
                arguments: [memberID]
            ).map(FactResource.init(row:))
        }
    }

    /// Creates the fact or replaces it (`category`, `fact` required). `created_at` left out is
    /// the fact's current one, or now for a new fact.
    public func upsert(
        gym: String,
        member externalID: String,
        factID: String,
        fields: some FieldSource
    ) async throws
        -> Upserted<FactResource>
    {
        try fields.refuseColumns(otherThan: Self.writableColumns, of: "a fact")
        let now = clock.now
        let fields = ColumnFields(copying: fields)
        return try await database.write { db in
            let memberID = try Self.memberID(db, gym: gym, externalID: externalID)
            let stored = try String.fetchOne(
                db,
                sql: "SELECT created_at FROM member_facts WHERE member_id = ? AND external_id = ?",
                arguments: [memberID, factID]
            )
            let defaults = ColumnFields(text: ["created_at": stored ?? Timestamp.string(from: now)])
            let row = OverlaidFields(fields, over: defaults).fixing(["gym": gym, "member": externalID, "external_id": factID])
            let record = try FactRecord(fields: row, now: now)
            let outcome = try record.upsert(db)
            return Upserted(try Self.fetch(db, memberID: memberID, factID: factID), outcome)
        }
    }

    /// Deletes the fact; an unknown one is `notFound` (field `external_id`).
    public func delete(gym: String, member externalID: String, factID: String) async throws {
        try await database.write { db in
            let memberID = try Self.memberID(db, gym: gym, externalID: externalID)
            try db.execute(sql: "DELETE FROM member_facts WHERE member_id = ? AND external_id = ?", arguments: [memberID, factID])
            if db.changesCount == 0 { throw Self.notFound(factID) }
        }
    }

    private static func memberID(_ db: Database, gym: String, externalID: String) throws -> Int64 {
        let gymID = try DataReferences().gym(gym, in: db)
        guard
            let id = try Int64.fetchOne(
                db,
                sql: "SELECT id FROM members WHERE gym_id = ? AND external_id = ? AND anonymized_at IS NULL",
                arguments: [gymID, externalID]
            )
        else { throw JarvisError.notFound("member: the gym has no member with external id '\(externalID.prefix(128))'", field: "member") }
        return id
    }

    private static func fetch(_ db: Database, memberID: Int64, factID: String) throws -> FactResource {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT \(FactResource.columns) FROM member_facts WHERE member_id = ? AND external_id = ?",
                arguments: [memberID, factID]
            )
        else { throw notFound(factID) }
        return try FactResource(row: row)
    }

    private static func notFound(_ factID: String) -> JarvisError {
        JarvisError.notFound("external_id: the member has no fact with id '\(factID.prefix(128))'", field: "external_id")
    }
}
