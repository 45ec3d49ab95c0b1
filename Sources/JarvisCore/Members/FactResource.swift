import GRDB

/// A fact the assistant learnt about a member, as the management API and `jarvis members
/// facts --json` show it.
public struct FactResource: Encodable, Sendable, Equatable {
    /// The fact's external id; nil for a fact made without one (the demo's).
    public var factId: String?
    public var category: FactCategory
    public var fact: String
    public var createdAt: String
    /// nil: kept until the member is erased.
    public var expiresAt: String?

    static let columns = "external_id, category, fact, created_at, expires_at"

    init(row: Row) throws {
        factId = row["external_id"]
        let category: String = row["category"]
        guard let parsed = FactCategory(rawValue: category) else {
            throw JarvisError(.internalFailure, "fact: unreadable category '\(category)'")
        }
        self.category = parsed
        fact = row["fact"]
        createdAt = row["created_at"]
        expiresAt = row["expires_at"]
    }

    public func encode(to encoder: any Encoder) throws {
        enum Keys: String, CodingKey { case factId, category, fact, createdAt, expiresAt }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(factId, forKey: .factId)
        try container.encode(category, forKey: .category)
        try container.encode(fact, forKey: .fact)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(expiresAt, forKey: .expiresAt)
    }
}
