import Foundation

/// How long each kind of personal data is kept (GDPR). Each period is configurable in the
/// configuration file's `retention` section, as `"<n>d"`, `"<n>m"` (calendar months) or
/// `"<n>y"`; the defaults are the product's.
public struct RetentionPolicy: Sendable, Equatable {
    /// A retention period in calendar units, counted back from the run's nominal time in UTC.
    public struct Period: Sendable, Equatable, CustomStringConvertible {
        public enum Unit: String, Sendable {
            case days = "d"
            case months = "m"
            case years = "y"
        }
        public var count: Int
        public var unit: Unit

        public init(_ count: Int, _ unit: Unit) {
            self.count = count
            self.unit = unit
        }

        /// Parses `90d`, `13m`, `3y`.
        public init?(_ text: String) {
            guard let last = text.last, let unit = Unit(rawValue: String(last)), let count = Int(text.dropLast()),
                (1...10_000).contains(count)
            else { return nil }
            self.init(count, unit)
        }

        public var description: String { "\(count)\(unit.rawValue)" }

        /// The instant this period before `date`: older data is past retention.
        public func cutoff(before date: Date) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let component: Calendar.Component =
                switch unit {
                case .days: .day
                case .months: .month
                case .years: .year
                }
            return calendar.date(byAdding: component, value: -count, to: date) ?? date
        }
    }

    /// Transcripts (`conversation_events`): 90 days.
    public var conversationEvents = Period(90, .days)
    /// `voice_sessions.session_metadata`, emptied: 30 days.
    public var sessionMetadata = Period(30, .days)
    /// `conversation_summaries`: 12 months.
    public var conversationSummaries = Period(12, .months)
    /// `system_logs`: 180 days.
    public var systemLogs = Period(180, .days)
    /// `kiosk_heartbeats`: 30 days.
    public var kioskHeartbeats = Period(30, .days)
    /// `member_visits`: 13 months (a year of history plus the month to compare with).
    public var memberVisits = Period(13, .months)
    /// Resolved or dismissed `manager_alerts`: 12 months after they closed.
    public var closedAlerts = Period(12, .months)
    /// Former members are anonymised this long after their membership ended: 3 years.
    public var formerMembers = Period(3, .years)

    public init() {}

    /// The setting names of the configuration file's `retention` section, in order.
    public static let keys = [
        "conversationEvents", "sessionMetadata", "conversationSummaries", "systemLogs",
        "kioskHeartbeats", "memberVisits", "closedAlerts", "formerMembers",
    ]

    private var keyPaths: [String: WritableKeyPath<RetentionPolicy, Period>] {
        [
            "conversationEvents": \.conversationEvents, "sessionMetadata": \.sessionMetadata,
            "conversationSummaries": \.conversationSummaries, "systemLogs": \.systemLogs,
            "kioskHeartbeats": \.kioskHeartbeats, "memberVisits": \.memberVisits,
            "closedAlerts": \.closedAlerts, "formerMembers": \.formerMembers,
        ]
    }

    /// The policy of a `retention` JSON object, e.g. `{"conversationEvents": "60d"}`; unnamed
    /// periods keep their defaults. Unknown keys and bad values are refused by name.
    public init(json value: JSONValue) throws(ConfigurationError) {
        guard case .object(let settings) = value else {
            throw ConfigurationError(setting: "retention", reason: "must be an object such as {\"conversationEvents\": \"90d\"}")
        }
        self.init()
        for (key, setting) in settings.sorted(by: { $0.key < $1.key }) {
            guard let path = keyPaths[key] else {
                throw ConfigurationError(setting: "retention.\(key)", reason: "unknown period; known: \(Self.keys.joined(separator: ", "))")
            }
            guard let text = setting.stringValue, let period = Period(text) else {
                throw ConfigurationError(
                    setting: "retention.\(key)",
                    reason: "'\(setting.stringValue ?? setting.jsonText)' is not a period such as 90d, 13m or 3y"
                )
            }
            self[keyPath: path] = period
        }
    }

    /// Every period by its setting name, for messages and the README.
    public var periods: [(key: String, period: Period)] {
        Self.keys.map { ($0, self[keyPath: keyPaths[$0]!]) }
    }
}
