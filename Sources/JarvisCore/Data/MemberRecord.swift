import Foundation
import GRDB

/// A member (`members`), keyed by their gym and external id. A badge is unique within the
/// gym: a row giving a badge another member of the gym holds is refused (field `badge_id`).
public struct MemberRecord: DataRecord, Equatable {
    public static let columns = [
        "gym", "external_id", "badge_id", "first_name", "last_name", "email", "phone",
        "member_since", "membership_expires", "is_active", "last_visit", "created_at",
    ]
    public static let booleanColumns: Set<String> = ["is_active"]

    /// The gym's slug.
    public var gym: String
    public var externalID: String
    public var badgeID: String
    public var firstName: String
    public var lastName: String
    public var email: String?
    public var phone: String?
    public var memberSince: Date
    /// nil: open-ended.
    public var membershipExpires: Date?
    public var isActive: Bool
    /// Moves the stored one forward only; nil leaves it.
    public var lastVisit: Date?
    /// nil: now, for a new member; kept, for an existing one.
    public var createdAt: Date?
    public let now: Date

    /// The longest badge, e-mail address and phone number accepted, in characters.
    public static let maxBadgeLength = 64
    public static let maxContactLength = 254

    public init(fields: some FieldSource, now: Date) throws {
        try fields.refuseUnknownColumns(Self.columns)
        gym = try DataRules.slug(fields.required("gym"), field: "gym")
        externalID = try DataRules.externalID(fields.required("external_id"), field: "external_id")
        badgeID = try Self.badge(fields.required("badge_id"))
        firstName = try DataRules.name(fields.required("first_name"), field: "first_name")
        lastName = try DataRules.name(fields.required("last_name"), field: "last_name")
        email = try fields.string("email").map { try Self.contact($0, field: "email") }
        phone = try fields.string("phone").map { try Self.contact($0, field: "phone") }
        memberSince = try fields.requiredDate("member_since")
        membershipExpires = try fields.date("membership_expires")
        isActive = try fields.bool("is_active") ?? true
        lastVisit = try fields.instant("last_visit", notAfter: now)
        createdAt = try fields.instant("created_at", notAfter: now)
        self.now = now
    }

    /// A badge: 1 to ``maxBadgeLength`` printable characters, kept as given.
    public static func badge(_ text: String) throws -> String {
        guard (1...maxBadgeLength).contains(text.count), DataRules.isPrintable(text), text.trimmingCharacters(in: .whitespaces) == text else {
            throw JarvisError.invalid("badge_id", "badge_id: a badge is 1 to \(maxBadgeLength) printable characters, without spaces around")
        }
        return text
    }

    private static func contact(_ text: String, field: String) throws -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        guard (1...maxContactLength).contains(value.count), DataRules.isPrintable(value), field != "email" || value.contains("@") else {
            throw JarvisError.invalid(
                field,
                field == "email"
                    ? "email: '\(text.prefix(64))' is not an e-mail address" : "\(field): at most \(maxContactLength) characters on one line"
            )
        }
        return value
    }

    public func check(_ db: Database, references: DataReferences) throws {
        let gymID = try references.gym(gym, in: db)
        try checkBadge(db, gymID: gymID)
    }

    public func claim(within claims: inout [String: String]) throws {
        let key = gym + "\u{1F}" + badgeID
        if let holder = claims[key], holder != externalID {
            throw JarvisError(
                .conflict,
                "badge_id: the badge '\(badgeID)' is also given to member '\(holder)' earlier in the file",
                field: "badge_id"
            )
        }
        claims[key] = externalID
    }

    /// Refuses an anonymised member, and a badge another member of the gym holds.
    private func checkBadge(_ db: Database, gymID: Int64) throws {
        if let anonymizedAt = try String.fetchOne(
            db.cachedStatement(sql: "SELECT anonymized_at FROM members WHERE gym_id = ? AND external_id = ? AND anonymized_at IS NOT NULL"),
            arguments: [gymID, externalID]
        ) {
            throw DataReferences.anonymized(externalID, at: anonymizedAt, field: "external_id")
        }
        let holder = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT external_id FROM members WHERE gym_id = ? AND badge_id = ?"),
            arguments: [gymID, badgeID]
        )
        if let holder, (holder["external_id"] as String?) != externalID {
            throw JarvisError(.conflict, "badge_id: the badge '\(badgeID)' is held by another member of the gym", field: "badge_id")
        }
    }

    public func upsert(_ db: Database, references: DataReferences) throws -> UpsertOutcome {
        let gymID = try references.gym(gym, in: db)
        try checkBadge(db, gymID: gymID)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO members (gym_id, external_id, badge_id, first_name, last_name, email, phone, member_since,
                                     membership_expires, is_active, last_visit, created_at)
                VALUES (:gym, :externalID, :badge, :first, :last, :email, :phone, :since, :expires, :active, :lastVisit,
                        coalesce(:createdAt, :now))
                ON CONFLICT (gym_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET
                    badge_id = excluded.badge_id, first_name = excluded.first_name, last_name = excluded.last_name,
                    email = excluded.email, phone = excluded.phone, member_since = excluded.member_since,
                    membership_expires = excluded.membership_expires, is_active = excluded.is_active,
                    last_visit = max(coalesce(last_visit, excluded.last_visit), coalesce(excluded.last_visit, last_visit)),
                    created_at = coalesce(:createdAt, created_at)
                WHERE (badge_id, first_name, last_name, email, phone, member_since, membership_expires, is_active, created_at)
                    IS NOT (excluded.badge_id, excluded.first_name, excluded.last_name, excluded.email, excluded.phone,
                            excluded.member_since, excluded.membership_expires, excluded.is_active, coalesce(:createdAt, created_at))
                    OR (excluded.last_visit IS NOT NULL AND (last_visit IS NULL OR excluded.last_visit > last_visit))
                """
        )
        return try UpsertOutcome.run(
            db,
            statement,
            [
                "gym": gymID, "externalID": externalID, "badge": badgeID, "first": firstName, "last": lastName,
                "email": email, "phone": phone, "since": Timestamp.string(from: memberSince),
                "expires": membershipExpires.map(Timestamp.string(from:)), "active": isActive ? 1 : 0,
                "lastVisit": lastVisit.map(Timestamp.string(from:)), "createdAt": createdAt.map(Timestamp.string(from:)),
                "now": Timestamp.string(from: now),
            ]
        )
    }

    /// Members made here without an outside key, and anonymised ones, have no external id and
    /// are not exported.
    public static let exportSQL = """
        SELECT g.slug AS gym, m.external_id, m.badge_id, m.first_name, m.last_name, m.email, m.phone, m.member_since,
               m.membership_expires, m.is_active, m.last_visit, m.created_at
        FROM members m JOIN gyms g ON g.id = m.gym_id
        WHERE m.external_id IS NOT NULL AND m.anonymized_at IS NULL AND (:gym IS NULL OR g.slug = :gym)
        ORDER BY m.id
        """
}
