import Cron
import Foundation

/// What the weekly report's template (``WeeklyReportTemplate``) shows: every figure already
/// written in French, every text still raw (the template escapes it).
///
/// The two SVG charts are markup built by ``WeeklyReportHTML``, inserted unescaped; see there
/// why that is safe.
struct WeeklyReportPage {
    struct Card {
        var label: String
        var value: String
        var note: String
        /// `good`, `bad` or empty: the colour of the card's edge.
        var tone: String
    }

    struct Insight {
        /// `positive`, `info` or `warning`: the item's class.
        var severity: String
        var label: String
        var message: String
    }

    struct AtRiskRow {
        var name: String
        var score: String
        /// The level's code, the pill's class.
        var level: String
        var levelText: String
    }

    struct Conversations {
        var total: String
        var positive: String
        var neutral: String
        var negative: String
    }

    /// A row of two cells: a label and a count.
    struct CountRow {
        var label: String
        var count: String
    }

    struct KioskRow {
        var name: String
        var slug: String
        var status: String
        var upBuckets: String
        var buckets: String
        var uptime: String
        /// Below the uptime target: the row is shown in red.
        var below: Bool
    }

    var stylesheet = WeeklyReportTemplate.stylesheet
    var title: String
    var gym: String
    var week: String
    var monday: String
    var sunday: String
    var zone: String
    var generated: String
    var cards: [Card]
    var hasInsights: Bool
    var insights: [Insight]
    var visitsChart: String
    var churnChart: String
    var unscoredNote: String?
    var hasAtRisk: Bool
    var atRisk: [AtRiskRow]
    var atRiskNote: String?
    var conversations: Conversations
    var hasTopics: Bool
    var topics: [CountRow]
    var alerts: [CountRow]
    var alertsTotal: String
    var hasKiosks: Bool
    var kiosks: [KioskRow]
    var kioskTotal: KioskRow
    var windowStart: String
    var windowEnd: String
    var windowHours: String

    init(_ report: WeeklyReport, visitsChart: String, churnChart: String) {
        let metrics = report.metrics
        let generated = LocalDateTime(report.generatedAt, in: report.gym.timeZone)
        title = report.title
        gym = report.gym.name
        week = report.period.week.description
        monday = FrenchFormat.longDate(report.period.week.monday)
        sunday = FrenchFormat.longDate(report.period.week.sunday)
        zone = report.gym.timeZone.identifier
        self.generated =
            LocalDate(report.generatedAt, in: report.gym.timeZone).frenchNumeric
            + " à " + Self.two(generated.hour) + ":" + Self.two(generated.minute)
        cards = Self.cards(metrics)
        hasInsights = !report.insights.isEmpty
        insights = report.insights.map { insight in
            let label =
                switch insight.severity {
                case .positive: "Bonne nouvelle"
                case .info: "Info"
                case .warning: "Attention"
                }
            return Insight(severity: insight.severity.rawValue, label: label, message: insight.message)
        }
        self.visitsChart = visitsChart
        self.churnChart = churnChart
        let unscored = metrics.churn.unscored
        unscoredNote =
            unscored > 0
            ? "\(FrenchFormat.integer(unscored)) membre\(unscored > 1 ? "s" : "") pas encore analysé\(unscored > 1 ? "s" : "")."
            : nil
        hasAtRisk = !metrics.atRiskMembers.isEmpty
        atRisk = metrics.atRiskMembers.map { member in
            AtRiskRow(
                name: member.displayName,
                score: FrenchFormat.decimal(member.score, places: 2),
                level: member.level,
                levelText: ChurnLevel(rawValue: member.level)?.french ?? member.level
            )
        }
        atRiskNote =
            metrics.churn.atRisk > metrics.atRiskMembers.count
            ? "\(FrenchFormat.integer(metrics.churn.atRisk)) membres à risque en tout ; les \(metrics.atRiskMembers.count) plus exposés sont listés."
            : nil
        conversations = Conversations(
            total: FrenchFormat.integer(metrics.conversations),
            positive: FrenchFormat.integer(metrics.sentiment.positive),
            neutral: FrenchFormat.integer(metrics.sentiment.neutral),
            negative: FrenchFormat.integer(metrics.sentiment.negative)
        )
        hasTopics = !metrics.topTopics.isEmpty
        topics = metrics.topTopics.map { CountRow(label: $0.topic, count: FrenchFormat.integer($0.count)) }
        alerts = Self.alertRows(metrics.alerts)
        alertsTotal = FrenchFormat.integer(metrics.alerts.total)
        let uptime = metrics.kioskUptime
        hasKiosks = !uptime.kiosks.isEmpty
        kiosks = uptime.kiosks.map { kiosk in
            KioskRow(
                name: kiosk.name,
                slug: kiosk.slug,
                status: Self.kioskStatuses[kiosk.status] ?? kiosk.status,
                upBuckets: FrenchFormat.integer(kiosk.upBuckets),
                buckets: FrenchFormat.integer(kiosk.buckets),
                uptime: kiosk.uptimePercent.map { FrenchFormat.percent($0, places: 2) } ?? "—",
                below: kiosk.buckets > 0 && kiosk.upBuckets * 100 < WeeklyInsights.uptimeTargetPercent * kiosk.buckets
            )
        }
        kioskTotal = KioskRow(
            name: "Ensemble",
            slug: "",
            status: "",
            upBuckets: FrenchFormat.integer(uptime.upBuckets),
            buckets: FrenchFormat.integer(uptime.buckets),
            uptime: uptime.overallPercent.map { FrenchFormat.percent($0, places: 2) } ?? "—",
            below: false
        )
        windowStart = metrics.window.startUTC
        windowEnd = metrics.window.endUTC
        windowHours = FrenchFormat.decimal(metrics.window.hours, places: 0)
    }

    // MARK: Sections

    private static func cards(_ metrics: WeeklyMetrics) -> [Card] {
        let visits = metrics.visits
        let change = visits.changePercent.map { signedPercent($0) + " vs semaine précédente" } ?? "aucune visite la semaine précédente"
        let mean = metrics.sentiment.mean.map { FrenchFormat.decimal($0, places: 2) } ?? "—"
        let uptime = metrics.kioskUptime.overallPercent.map { FrenchFormat.percent($0, places: 2) } ?? "—"
        return [
            Card(label: "Visites", value: FrenchFormat.integer(visits.total), note: change, tone: tone(of: visits)),
            Card(
                label: "Visiteurs uniques",
                value: FrenchFormat.integer(visits.uniqueVisitors),
                note: "\(FrenchFormat.integer(visits.previousUniqueVisitors)) la semaine précédente",
                tone: ""
            ),
            Card(
                label: "Conversations",
                value: FrenchFormat.integer(metrics.conversations),
                note: "\(FrenchFormat.integer(metrics.sentiment.summaries)) résumées",
                tone: ""
            ),
            Card(
                label: "Sentiment moyen",
                value: mean,
                note: "de -1 à 1",
                tone: metrics.sentiment.mean.map {
                    $0 > WeeklyInsights.positiveSentiment ? "good" : $0 < WeeklyInsights.negativeSentiment ? "bad" : ""
                } ?? ""
            ),
            Card(
                label: "Membres actifs",
                value: FrenchFormat.integer(metrics.members.active),
                note:
                    "\(FrenchFormat.integer(metrics.members.new)) nouveau\(metrics.members.new > 1 ? "x" : ""), \(FrenchFormat.integer(metrics.members.lapsed)) sans visite depuis 30 jours",
                tone: ""
            ),
            Card(
                label: "Disponibilité kiosks",
                value: uptime,
                note: "objectif \(WeeklyInsights.uptimeTargetPercent)\(FrenchFormat.space)%",
                tone: metrics.kioskUptime.buckets == 0
                    ? ""
                    : metrics.kioskUptime.upBuckets * 100 < WeeklyInsights.uptimeTargetPercent * metrics.kioskUptime.buckets ? "bad" : "good"
            ),
        ]
    }

    private static func tone(of visits: WeeklyMetrics.Visits) -> String {
        guard let change = visits.changePercent else { return "" }
        return change < -Double(WeeklyInsights.visitsDropPercent) ? "bad" : change > 0 ? "good" : ""
    }

    /// Alerts by type, in the order of ``WeeklyMetrics/Alerts/types``, unknown types last by name.
    private static func alertRows(_ alerts: WeeklyMetrics.Alerts) -> [CountRow] {
        let labels = ["churn_risk": "Risque de départ", "kiosk_offline": "Kiosk hors ligne", "job_failed": "Tâche en échec"]
        let order = { (type: String) in (WeeklyMetrics.Alerts.types.firstIndex(of: type) ?? 99, type) }
        return alerts.byType.keys.sorted { order($0) < order($1) }.map { type in
            CountRow(label: labels[type] ?? type, count: FrenchFormat.integer(alerts.byType[type] ?? 0))
        }
    }

    private static let kioskStatuses = ["online": "en ligne", "offline": "hors ligne", "maintenance": "maintenance", "error": "erreur"]

    private static func signedPercent(_ value: Double) -> String {
        (value > 0 ? "+" : "") + FrenchFormat.percent(value, places: 1)
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
