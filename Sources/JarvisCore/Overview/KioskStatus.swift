import Foundation

/// A kiosk as the operator sees it: its status, its last heartbeat, its uptime over a week.
public struct KioskStatus: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var gymSlug: String
    public var gymName: String
    /// The gym's IANA zone, to show times in the gym's local time.
    public var gymTimeZone: String
    /// `provisioning`, `online`, `offline`, `maintenance` or `error`, as the kiosk health job set it.
    public var status: String
    public var lastHeartbeat: Date?
    public var softwareVersion: String?
    /// The share of 10-minute intervals of the last 7 days (or since the kiosk was created, if
    /// later) that hold at least one heartbeat, 0...1; nil for a kiosk still being set up.
    public var uptime: Double?

    public init(
        id: Int64,
        slug: String,
        name: String,
        gymSlug: String,
        gymName: String,
        gymTimeZone: String,
        status: String,
        lastHeartbeat: Date?,
        softwareVersion: String?,
        uptime: Double?
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.gymSlug = gymSlug
        self.gymName = gymName
        self.gymTimeZone = gymTimeZone
        self.status = status
        self.lastHeartbeat = lastHeartbeat
        self.softwareVersion = softwareVersion
        self.uptime = uptime
    }

    /// How far back uptime is measured.
    public static let uptimeWindow: TimeInterval = 7 * 86_400
    /// The interval a heartbeat covers: kiosks beat every 30 s, and the stored history every 10
    /// minutes, so a 10-minute interval with one heartbeat counts as up (as in the weekly report).
    public static let uptimeBucketSeconds = 600
}

/// How many kiosks stand in each status.
public struct KioskCounts: Sendable, Equatable {
    public var online: Int
    public var offline: Int
    /// Provisioning, maintenance or error.
    public var other: Int

    public init(online: Int, offline: Int, other: Int) {
        self.online = online
        self.offline = offline
        self.other = other
    }

    public var total: Int { online + offline + other }
}
