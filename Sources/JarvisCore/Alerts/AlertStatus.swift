/// Where a manager alert stands. Stored as text in `manager_alerts.status`; an alert is
/// *closed* (its `resolved_at` set) once resolved or dismissed.
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    /// Raised and not yet seen to.
    case open
    /// A manager has seen it; it stays on the list until resolved or dismissed.
    case acknowledged
    /// The situation is over: a manager said so, or the job that raised it saw it end.
    case resolved
    /// A manager judged it needs no action; the job does not raise it again until the situation
    /// changes (docs/jobs.md, "Dismissed alerts").
    case dismissed

    /// True for resolved and dismissed: `resolved_at` is set, and the alert no longer holds its dedup key.
    public var isClosed: Bool { self == .resolved || self == .dismissed }
}
