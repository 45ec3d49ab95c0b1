import Foundation
import GRDB

/// A gym (`gyms`), keyed by its slug.
public struct GymRecord: DataRecord, Equatable {
    public static let columns = ["slug", "name", "timezone", "city", "opening_hours", "status", "created_at"]
    public static let jsonColumns: Set<String> = ["opening_hours"]

    public var slug: String
    public var name: String
    /// An IANA zone name.
    public var timezone: String
    public var city: String?
    /// The stored JSON text: `"24/7"` or an object of weekdays.
    public var openingHours: String
    public var status: GymStatus
    /// nil: now, for a new gym; kept, for an existing one.
    public var createdAt: Date?
    /// When the row was parsed: a new gym's `created_at` if the row gives none.
    public let now: Date

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        slug = try DataRules.slug(fields.required("slug"), field: "slug")
        name = try DataRules.name(fields.required("name"), field: "name")
        timezone = try DataRules.timeZone(fields.required("timezone"), field: "timezone")
        city = try fields.string("city").map { try DataRules.name($0, field: "city") }
        // `24/7` unquoted is accepted in CSV too, as people (and spreadsheets) write it.
        let hours: JSONValue? = fields.value("opening_hours") == .text("24/7") ? .string("24/7") : try fields.json("opening_hours")
        openingHours = try hours.map { try DataRules.openingHours($0, field: "opening_hours") } ?? "\"24/7\""
        status = try fields.string("status").map { try GymStatus.parse($0, field: "status") } ?? .active
        createdAt = try fields.instant("created_at", notAfter: now)
        self.now = now
    }

    public func check(_ db: Database, references: DataReferences) throws {}

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO gyms (slug, name, timezone, city, opening_hours, status, created_at)
                VALUES (:slug, :name, :timezone, :city, :hours, :status, coalesce(:createdAt, :now))
                ON CONFLICT (slug) DO UPDATE SET
                    name = excluded.name, timezone = excluded.timezone, city = excluded.city,
                    opening_hours = excluded.opening_hours, status = excluded.status,
                    created_at = coalesce(:createdAt, created_at)
                WHERE (name, timezone, city, opening_hours, status, created_at)
                    IS NOT (excluded.name, excluded.timezone, excluded.city, excluded.opening_hours, excluded.status,
                            coalesce(:createdAt, created_at))
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [
                "slug": slug, "name": name, "timezone": timezone, "city": city, "hours": openingHours, "status": status.rawValue,
                "createdAt": createdAt.map(Timestamp.string(from:)), "now": Timestamp.string(from: now),
            ]
        )
    }

    public static let exportSQL = """
        SELECT slug, name, timezone, city, opening_hours, status, created_at
        FROM gyms WHERE (:gym IS NULL OR slug = :gym) ORDER BY id
        """
}
