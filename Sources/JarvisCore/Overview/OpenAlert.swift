import Foundation

/// A manager alert that is still open or acknowledged (`resolved_at IS NULL`), with its gym.
public struct OpenAlert: Sendable, Equatable {
    public var id: Int64
    public var gymSlug: String
    public var gymName: String
    /// `churn_risk`, `kiosk_offline` or `job_failed`.
    public var type: String
    /// `low`, `medium`, `high` or `urgent`.
    public var priority: String
    /// `open` or `acknowledged`.
    public var status: String
    public var title: String
    public var createdAt: Date

    public init(id: Int64, gymSlug: String, gymName: String, type: String, priority: String, status: String, title: String, createdAt: Date) {
        self.id = id
        self.gymSlug = gymSlug
        self.gymName = gymName
        self.type = type
        self.priority = priority
        self.status = status
        self.title = title
        self.createdAt = createdAt
    }
}

/// The open alerts: how many there are, and the most pressing ones.
public struct OpenAlerts: Sendable, Equatable {
    public var total: Int
    /// Urgent first, then high, medium, low; newest first within a priority.
    public var first: [OpenAlert]

    public init(total: Int, first: [OpenAlert]) {
        self.total = total
        self.first = first
    }
}
