import GRDB

/// A gym as the management API and `jarvis gyms --json` show it.
public struct GymResource: Encodable, Sendable, Equatable {
    public var slug: String
    public var name: String
    /// An IANA zone name.
    public var timezone: String
    public var city: String?
    /// `"24/7"` or an object of weekdays (`{"mon":"06:00-22:00",…}`).
    public var openingHours: JSONValue
    public var status: GymStatus
    public var createdAt: String

    static let columns = "slug, name, timezone, city, opening_hours, status, created_at"

    init(row: Row) throws {
        slug = row["slug"]
        name = row["name"]
        timezone = row["timezone"]
        city = row["city"]
        let hours: String = row["opening_hours"]
        openingHours = JSONValue(jsonText: hours) ?? .string(hours)
        let status: String = row["status"]
        guard let parsed = GymStatus(rawValue: status) else {
            throw JarvisError(.internalFailure, "gym '\(slug)': unreadable status '\(status)'")
        }
        self.status = parsed
        createdAt = row["created_at"]
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case slug, name, timezone, city, openingHours, status, createdAt }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(name, forKey: .name)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(city, forKey: .city)
        try container.encode(openingHours, forKey: .openingHours)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
    }
}
