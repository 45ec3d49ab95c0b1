/// What a manager does to an alert, with the status it leads to and the statuses it may start
/// from: open → acknowledged; open or acknowledged → resolved or dismissed; resolved or
/// dismissed → open again (reopen). Any other move is refused as a conflict.
public enum AlertAction: String, Sendable, CaseIterable {
    case acknowledge, resolve, dismiss, reopen

    /// The status the alert has after the action.
    public var target: AlertStatus {
        switch self {
        case .acknowledge: .acknowledged
        case .resolve: .resolved
        case .dismiss: .dismissed
        case .reopen: .open
        }
    }

    /// The statuses the action may be taken from.
    public var sources: [AlertStatus] {
        switch self {
        case .acknowledge: [.open]
        case .resolve, .dismiss: [.open, .acknowledged]
        case .reopen: [.resolved, .dismissed]
        }
    }

    /// Whether the action may be taken on an alert in `status`.
    public func applies(to status: AlertStatus) -> Bool { sources.contains(status) }

    /// Whether a note must come with the action: a resolution says what was done.
    public var requiresNote: Bool { self == .resolve }

    /// The `system_logs` message of the action, in French as staff read it.
    public var logMessage: String {
        switch self {
        case .acknowledge: StaffTexts.alertAcknowledged
        case .resolve: StaffTexts.alertResolved
        case .dismiss: StaffTexts.alertDismissed
        case .reopen: StaffTexts.alertReopened
        }
    }
}
