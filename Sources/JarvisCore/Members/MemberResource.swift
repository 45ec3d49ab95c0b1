import GRDB

/// A member as the management API and `jarvis members --json` show them. Dates (`memberSince`,
/// `membershipExpires`) are `YYYY-MM-DD`; instants are UTC ISO-8601.
public struct MemberResource: Encodable, Sendable, Equatable {
    /// The gym's slug.
    public var gym: String
    /// The source system's id; nil for a member made without one (the demo's).
    public var externalId: String?
    public var badgeId: String
    public var firstName: String
    public var lastName: String
    public var email: String?
    public var phone: String?
    public var memberSince: String
    public var membershipExpires: String?
    public var isActive: Bool
    public var lastVisit: String?
    public var createdAt: String

    static let columns = """
        g.slug AS gym_slug, m.id, m.external_id, m.badge_id, m.first_name, m.last_name, m.email, m.phone,
        m.member_since, m.membership_expires, m.is_active, m.last_visit, m.created_at
        """
    static let tables = "members m JOIN gyms g ON g.id = m.gym_id"

    init(row: Row) {
        gym = row["gym_slug"]
        externalId = row["external_id"]
        badgeId = row["badge_id"] ?? ""
        firstName = row["first_name"] ?? ""
        lastName = row["last_name"] ?? ""
        email = row["email"]
        phone = row["phone"]
        memberSince = String((row["member_since"] as String).prefix(10))
        membershipExpires = (row["membership_expires"] as String?).map { String($0.prefix(10)) }
        isActive = row["is_active"]
        lastVisit = row["last_visit"]
        createdAt = row["created_at"]
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey {
            case gym, externalId, badgeId, firstName, lastName, email, phone, memberSince, membershipExpires, isActive, lastVisit,
                createdAt
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(gym, forKey: .gym)
        try container.encode(externalId, forKey: .externalId)
        try container.encode(badgeId, forKey: .badgeId)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(lastName, forKey: .lastName)
        try container.encode(email, forKey: .email)
        try container.encode(phone, forKey: .phone)
        try container.encode(memberSince, forKey: .memberSince)
        try container.encode(membershipExpires, forKey: .membershipExpires)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(lastVisit, forKey: .lastVisit)
        try container.encode(createdAt, forKey: .createdAt)
    }
}

/// One page of members; `nextCursor` is set when there may be more.
public struct MemberPage: Sendable, Equatable {
    public var members: [MemberResource]
    public var nextCursor: String?
}
