import Foundation

/// The kiosk health rules, as a pure function of one kiosk's state at the check's time.
public enum KioskHealthRules {
    /// A kiosk is online when its last heartbeat is at most this old (kiosks beat every 30 s).
    public static let onlineWindow: TimeInterval = 5 * 60
    /// An offline kiosk raises an alert once it has been silent this long (a restart or a short
    /// network cut does not page anyone).
    public static let alertAfter: TimeInterval = 30 * 60
    /// An open alert becomes urgent once the kiosk has been silent this long.
    public static let urgentAfter: TimeInterval = 24 * 3600

    /// What the check decides for one kiosk.
    public struct Verdict: Sendable, Equatable {
        public enum Alert: Sendable, Equatable {
            /// Leave the kiosk's alert as it is (none, or the open one).
            case keep
            /// Open an alert with this priority (none is open).
            case open(priority: String)
            /// Raise the open alert to urgent.
            case escalate
            /// Resolve the open alert: heartbeats resumed.
            case resolve
        }

        public var online: Bool
        public var alert: Alert

        public init(online: Bool, alert: Alert) {
            self.online = online
            self.alert = alert
        }
    }

    /// Decides a kiosk's state.
    /// - Parameters:
    ///   - silentFor: time since its last heartbeat (or since it was created, if it never beat).
    ///   - gymOpen: whether its gym is open now; a closed gym's offline kiosk raises nothing.
    ///   - openAlertPriority: the priority of its open `kiosk_offline` alert, if one is open.
    public static func verdict(silentFor: TimeInterval, gymOpen: Bool, openAlertPriority: String?) -> Verdict {
        let online = silentFor <= onlineWindow
        if online {
            return Verdict(online: true, alert: openAlertPriority == nil ? .keep : .resolve)
        }
        guard gymOpen, silentFor > alertAfter else { return Verdict(online: false, alert: .keep) }
        let urgent = silentFor > urgentAfter
        switch openAlertPriority {
        case nil: return Verdict(online: false, alert: .open(priority: urgent ? "urgent" : "high"))
        case let priority? where urgent && priority != "urgent": return Verdict(online: false, alert: .escalate)
        default: return Verdict(online: false, alert: .keep)
        }
    }
}
