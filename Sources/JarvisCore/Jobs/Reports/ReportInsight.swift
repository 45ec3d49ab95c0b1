/// One finding of a weekly report, in French, as stored in `insights_reports.insights`
/// (`{"type":"sentiment","severity":"positive","message":"…"}`).
public struct ReportInsight: Sendable, Equatable, Codable {
    /// What the finding is about.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case sentiment, churn, visits, kiosks
    }

    /// How a manager should take it.
    public enum Severity: String, Sendable, Codable, CaseIterable {
        case positive, info, warning
    }

    public var type: Kind
    public var severity: Severity
    public var message: String

    public init(type: Kind, severity: Severity, message: String) {
        self.type = type
        self.severity = severity
        self.message = message
    }
}
