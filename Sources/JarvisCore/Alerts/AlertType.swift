/// What a manager alert is about. Stored as text in `manager_alerts.alert_type`.
public enum AlertType: String, Sendable, Codable, CaseIterable {
    /// A member at risk of leaving (`churn:<member id>`), opened by the churn analysis.
    case churnRisk = "churn_risk"
    /// A kiosk silent too long while its gym is open (`kiosk:<kiosk id>`), opened by the kiosk health check.
    case kioskOffline = "kiosk_offline"
    /// A job that keeps failing.
    case jobFailed = "job_failed"
}
