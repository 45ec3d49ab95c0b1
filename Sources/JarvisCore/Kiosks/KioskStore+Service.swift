import Foundation
import GRDB

extension KioskStore {
    /// Takes a kiosk out of service (`on`: status `maintenance`, which the kiosk-health job
    /// skips) or puts it in service (`off`): a kiosk in `maintenance` or `provisioning` becomes
    /// `offline` until the job sets it from its heartbeats; one already in service keeps its
    /// status. `gym`, when given, is the gym the kiosk must belong to.
    public func setMaintenance(gym: String? = nil, slug: String, on: Bool) async throws -> KioskListing {
        let now = Timestamp.string(from: clock.now)
        return try await database.write { db in
            _ = try Self.kioskID(db, gym: gym, slug: slug)
            try db.execute(
                sql: """
                    UPDATE kiosks SET status = :status, status_changed_at = :now
                    WHERE slug = :slug AND status IN (SELECT value FROM json_each(:from))
                    """,
                arguments: [
                    "slug": slug, "now": now, "status": on ? KioskState.maintenance.rawValue : KioskState.offline.rawValue,
                    "from": on ? #"["provisioning","online","offline","error"]"# : #"["maintenance","provisioning"]"#,
                ]
            )
            return try Self.fetchListings(db, where: "k.slug = :slug", arguments: ["slug": slug])[0]
        }
    }

    /// Removes a kiosk. Its heartbeats and its alerts go with it; its voice sessions stay, with
    /// no kiosk (`voice_sessions.kiosk_id` NULL), as do their transcripts and summaries.
    public func remove(gym: String? = nil, slug: String) async throws {
        try await database.write { db in
            let id = try Self.kioskID(db, gym: gym, slug: slug)
            try db.execute(sql: "DELETE FROM kiosks WHERE id = ?", arguments: [id])
        }
    }

    /// The kiosk's id; an unknown kiosk, or one of another gym than `gym`, is `notFound`.
    private static func kioskID(_ db: Database, gym: String?, slug: String) throws -> Int64 {
        if let gym { _ = try DataReferences().gym(gym, in: db) }
        guard
            let id = try Int64.fetchOne(
                db,
                sql: "SELECT k.id FROM kiosks k JOIN gyms g ON g.id = k.gym_id WHERE k.slug = ? AND (? IS NULL OR g.slug = ?)",
                arguments: [slug, gym, gym]
            )
        else {
            throw JarvisError.notFound("slug: no kiosk '\(slug.prefix(64))'" + (gym.map { " in gym '\($0.prefix(64))'" } ?? ""), field: "slug")
        }
        return id
    }
}
