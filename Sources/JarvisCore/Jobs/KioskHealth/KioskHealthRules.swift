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
            case open(priority: AlertPriority)
            /// Bring the open alert up to date: this priority (urgent after 24 h of silence, else
            /// high), and its title and text (the silence so far).
            case follow(priority: AlertPriority)
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
    ///   - hasOpenAlert: whether its `kiosk_offline` alert is open (or acknowledged).
    ///   - dismissedThisOutage: a manager dismissed its last alert and no heartbeat has come
    ///     since: the outage the manager judged needs no alert goes on, and raises none. A
    ///     heartbeat after the dismissal ends that outage; the next one may raise an alert.
    public static func verdict(silentFor: TimeInterval, gymOpen: Bool, hasOpenAlert: Bool, dismissedThisOutage: Bool = false) -> Verdict {
        let online = silentFor <= onlineWindow
        if online {
            return Verdict(online: true, alert: hasOpenAlert ? .resolve : .keep)
        }
        guard gymOpen else { return Verdict(online: false, alert: .keep) }
        let priority: AlertPriority = silentFor > urgentAfter ? .urgent : .high
        if hasOpenAlert { return Verdict(online: false, alert: .follow(priority: priority)) }
        guard silentFor > alertAfter, !dismissedThisOutage else { return Verdict(online: false, alert: .keep) }
        return Verdict(online: false, alert: .open(priority: priority))
    }
}
