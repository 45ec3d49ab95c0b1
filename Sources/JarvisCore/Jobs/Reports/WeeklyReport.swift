import Foundation

/// One gym's weekly report: what the `weekly-reports` job stores in `insights_reports` and what
/// managers read (as text, JSON or an HTML page).
public struct WeeklyReport: Sendable, Equatable {
    /// `insights_reports.report_type` of these reports.
    public static let reportType = "weekly"

    public var gym: Gym
    public var period: ReportPeriod
    /// `Rapport Hebdomadaire - Semaine du 22/03/2027`.
    public var title: String
    public var metrics: WeeklyMetrics
    public var insights: [ReportInsight]
    /// The nominal time of the run that generated it.
    public var generatedAt: Date

    public init(gym: Gym, period: ReportPeriod, metrics: WeeklyMetrics, insights: [ReportInsight], generatedAt: Date) {
        self.gym = gym
        self.period = period
        self.title = period.title
        self.metrics = metrics
        self.insights = insights
        self.generatedAt = generatedAt
    }

    /// The gym a report is about.
    public struct Gym: Sendable, Equatable {
        public var id: Int64
        public var slug: String
        public var name: String
        public var timeZone: TimeZone

        public init(id: Int64, slug: String, name: String, timeZone: TimeZone) {
            self.id = id
            self.slug = slug
            self.name = name
            self.timeZone = timeZone
        }
    }

    /// The report as one JSON document (what `jarvis reports show --json` prints): the gym, the
    /// title, the period, when it was generated, the stored metrics and insights. Pretty-printed
    /// with sorted keys.
    public var jsonDocument: String {
        let document = Document(
            gym: .init(slug: gym.slug, name: gym.name, timeZone: gym.timeZone.identifier),
            title: title,
            period: .init(isoWeek: period.week.description, start: period.week.monday.description, end: period.week.sunday.description),
            generatedAt: Timestamp.string(from: generatedAt),
            metrics: metrics,
            insights: insights
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private struct Document: Encodable {
        struct GymPart: Encodable { var slug, name, timeZone: String }
        struct PeriodPart: Encodable { var isoWeek, start, end: String }
        var gym: GymPart
        var title: String
        var period: PeriodPart
        var generatedAt: String
        var metrics: WeeklyMetrics
        var insights: [ReportInsight]
    }

    /// A stored column as compact JSON with sorted keys.
    static func storedJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
