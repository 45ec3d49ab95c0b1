import Foundation

/// One heartbeat as a kiosk sent it, checked at the edge: whose it claims to be, the hash of
/// the bearer it came with (never the bearer itself), when it arrived, and what it reported.
public struct KioskHeartbeat: Sendable, Equatable {
    /// The slug of the kiosk it claims to come from (`kiosks.slug`).
    public var kioskSlug: String
    /// The SHA-256 hex of the presented bearer token.
    public var tokenHash: String
    public var receivedAt: Date
    public var softwareVersion: String?
    public var uptimeSeconds: Int?

    /// The longest software version accepted, in characters.
    public static let maxSoftwareVersionLength = 64
    /// The longest uptime accepted: ten years, in seconds.
    public static let maxUptimeSeconds = 10 * 366 * 86_400

    /// A heartbeat presented with `bearer`; only the bearer's hash is kept.
    public init(kioskSlug: String, bearer: String, receivedAt: Date, softwareVersion: String? = nil, uptimeSeconds: Int? = nil) {
        self.kioskSlug = kioskSlug
        self.tokenHash = KioskToken.hash(bearer)
        self.receivedAt = receivedAt
        self.softwareVersion = softwareVersion
        self.uptimeSeconds = uptimeSeconds
    }

    /// The kiosk it claims to come from, and the bearer's hash.
    public var credential: KioskCredential { KioskCredential(slug: kioskSlug, tokenHash: tokenHash) }
}

/// What became of a heartbeat.
public enum HeartbeatVerdict: Sendable, Equatable {
    /// Its row is committed, and the kiosk's last heartbeat updated.
    case recorded
    /// The token is not the kiosk's current one, or no such kiosk exists: nothing was written.
    case refused
}
