import Cron
import Foundation

/// A weekly report as a short plain-text summary, in French, for the terminal
/// (`jarvis reports show`). Pure: a report in, lines out.
public enum WeeklyReportSummary {
    public static func render(_ report: WeeklyReport) -> String {
        let metrics = report.metrics
        let visits = metrics.visits
        let sentiment = metrics.sentiment
        let generated = LocalDateTime(report.generatedAt, in: report.gym.timeZone)
        var lines = [
            report.title,
            "\(report.gym.name) (\(report.gym.slug)) · \(report.period.week) · du \(FrenchFormat.longDate(report.period.week.monday)) au \(FrenchFormat.longDate(report.period.week.sunday)) (\(report.gym.timeZone.identifier))",
            "Généré le \(LocalDate(report.generatedAt, in: report.gym.timeZone).frenchNumeric) à \(two(generated.hour)):\(two(generated.minute))",
            "",
        ]
        var rows: [(String, String)] = []
        let change =
            visits.changePercent.map { "\($0 > 0 ? "+" : "")\(FrenchFormat.percent($0, places: 1)) vs \(FrenchFormat.integer(visits.previousTotal))" }
            ?? "aucune la semaine précédente"
        rows.append(
            ("Visites", "\(FrenchFormat.integer(visits.total)) (\(change)), \(FrenchFormat.integer(visits.uniqueVisitors)) visiteurs uniques")
        )
        rows.append(("Par jour", zip(FrenchFormat.shortWeekdays, visits.perDay).map { "\($0) \($1)" }.joined(separator: ", ")))
        let mean = sentiment.mean.map { "sentiment moyen \(FrenchFormat.decimal($0, places: 2))" } ?? "aucun résumé"
        rows.append(
            (
                "Conversations",
                "\(FrenchFormat.integer(metrics.conversations)), \(mean) (\(sentiment.positive) positifs, \(sentiment.neutral) neutres, \(sentiment.negative) négatifs)"
            )
        )
        if !metrics.topTopics.isEmpty {
            rows.append(("Sujets", metrics.topTopics.map { "\($0.topic) (\($0.count))" }.joined(separator: ", ")))
        }
        rows.append(
            (
                "Membres actifs",
                "\(FrenchFormat.integer(metrics.members.active)) (\(metrics.members.new) nouveaux, \(metrics.members.lapsed) sans visite depuis 30 jours)"
            )
        )
        rows.append(
            (
                "Risque de départ",
                ChurnLevel.allCases.map { "\($0.french) \(metrics.churn[$0])" }.joined(separator: ", ")
                    + (metrics.churn.unscored > 0 ? ", non analysés \(metrics.churn.unscored)" : "")
            )
        )
        if !metrics.atRiskMembers.isEmpty {
            rows.append(
                (
                    "À contacter",
                    metrics.atRiskMembers.map { "\($0.displayName) (\(FrenchFormat.decimal($0.score, places: 2)))" }.joined(separator: ", ")
                )
            )
        }
        let uptime = metrics.kioskUptime
        rows.append(("Kiosks", uptime.overallPercent.map { FrenchFormat.percent($0, places: 2) + " de disponibilité" } ?? "aucun en service"))
        for kiosk in uptime.kiosks {
            rows.append(("", "\(kiosk.name) (\(kiosk.slug)) \(kiosk.uptimePercent.map { FrenchFormat.percent($0, places: 2) } ?? "—")"))
        }
        rows.append(
            (
                "Alertes",
                "\(metrics.alerts.total)"
                    + (metrics.alerts.total > 0
                        ? " ("
                            + metrics.alerts.byType.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                                separator: ", "
                            ) + ")" : "")
            )
        )
        let width = rows.map(\.0.count).max() ?? 0
        lines += rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }
        lines.append("")
        if report.insights.isEmpty {
            lines.append("Rien à signaler cette semaine.")
        } else {
            lines.append("Points clés :")
            lines += report.insights.map { "- \($0.message)" }
        }
        return lines.joined(separator: "\n")
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
