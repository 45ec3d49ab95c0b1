import Foundation

/// Which alerts to list, newest first, and which page.
public struct AlertQuery: Sendable, Equatable {
    /// Only the alerts of the gym with this slug.
    public var gym: String?
    public var type: AlertType?
    /// Only alerts in one of these statuses; empty: every status.
    public var statuses: [AlertStatus]
    public var priority: AlertPriority?
    public var limit: Int
    /// Only alerts older than this alert id: the `nextCursor` of the previous page.
    public var cursor: Int64?

    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public init(
        gym: String? = nil,
        type: AlertType? = nil,
        statuses: [AlertStatus] = [],
        priority: AlertPriority? = nil,
        limit: Int = AlertQuery.defaultLimit,
        cursor: Int64? = nil
    ) {
        self.gym = gym
        self.type = type
        self.statuses = statuses
        self.priority = priority
        self.limit = limit
        self.cursor = cursor
    }

    /// Statuses written as the edges take them: one or several, comma-separated (`open,acknowledged`).
    public static func statuses(_ text: String, field: String = "status") throws -> [AlertStatus] {
        try text.split(separator: ",", omittingEmptySubsequences: true).map {
            try AlertStatus.parse($0.trimmingCharacters(in: .whitespaces), field: field)
        }
    }
}

/// One page of alerts; `nextCursor` is set when there may be more.
public struct AlertPage: Sendable, Equatable {
    public var alerts: [AlertResource]
    public var nextCursor: Int64?
}
