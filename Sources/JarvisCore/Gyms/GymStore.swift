import Foundation
import GRDB

/// The use cases of gyms: listing, one gym, and the upsert by slug that the management API
/// (`PUT /api/gyms/{gym}`) and `jarvis gyms set` share. A write is parsed by ``GymRecord``,
/// the same rules as an import row, in one transaction.
public struct GymStore: Sendable {
    private let database: AppDatabase
    private let clock: any WallClock

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The columns a caller gives for a gym; the slug is the key.
    public static let writableColumns = ["name", "timezone", "city", "opening_hours", "status"]

    /// Every gym, by slug.
    public func list() async throws -> [GymResource] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT \(GymResource.columns) FROM gyms ORDER BY slug").map(GymResource.init(row:))
        }
    }

    /// One gym, or `notFound` (field `gym`).
    public func gym(slug: String) async throws -> GymResource {
        try await database.read { db in try Self.fetch(db, slug: slug) }
    }

    /// Creates the gym `slug` or replaces its fields (`name`, `timezone` required; `city`,
    /// `opening_hours` (default `"24/7"`), `status` (default `active`)); its `created_at` is kept.
    public func upsert(slug: String, fields: some FieldSource) async throws -> Upserted<GymResource> {
        try fields.refuseColumns(otherThan: Self.writableColumns, of: "a gym")
        let record = try GymRecord(fields: fields.fixing(["slug": slug]), now: clock.now)
        return try await database.write { db in
            let outcome = try record.upsert(db)
            return Upserted(try Self.fetch(db, slug: record.slug), outcome)
        }
    }

    static func fetch(_ db: Database, slug: String) throws -> GymResource {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(GymResource.columns) FROM gyms WHERE slug = ?", arguments: [slug]) else {
            throw JarvisError.notFound("gym: unknown gym '\(slug.prefix(64))'", field: "gym")
        }
        return try GymResource(row: row)
    }
}
