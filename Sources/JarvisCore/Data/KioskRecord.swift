import Foundation
import GRDB

/// A kiosk (`kiosks`), keyed by its slug. Its token is never in a file, only the token's
/// SHA-256 hash; a row without `token_hash` keeps the kiosk's current one.
public struct KioskRecord: DataRecord, Equatable {
    public static let columns = ["gym", "slug", "name", "status", "software_version", "last_heartbeat", "token_hash", "created_at"]

    public var gym: String
    public var slug: String
    public var name: String
    public var status: KioskState
    public var softwareVersion: String?
    public var lastHeartbeat: Date?
    public var tokenHash: String?
    public var createdAt: Date?
    public let now: Date

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        slug = try DataRules.slug(fields.required("slug"), field: "slug")
        name = try DataRules.name(fields.required("name"), field: "name")
        status = try fields.string("status").map { try KioskState.parse($0, field: "status") } ?? .provisioning
        softwareVersion = try fields.string("software_version").map { try DataRules.name($0, field: "software_version") }
        lastHeartbeat = try fields.instant("last_heartbeat", notAfter: now)
        tokenHash = try fields.string("token_hash").map { try DataRules.sha256Hex($0, field: "token_hash") }
        createdAt = try fields.instant("created_at", notAfter: now)
        self.now = now
    }

    public func check(_ db: Database, references: DataReferences) throws {
        _ = try references.gym(gym, in: db)
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let gymID = try references.gym(gym, in: db)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO kiosks (gym_id, slug, name, status, status_changed_at, software_version, last_heartbeat, token_hash, created_at)
                VALUES (:gym, :slug, :name, :status, :now, :version, :heartbeat, :hash, coalesce(:createdAt, :now))
                ON CONFLICT (slug) DO UPDATE SET
                    gym_id = excluded.gym_id, name = excluded.name, status = excluded.status,
                    status_changed_at = CASE WHEN status = excluded.status THEN status_changed_at ELSE :now END,
                    software_version = excluded.software_version, last_heartbeat = excluded.last_heartbeat,
                    token_hash = coalesce(:hash, token_hash), created_at = coalesce(:createdAt, created_at)
                WHERE (gym_id, name, status, software_version, last_heartbeat, token_hash, created_at)
                    IS NOT (excluded.gym_id, excluded.name, excluded.status, excluded.software_version, excluded.last_heartbeat,
                            coalesce(:hash, token_hash), coalesce(:createdAt, created_at))
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [
                "gym": gymID, "slug": slug, "name": name, "status": status.rawValue, "now": Timestamp.string(from: now),
                "version": softwareVersion, "heartbeat": lastHeartbeat.map(Timestamp.string(from:)), "hash": tokenHash,
                "createdAt": createdAt.map(Timestamp.string(from:)),
            ]
        )
    }

    public static let exportSQL = """
        SELECT g.slug AS gym, k.slug, k.name, k.status, k.software_version, k.last_heartbeat, k.token_hash, k.created_at
        FROM kiosks k JOIN gyms g ON g.id = k.gym_id
        WHERE (:gym IS NULL OR g.slug = :gym) ORDER BY k.id
        """
}
