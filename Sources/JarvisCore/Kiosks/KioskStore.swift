import Foundation
import GRDB

/// The use cases of `kiosks` that an operator runs: adding a kiosk with its token, listing,
/// rotating a token. Tokens are returned once and stored as their SHA-256 hash only.
public struct KioskStore: Sendable {
    public let database: AppDatabase
    public let clock: any WallClock

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The longest kiosk name accepted, in characters.
    public static let maxNameLength = 100

    /// Adds a kiosk to the gym `gymSlug`, in status `provisioning`, with a new token. Its slug is
    /// `slug`, else the gym's slug followed by the name's (`paris-bastille-accueil`).
    public func add(gym gymSlug: String, name: String, slug: String? = nil) async throws -> IssuedKioskToken {
        let name = try DataRules.name(name, field: "name")
        if let slug { try Self.validate(slug: slug) }
        let token = KioskToken.generate()
        let hash = KioskToken.hash(token)
        let now = Timestamp.string(from: clock.now)
        let listing = try await database.write { db -> KioskListing in
            guard let gymID = try Int64.fetchOne(db, sql: "SELECT id FROM gyms WHERE slug = ?", arguments: [gymSlug]) else {
                let known = try String.fetchAll(db, sql: "SELECT slug FROM gyms ORDER BY slug LIMIT 10")
                throw JarvisError.notFound(
                    "no gym '\(gymSlug)'" + (known.isEmpty ? "; the database holds no gym" : "; gyms include: \(known.joined(separator: ", "))"),
                    field: "gym"
                )
            }
            let kioskSlug = slug ?? "\(gymSlug)-\(DemoVocabulary.slug(name))"
            try Self.validate(slug: kioskSlug)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM kiosks WHERE slug = ?)", arguments: [kioskSlug])! {
                throw JarvisError(.conflict, "a kiosk '\(kioskSlug)' exists already; choose another slug", field: "slug")
            }
            try db.execute(
                sql: """
                    INSERT INTO kiosks (gym_id, slug, name, status, status_changed_at, token_hash, created_at)
                    VALUES (:gymID, :slug, :name, 'provisioning', :now, :hash, :now)
                    """,
                arguments: ["gymID": gymID, "slug": kioskSlug, "name": name, "now": now, "hash": hash]
            )
            return try Self.listing(db, slug: kioskSlug)!
        }
        return IssuedKioskToken(kiosk: listing, token: token)
    }

    /// Every kiosk, or a gym's, by gym then slug.
    public func list(gym gymSlug: String? = nil) async throws -> [KioskListing] {
        try await database.read { db in
            if let gymSlug, try Int64.fetchOne(db, sql: "SELECT id FROM gyms WHERE slug = ?", arguments: [gymSlug]) == nil {
                throw JarvisError.notFound("no gym '\(gymSlug)'", field: "gym")
            }
            return try Self.fetchListings(db, where: "(:gym IS NULL OR g.slug = :gym)", arguments: ["gym": gymSlug])
        }
    }

    /// Gives the kiosk a new token; the old one is refused from the next heartbeat batch on.
    public func rotateToken(slug: String) async throws -> IssuedKioskToken {
        let token = KioskToken.generate()
        let hash = KioskToken.hash(token)
        let listing = try await database.write { db -> KioskListing in
            try db.execute(sql: "UPDATE kiosks SET token_hash = ? WHERE slug = ?", arguments: [hash, slug])
            guard db.changesCount == 1, let listing = try Self.listing(db, slug: slug) else {
                throw JarvisError.notFound("no kiosk '\(slug)'", field: "slug")
            }
            return listing
        }
        return IssuedKioskToken(kiosk: listing, token: token)
    }

    /// A kiosk slug: lowercase ASCII letters, digits and hyphens, starting with a letter or a
    /// digit, at most 64 characters (the schema's rule, with a length).
    public static func validate(slug: String) throws {
        let allowed = slug.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        guard allowed, let first = slug.utf8.first, first != 0x2D, slug.utf8.count <= 64 else {
            throw JarvisError.invalid(
                "slug",
                "'\(slug)' is not a kiosk slug: use 1 to 64 lowercase letters, digits and hyphens, not starting with a hyphen"
            )
        }
    }

    private static func listing(_ db: Database, slug: String) throws -> KioskListing? {
        try fetchListings(db, where: "k.slug = :slug", arguments: ["slug": slug]).first
    }

    static func fetchListings(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [KioskListing] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT k.slug, g.slug AS gym_slug, k.name, k.status, k.last_heartbeat, k.software_version,
                       k.token_hash IS NOT NULL AS has_token
                FROM kiosks k JOIN gyms g ON g.id = k.gym_id
                WHERE \(condition)
                ORDER BY g.slug, k.slug
                """,
            arguments: arguments
        ).map { row in
            KioskListing(
                slug: row["slug"],
                gymSlug: row["gym_slug"],
                name: row["name"],
                status: row["status"],
                lastHeartbeat: (row["last_heartbeat"] as String?).flatMap(Timestamp.date(from:)),
                softwareVersion: row["software_version"],
                hasToken: row["has_token"]
            )
        }
    }
}
