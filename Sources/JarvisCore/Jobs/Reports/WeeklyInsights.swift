/// The findings of the original product's weekly report, as a pure function of the metrics:
/// each rule reads the stored figures, so what a manager reads in the JSON explains each line.
public enum WeeklyInsights {
    /// A mean sentiment above this is worth celebrating (scores run from −1 to 1; the original
    /// product's threshold).
    public static let positiveSentiment = 0.3
    /// A mean sentiment below this means members are unhappy enough to look at the conversations.
    public static let negativeSentiment = -0.1
    /// Members a manager is asked to call first.
    public static let contactFirst = 5
    /// A fall in visits of more than this percentage from the week before is flagged.
    public static let visitsDropPercent = 20
    /// The kiosks' availability target, in percent: below it, the worst kiosk is named.
    public static let uptimeTargetPercent = 99

    /// The insights, in this order: sentiment, members at risk, visits, kiosks. A week with
    /// nothing to say gives an empty list.
    public static func evaluate(_ metrics: WeeklyMetrics) -> [ReportInsight] {
        [sentiment(metrics), atRisk(metrics), visits(metrics), kiosks(metrics)].compactMap { $0 }
    }

    /// Mean sentiment > 0.3: positive; < −0.1: a warning with the count of negative conversations.
    static func sentiment(_ metrics: WeeklyMetrics) -> ReportInsight? {
        guard let mean = metrics.sentiment.mean else { return nil }
        let shown = FrenchFormat.decimal(mean, places: 2)
        if mean > positiveSentiment {
            return ReportInsight(type: .sentiment, severity: .positive, message: "Sentiment très positif cette semaine (\(shown)).")
        }
        if mean < negativeSentiment {
            let negative = metrics.sentiment.negative
            return ReportInsight(
                type: .sentiment,
                severity: .warning,
                message:
                    "Sentiment négatif cette semaine (\(shown)) : \(negative) conversation\(negative > 1 ? "s" : "") négative\(negative > 1 ? "s" : "") sur \(metrics.sentiment.summaries), à examiner."
            )
        }
        return nil
    }

    /// Members at high or critical risk: contact the most exposed first (up to five, named).
    static func atRisk(_ metrics: WeeklyMetrics) -> ReportInsight? {
        let count = metrics.churn.atRisk
        guard count > 0 else { return nil }
        let names = metrics.atRiskMembers.prefix(contactFirst).map(\.displayName).joined(separator: ", ")
        let message: String
        switch count {
        case 1: message = "1 membre à risque : le contacter en priorité (\(names))."
        case ...contactFirst: message = "\(count) membres à risque : les contacter en priorité (\(names))."
        default: message = "\(FrenchFormat.integer(count)) membres à risque : contacter en priorité les \(contactFirst) plus exposés (\(names))."
        }
        return ReportInsight(type: .churn, severity: .warning, message: message)
    }

    /// Visits down by more than 20 % from the week before (decided on the counts, not the
    /// rounded percentage).
    static func visits(_ metrics: WeeklyMetrics) -> ReportInsight? {
        let visits = metrics.visits
        guard visits.previousTotal > 0,
            (visits.previousTotal - visits.total) * 100 > visitsDropPercent * visits.previousTotal
        else { return nil }
        let drop = Double(visits.previousTotal - visits.total) * 100 / Double(visits.previousTotal)
        return ReportInsight(
            type: .visits,
            severity: .warning,
            message:
                "Fréquentation en baisse de \(FrenchFormat.percent(drop, places: 1)) par rapport à la semaine précédente (\(FrenchFormat.integer(visits.total)) visites contre \(FrenchFormat.integer(visits.previousTotal)))."
        )
    }

    /// Overall kiosk uptime under 99 % (decided on the bucket counts): names the least available kiosk.
    static func kiosks(_ metrics: WeeklyMetrics) -> ReportInsight? {
        let uptime = metrics.kioskUptime
        guard uptime.buckets > 0, uptime.upBuckets * 100 < uptimeTargetPercent * uptime.buckets else { return nil }
        let overall = Double(uptime.upBuckets) * 100 / Double(uptime.buckets)
        var message =
            "Disponibilité des kiosks de \(FrenchFormat.percent(overall, places: 2)) cette semaine (objectif \(uptimeTargetPercent)\(FrenchFormat.space)%)"
        let worst = uptime.kiosks
            .filter { $0.buckets > 0 }
            .min { Double($0.upBuckets) / Double($0.buckets) < Double($1.upBuckets) / Double($1.buckets) }
        if let worst {
            let share = Double(worst.upBuckets) * 100 / Double(worst.buckets)
            message +=
                " : le moins disponible est «\(FrenchFormat.space)\(worst.name)\(FrenchFormat.space)» (\(worst.slug), \(FrenchFormat.percent(share, places: 2)))"
        }
        return ReportInsight(type: .kiosks, severity: .warning, message: message + ".")
    }
}
