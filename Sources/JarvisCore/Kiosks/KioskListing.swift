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
