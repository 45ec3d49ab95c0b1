/// How pressing a manager alert is. Stored as text in `manager_alerts.priority`.
public enum AlertPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high, urgent

    /// 0 for low up to 3 for urgent.
    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .urgent: 3
        }
    }

    public static func < (lhs: AlertPriority, rhs: AlertPriority) -> Bool { lhs.rank < rhs.rank }
}
