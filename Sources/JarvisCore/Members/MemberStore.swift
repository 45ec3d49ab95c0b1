import Foundation
import GRDB

/// The use cases of a gym's members, keyed by the gym and the source system's external id:
/// listing (paged), one member, the upsert (`PUT`), the partial update (`PATCH`) and the
/// deactivation. Every write is parsed by ``MemberRecord`` — the rules of an import row,
/// a badge unique in the gym among them — in one transaction.
///
/// An erased (anonymised) member is not found, and cannot be written again (a conflict).
public struct MemberStore: Sendable {
    private let database: AppDatabase
    private let clock: any WallClock

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The columns a caller gives for a member; the gym and the external id are the key.
    public static let writableColumns = [
        "badge_id", "first_name", "last_name", "email", "phone", "member_since", "membership_expires", "is_active",
    ]
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    /// The gym's members (not the erased ones) in the order they were added; `active` keeps
    /// only the active (true) or inactive (false) ones. `cursor` is the previous page's
    /// `nextCursor`.
    public func list(
        gym: String,
        active: Bool? = nil,
        cursor: String? = nil,
        limit: Int = MemberStore.defaultLimit
    ) async throws
        -> MemberPage
    {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw JarvisError.invalid("limit", "limit: \(limit) is not a number from 1 to \(Self.maximumLimit)")
        }
        let after: Int64?
        if let cursor {
            guard let id = Int64(cursor), id > 0 else {
                throw JarvisError.invalid("cursor", "cursor: '\(cursor.prefix(32))' is not a cursor; pass the nextCursor of the previous page")
            }
            after = id
        } else {
            after = nil
        }
        let rows = try await database.read { db in
            let gymID = try DataReferences().gym(gym, in: db)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(MemberResource.columns) FROM \(MemberResource.tables)
                    WHERE m.gym_id = :gym AND m.anonymized_at IS NULL
                      AND (:active IS NULL OR m.is_active = :active) AND (:after IS NULL OR m.id > :after)
                    ORDER BY m.id LIMIT :limit
                    """,
                arguments: ["gym": gymID, "active": active.map { $0 ? 1 : 0 }, "after": after, "limit": limit]
            ).map { (MemberResource(row: $0), $0["id"] as Int64) }
        }
        return MemberPage(members: rows.map(\.0), nextCursor: rows.count == limit ? rows.last.map { String($0.1) } : nil)
    }

    /// One member, or `notFound` (field `gym` or `external_id`).
    public func member(gym: String, externalID: String) async throws -> MemberResource {
        try await database.read { db in try Self.fetch(db, gym: gym, externalID: externalID) }
    }

    /// Creates the member or replaces their fields (`badge_id`, `first_name`, `last_name`,
    /// `member_since` required); a field left out is cleared, `is_active` defaults to true.
    public func upsert(gym: String, externalID: String, fields: some FieldSource) async throws -> Upserted<MemberResource> {
        try fields.refuseColumns(otherThan: Self.writableColumns, of: "a member")
        let record = try MemberRecord(fields: fields.fixing(["gym": gym, "external_id": externalID]), now: clock.now)
        return try await database.write { db in
            try Self.refuseErased(db, gym: gym, externalID: externalID)
            let outcome = try record.upsert(db)
            return Upserted(try Self.fetch(db, gym: gym, externalID: externalID), outcome)
        }
    }

    /// Changes the fields given, keeping the others (a field given as null is cleared); the
    /// member must exist.
    public func update(gym: String, externalID: String, fields: some FieldSource) async throws -> MemberResource {
        try fields.refuseColumns(otherThan: Self.writableColumns, of: "a member")
        let now = clock.now
        let fields = ColumnFields(copying: fields)
        return try await database.write { db in
            let current = try Self.currentFields(db, gym: gym, externalID: externalID)
            let record = try MemberRecord(fields: OverlaidFields(fields, over: current), now: now)
            try record.upsert(db)
            return try Self.fetch(db, gym: gym, externalID: externalID)
        }
    }

    /// `is_active` false, the rest kept: the member's badge is no longer recognised at the kiosks.
    public func deactivate(gym: String, externalID: String) async throws -> MemberResource {
        try await update(gym: gym, externalID: externalID, fields: ColumnFields(["is_active": .json(.bool(false))]))
    }

    /// The stored member as the fields of a row, to lay a partial update over.
    private static func currentFields(_ db: Database, gym: String, externalID: String) throws -> ColumnFields {
        let gymID = try DataReferences().gym(gym, in: db)
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT badge_id, first_name, last_name, email, phone, member_since, membership_expires, is_active, anonymized_at
                    FROM members WHERE gym_id = ? AND external_id = ?
                    """,
                arguments: [gymID, externalID]
            )
        else { throw notFound(externalID) }
        if row["anonymized_at"] as String? != nil { throw erased(externalID) }
        var fields = ColumnFields(text: [
            "gym": gym, "external_id": externalID, "badge_id": row["badge_id"], "first_name": row["first_name"],
            "last_name": row["last_name"], "email": row["email"], "phone": row["phone"], "member_since": row["member_since"],
            "membership_expires": row["membership_expires"],
        ])
        fields.values["is_active"] = .json(.bool(row["is_active"]))
        return fields
    }

    private static func refuseErased(_ db: Database, gym: String, externalID: String) throws {
        let gymID = try DataReferences().gym(gym, in: db)
        let erased = try Bool.fetchOne(
            db,
            sql: "SELECT anonymized_at IS NOT NULL FROM members WHERE gym_id = ? AND external_id = ?",
            arguments: [gymID, externalID]
        )
        if erased == true { throw Self.erased(externalID) }
    }

    static func fetch(_ db: Database, gym: String, externalID: String) throws -> MemberResource {
        let gymID = try DataReferences().gym(gym, in: db)
        guard
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT \(MemberResource.columns) FROM \(MemberResource.tables) WHERE m.gym_id = ? AND m.external_id = ? AND m.anonymized_at IS NULL",
                arguments: [gymID, externalID]
            )
        else { throw notFound(externalID) }
        return MemberResource(row: row)
    }

    static func notFound(_ externalID: String) -> JarvisError {
        JarvisError.notFound("external_id: the gym has no member with external id '\(externalID.prefix(128))'", field: "external_id")
    }

    private static func erased(_ externalID: String) -> JarvisError {
        JarvisError(.conflict, "external_id: the member '\(externalID.prefix(128))' was erased and cannot be written again", field: "external_id")
    }
}
