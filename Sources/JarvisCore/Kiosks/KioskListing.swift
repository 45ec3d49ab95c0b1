import Foundation

/// A kiosk as `jarvis kiosks list` shows it: never its token, only whether it has one.
public struct KioskListing: Sendable, Equatable {
    public var slug: String
    public var gymSlug: String
    public var name: String
    public var status: String
    public var lastHeartbeat: Date?
    public var softwareVersion: String?
    /// False for a kiosk that was never issued a token: its heartbeats are all refused.
    public var hasToken: Bool
}

/// A kiosk just created or given a new token, with the token to hand to it: the only time the
/// token exists outside the kiosk.
public struct IssuedKioskToken: Sendable {
    public var kiosk: KioskListing
    public var token: Secret
}

extension KioskListing: Encodable {
    enum CodingKeys: String, CodingKey {
        case slug, gym, name, status, lastHeartbeat, softwareVersion, hasToken
    }

    /// Every key, with `null` for a kiosk that never beat, timestamps as stored (UTC ISO-8601).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(gymSlug, forKey: .gym)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encode(lastHeartbeat.map(Timestamp.string(from:)), forKey: .lastHeartbeat)
        try container.encode(softwareVersion, forKey: .softwareVersion)
        try container.encode(hasToken, forKey: .hasToken)
    }
}
