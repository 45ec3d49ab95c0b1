import Cron
import Foundation

/// A weekly report as one self-contained HTML page, in French: inline CSS (with print rules),
/// inline SVG charts, no script, no external asset, so it can be mailed, archived or printed
/// as it is. Every text taken from the data is escaped.
///
/// Pure: a report in, a string out.
public enum WeeklyReportHTML {
    public static func render(_ report: WeeklyReport) -> String {
        let metrics = report.metrics
        let generated = LocalDateTime(report.generatedAt, in: report.gym.timeZone)
        let generatedText = LocalDate(report.generatedAt, in: report.gym.timeZone).frenchNumeric
            + " à " + two(generated.hour) + ":" + two(generated.minute)
        var page = """
            <!DOCTYPE html>
            <html lang="fr">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(report.title)) – \(escape(report.gym.name))</title>
            <style>\(stylesheet)</style>
            </head>
            <body>
            <main>
            <header>
            <p class="eyebrow">\(escape(report.gym.name)) · semaine \(escape(report.period.week.description))</p>
            <h1>\(escape(report.title))</h1>
            <p class="period">Du \(escape(FrenchFormat.longDate(report.period.week.monday))) au \(escape(FrenchFormat.longDate(report.period.week.sunday))) \
            (\(escape(report.gym.timeZone.identifier))) · généré le \(escape(generatedText))</p>
            </header>

            """
        page += keyFigures(metrics)
        page += insights(report.insights)
        page += section("Visites par jour", visitsChart(metrics.visits, period: report.period))
        page += "<div class=\"columns\">\n"
        page += section("Risque de départ des membres actifs", churnChart(metrics.churn))
        page += section("Membres à contacter en priorité", atRiskTable(metrics.atRiskMembers, atRisk: metrics.churn.atRisk))
        page += "</div>\n<div class=\"columns\">\n"
        page += section("Conversations", conversations(metrics))
        page += section("Alertes créées", alertsTable(metrics.alerts))
        page += "</div>\n"
        page += section("Disponibilité des kiosks", kioskTable(metrics.kioskUptime))
        page += """
            <footer>Période mesurée : \(escape(metrics.window.startUTC)) → \(escape(metrics.window.endUTC)) (UTC, \
            \(escape(FrenchFormat.decimal(metrics.window.hours, places: 0))) heures). Rapport généré par jarvis.</footer>
            </main>
            </body>
            </html>

            """
        return page
    }

    // MARK: Sections

    private static func keyFigures(_ metrics: WeeklyMetrics) -> String {
        let visits = metrics.visits
        let change = visits.changePercent.map { signedPercent($0) + " vs semaine précédente" } ?? "aucune visite la semaine précédente"
        let mean = metrics.sentiment.mean.map { FrenchFormat.decimal($0, places: 2) } ?? "—"
        let uptime = metrics.kioskUptime.overallPercent.map { FrenchFormat.percent($0, places: 2) } ?? "—"
        let cards: [(label: String, value: String, note: String, tone: String)] = [
            ("Visites", FrenchFormat.integer(visits.total), change, tone(of: visits)),
            ("Visiteurs uniques", FrenchFormat.integer(visits.uniqueVisitors), "\(FrenchFormat.integer(visits.previousUniqueVisitors)) la semaine précédente", ""),
            ("Conversations", FrenchFormat.integer(metrics.conversations), "\(FrenchFormat.integer(metrics.sentiment.summaries)) résumées", ""),
            ("Sentiment moyen", mean, "de -1 à 1", metrics.sentiment.mean.map { $0 > WeeklyInsights.positiveSentiment ? "good" : $0 < WeeklyInsights.negativeSentiment ? "bad" : "" } ?? ""),
            ("Membres actifs", FrenchFormat.integer(metrics.members.active),
             "\(FrenchFormat.integer(metrics.members.new)) nouveau\(metrics.members.new > 1 ? "x" : ""), \(FrenchFormat.integer(metrics.members.lapsed)) sans visite depuis 30 jours", ""),
            ("Disponibilité kiosks", uptime, "objectif \(WeeklyInsights.uptimeTargetPercent)\(FrenchFormat.space)%",
             metrics.kioskUptime.buckets == 0 ? "" : metrics.kioskUptime.upBuckets * 100 < WeeklyInsights.uptimeTargetPercent * metrics.kioskUptime.buckets ? "bad" : "good"),
        ]
        var html = "<section class=\"cards\">\n"
        for card in cards {
            html += "<div class=\"card \(card.tone)\"><p class=\"label\">\(escape(card.label))</p><p class=\"value\">\(escape(card.value))</p><p class=\"note\">\(escape(card.note))</p></div>\n"
        }
        return html + "</section>\n"
    }

    private static func tone(of visits: WeeklyMetrics.Visits) -> String {
        guard let change = visits.changePercent else { return "" }
        return change < -Double(WeeklyInsights.visitsDropPercent) ? "bad" : change > 0 ? "good" : ""
    }

    private static func insights(_ insights: [ReportInsight]) -> String {
        var html = "<section class=\"insights\">\n<h2>Points clés</h2>\n"
        if insights.isEmpty {
            html += "<p class=\"empty\">Rien à signaler cette semaine.</p>\n"
        } else {
            html += "<ul>\n"
            for insight in insights {
                let label = switch insight.severity {
                case .positive: "Bonne nouvelle"
                case .info: "Info"
                case .warning: "Attention"
                }
                html += "<li class=\"\(insight.severity.rawValue)\"><span class=\"badge\">\(label)</span> \(escape(insight.message))</li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }

    /// Visits per day, this week against the week before: two series of 7 points over the
    /// days lun … dim, with a legend.
    static func visitsChart(_ visits: WeeklyMetrics.Visits, period: ReportPeriod) -> String {
        let (width, height) = (900.0, 320.0)
        let (left, right, top, bottom) = (52.0, 20.0, 44.0, 48.0)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = niceCeiling(max(1, (visits.perDay + visits.previousPerDay).max() ?? 1))
        let step = maximum / 4
        func x(_ day: Int) -> Double { left + (Double(day) + 0.5) * plotWidth / 7 }
        func y(_ value: Int) -> Double { top + plotHeight - Double(value) / Double(maximum) * plotHeight }
        func points(_ series: [Int]) -> String {
            series.prefix(7).enumerated().map { "\(number(x($0.offset))),\(number(y($0.element)))" }.joined(separator: " ")
        }
        var svg = """
            <svg class="chart" viewBox="0 0 \(number(width)) \(number(height))" role="img" aria-labelledby="visits-title">
            <title id="visits-title">Visites par jour : cette semaine (\(FrenchFormat.integer(visits.total))) et la semaine précédente (\(FrenchFormat.integer(visits.previousTotal)))</title>

            """
        // Grid and the value axis.
        for tick in stride(from: 0, through: maximum, by: max(1, step)) {
            svg += "<line class=\"grid\" x1=\"\(number(left))\" y1=\"\(number(y(tick)))\" x2=\"\(number(width - right))\" y2=\"\(number(y(tick)))\"/>"
            svg += "<text class=\"tick\" x=\"\(number(left - 8))\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(FrenchFormat.integer(tick))</text>\n"
        }
        svg += "<text class=\"axis-title\" x=\"14\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">visites</text>\n"
        // The day axis: lun … dim with the date.
        for day in 0..<7 {
            let date = period.week.monday.adding(days: day)
            svg += "<text class=\"day\" x=\"\(number(x(day)))\" y=\"\(number(height - bottom + 20))\" text-anchor=\"middle\">\(FrenchFormat.shortWeekdays[day])</text>"
            svg += "<text class=\"date\" x=\"\(number(x(day)))\" y=\"\(number(height - bottom + 36))\" text-anchor=\"middle\">\(two(date.day))/\(two(date.month))</text>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(number(left))\" y1=\"\(number(y(0)))\" x2=\"\(number(width - right))\" y2=\"\(number(y(0)))\"/>\n"
        // The week before, dashed, under this week.
        svg += "<polyline class=\"series previous\" points=\"\(points(visits.previousPerDay))\"/>\n"
        for (day, value) in visits.previousPerDay.prefix(7).enumerated() {
            svg += "<circle class=\"dot previous\" cx=\"\(number(x(day)))\" cy=\"\(number(y(value)))\" r=\"3.5\"/>"
        }
        svg += "\n<polyline class=\"series current\" points=\"\(points(visits.perDay))\"/>\n"
        for (day, value) in visits.perDay.prefix(7).enumerated() {
            svg += "<circle class=\"dot current\" cx=\"\(number(x(day)))\" cy=\"\(number(y(value)))\" r=\"4.5\"/>"
            // The value above this week's point, or above both points when the week before's is
            // close enough to collide with it.
            var top = y(value)
            if day < visits.previousPerDay.count, abs(y(visits.previousPerDay[day]) - top) < 16 { top = min(top, y(visits.previousPerDay[day])) }
            svg += "<text class=\"value\" x=\"\(number(x(day)))\" y=\"\(number(top - 10))\" text-anchor=\"middle\">\(FrenchFormat.integer(value))</text>"
        }
        // Legend.
        svg += """

            <g class="legend" transform="translate(\(number(left)) 16)">
            <line class="series current" x1="0" y1="0" x2="28" y2="0"/><circle class="dot current" cx="14" cy="0" r="4.5"/>
            <text x="36" y="4">Cette semaine (\(FrenchFormat.integer(visits.total)))</text>
            <line class="series previous" x1="220" y1="0" x2="248" y2="0"/><circle class="dot previous" cx="234" cy="0" r="3.5"/>
            <text x="256" y="4">Semaine précédente (\(FrenchFormat.integer(visits.previousTotal)))</text>
            </g>
            </svg>

            """
        return svg
    }

    private static func churnChart(_ churn: WeeklyMetrics.ChurnCounts) -> String {
        let levels = ChurnLevel.allCases
        let maximum = max(1, levels.map { churn[$0] }.max() ?? 1)
        let (labelWidth, barWidth, rowHeight) = (80.0, 220.0, 30.0)
        let height = rowHeight * Double(levels.count) + 8
        var svg = "<svg class=\"bars\" viewBox=\"0 0 360 \(number(height))\" width=\"360\" height=\"\(number(height))\" role=\"img\" aria-label=\"Membres actifs par niveau de risque\">\n"
        for (row, level) in levels.enumerated() {
            let count = churn[level]
            let y = 4 + Double(row) * rowHeight
            let width = count == 0 ? 0 : max(2, Double(count) / Double(maximum) * barWidth)
            svg += "<text class=\"bar-label\" x=\"0\" y=\"\(number(y + 17))\">\(level.french.capitalized)</text>"
            svg += "<rect class=\"bar \(level.rawValue)\" x=\"\(number(labelWidth))\" y=\"\(number(y + 4))\" width=\"\(number(width))\" height=\"18\" rx=\"3\"/>"
            svg += "<text class=\"bar-value\" x=\"\(number(labelWidth + width + 6))\" y=\"\(number(y + 17))\">\(FrenchFormat.integer(count))</text>\n"
        }
        svg += "</svg>\n"
        if churn.unscored > 0 {
            svg += "<p class=\"note\">\(FrenchFormat.integer(churn.unscored)) membre\(churn.unscored > 1 ? "s" : "") pas encore analysé\(churn.unscored > 1 ? "s" : "").</p>\n"
        }
        return svg
    }

    private static func atRiskTable(_ members: [WeeklyMetrics.AtRiskMember], atRisk: Int) -> String {
        guard !members.isEmpty else { return "<p class=\"empty\">Aucun membre à risque élevé.</p>\n" }
        var html = "<table>\n<thead><tr><th>Membre</th><th class=\"number\">Score</th><th>Niveau</th></tr></thead>\n<tbody>\n"
        for member in members {
            let level = ChurnLevel(rawValue: member.level)
            html += "<tr><td>\(escape(member.displayName))</td><td class=\"number\">\(FrenchFormat.decimal(member.score, places: 2))</td>"
            html += "<td><span class=\"pill \(escape(member.level))\">\(escape(level?.french ?? member.level))</span></td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        if atRisk > members.count {
            html += "<p class=\"note\">\(FrenchFormat.integer(atRisk)) membres à risque en tout ; les \(members.count) plus exposés sont listés.</p>\n"
        }
        return html
    }

    private static func conversations(_ metrics: WeeklyMetrics) -> String {
        let sentiment = metrics.sentiment
        var html = "<table>\n<tbody>\n"
        html += "<tr><td>Conversations</td><td class=\"number\">\(FrenchFormat.integer(metrics.conversations))</td></tr>\n"
        html += "<tr><td>Résumés positifs</td><td class=\"number\">\(FrenchFormat.integer(sentiment.positive))</td></tr>\n"
        html += "<tr><td>Résumés neutres</td><td class=\"number\">\(FrenchFormat.integer(sentiment.neutral))</td></tr>\n"
        html += "<tr><td>Résumés négatifs</td><td class=\"number\">\(FrenchFormat.integer(sentiment.negative))</td></tr>\n"
        html += "</tbody>\n</table>\n<h3>Sujets les plus abordés</h3>\n"
        guard !metrics.topTopics.isEmpty else { return html + "<p class=\"empty\">Aucun sujet relevé.</p>\n" }
        html += "<table>\n<tbody>\n"
        for topic in metrics.topTopics {
            html += "<tr><td>\(escape(topic.topic))</td><td class=\"number\">\(FrenchFormat.integer(topic.count))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func alertsTable(_ alerts: WeeklyMetrics.Alerts) -> String {
        let labels = ["churn_risk": "Risque de départ", "kiosk_offline": "Kiosk hors ligne", "job_failed": "Tâche en échec"]
        var html = "<table>\n<tbody>\n"
        for type in alerts.byType.keys.sorted(by: { (WeeklyMetrics.Alerts.types.firstIndex(of: $0) ?? 99, $0) < (WeeklyMetrics.Alerts.types.firstIndex(of: $1) ?? 99, $1) }) {
            html += "<tr><td>\(escape(labels[type] ?? type))</td><td class=\"number\">\(FrenchFormat.integer(alerts.byType[type] ?? 0))</td></tr>\n"
        }
        html += "<tr class=\"total\"><td>Total</td><td class=\"number\">\(FrenchFormat.integer(alerts.total))</td></tr>\n"
        return html + "</tbody>\n</table>\n"
    }

    private static func kioskTable(_ uptime: WeeklyMetrics.KioskUptime) -> String {
        guard !uptime.kiosks.isEmpty else { return "<p class=\"empty\">Aucun kiosk en service.</p>\n" }
        let statuses = ["online": "en ligne", "offline": "hors ligne", "maintenance": "maintenance", "error": "erreur"]
        var html = "<table>\n<thead><tr><th>Kiosk</th><th>État actuel</th><th class=\"number\">Créneaux de 10 min avec signal</th><th class=\"number\">Disponibilité</th></tr></thead>\n<tbody>\n"
        for kiosk in uptime.kiosks {
            let below = kiosk.buckets > 0 && kiosk.upBuckets * 100 < WeeklyInsights.uptimeTargetPercent * kiosk.buckets
            html += "<tr\(below ? " class=\"below\"" : "")><td>\(escape(kiosk.name)) <span class=\"muted\">\(escape(kiosk.slug))</span></td>"
            html += "<td>\(escape(statuses[kiosk.status] ?? kiosk.status))</td>"
            html += "<td class=\"number\">\(FrenchFormat.integer(kiosk.upBuckets)) / \(FrenchFormat.integer(kiosk.buckets))</td>"
            html += "<td class=\"number\">\(kiosk.uptimePercent.map { FrenchFormat.percent($0, places: 2) } ?? "—")</td></tr>\n"
        }
        html += "<tr class=\"total\"><td>Ensemble</td><td></td><td class=\"number\">\(FrenchFormat.integer(uptime.upBuckets)) / \(FrenchFormat.integer(uptime.buckets))</td>"
        html += "<td class=\"number\">\(uptime.overallPercent.map { FrenchFormat.percent($0, places: 2) } ?? "—")</td></tr>\n"
        return html + "</tbody>\n</table>\n"
    }

    private static func section(_ title: String, _ body: String) -> String {
        "<section>\n<h2>\(escape(title))</h2>\n\(body)</section>\n"
    }

    // MARK: Helpers

    /// Text made safe for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The smallest of 1, 2, 4, 5 or 10 × 10ⁿ (a multiple of 4 where it can be) at or above `value`, so the
    /// four grid steps fall on round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        guard value > 4 else { return 4 }
        var magnitude = 1
        while magnitude * 10 < value { magnitude *= 10 }
        for factor in [1, 2, 4, 5, 8, 10] where factor * magnitude >= value && (factor * magnitude) % 4 == 0 {
            return factor * magnitude
        }
        return 20 * magnitude
    }

    private static func signedPercent(_ value: Double) -> String {
        (value > 0 ? "+" : "") + FrenchFormat.percent(value, places: 1)
    }

    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static let stylesheet = """

        :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #2563eb; --previous: #9ca3af;
                --good: #15803d; --bad: #b91c1c; --warn: #b45309; --paper: #ffffff; --page: #f3f4f6; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--page); color: var(--ink);
               font: 15px/1.45 "DejaVu Sans", "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px; }
        header { margin-bottom: 16px; }
        .eyebrow { margin: 0; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-size: 12px; }
        h1 { margin: 4px 0; font-size: 26px; }
        h2 { margin: 0 0 12px; font-size: 17px; }
        h3 { margin: 16px 0 8px; font-size: 15px; }
        .period { margin: 0; color: var(--muted); }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 16px; }
        .cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; background: none; border: 0; padding: 0; }
        .card { background: var(--paper); border: 1px solid var(--line); border-left: 4px solid var(--line); border-radius: 8px; padding: 12px 16px; }
        .card.good { border-left-color: var(--good); }
        .card.bad { border-left-color: var(--bad); }
        .card .label { margin: 0; color: var(--muted); font-size: 13px; }
        .card .value { margin: 2px 0; font-size: 26px; font-weight: 700; }
        .card .note { margin: 0; color: var(--muted); font-size: 12px; }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
        .columns section { margin-bottom: 16px; }
        .insights ul { list-style: none; margin: 0; padding: 0; }
        .insights li { padding: 8px 12px; margin-bottom: 6px; border-radius: 6px; background: #f9fafb; border-left: 4px solid var(--muted); }
        .insights li.positive { border-left-color: var(--good); background: #f0fdf4; }
        .insights li.warning { border-left-color: var(--warn); background: #fffbeb; }
        .badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; margin-right: 6px; color: var(--muted); }
        .positive .badge { color: var(--good); }
        .warning .badge { color: var(--warn); }
        .empty, .note, .muted { color: var(--muted); }
        .note { font-size: 13px; margin: 8px 0 0; }
        table { width: 100%; border-collapse: collapse; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); }
        th { font-size: 12px; color: var(--muted); font-weight: 600; }
        .number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.total td { font-weight: 700; border-bottom: 0; }
        tr.below td { color: var(--bad); }
        .muted { font-size: 12px; }
        .pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; color: #fff; background: var(--muted); }
        .pill.high { background: #ea580c; }
        .pill.critical { background: #dc2626; }
        svg { max-width: 100%; height: auto; display: block; }
        svg.chart { width: 100%; }
        svg text { fill: var(--ink); font-size: 12px; font-family: inherit; }
        svg .tick, svg .date { fill: var(--muted); font-size: 11px; }
        svg .day { font-weight: 700; }
        svg .axis-title { fill: var(--muted); }
        svg .value { font-size: 11px; font-weight: 700; fill: var(--accent); paint-order: stroke; stroke: var(--paper); stroke-width: 3px; }
        .grid { stroke: var(--line); stroke-width: 1; }
        .axis { stroke: var(--muted); stroke-width: 1; }
        .series { fill: none; stroke-width: 2.5; stroke-linejoin: round; stroke-linecap: round; }
        .series.current { stroke: var(--accent); }
        .series.previous { stroke: var(--previous); stroke-dasharray: 6 5; }
        .dot.current { fill: var(--accent); }
        .dot.previous { fill: var(--paper); stroke: var(--previous); stroke-width: 2; }
        .bar.low { fill: #16a34a; } .bar.medium { fill: #d97706; } .bar.high { fill: #ea580c; } .bar.critical { fill: #dc2626; }
        .bar-value { font-weight: 700; }
        footer { color: var(--muted); font-size: 12px; margin-top: 8px; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { background: #fff; font-size: 12px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          main { max-width: none; padding: 0; }
          section, .card, tr { break-inside: avoid; }
          section { border-color: #d1d5db; padding: 10px 14px; margin-bottom: 10px; }
          .columns { gap: 10px; }
          .columns section { margin-bottom: 10px; }
          .cards { gap: 8px; margin-bottom: 10px; }
          h1 { font-size: 22px; }
          footer { break-before: avoid; }
        }
        @media (max-width: 700px) { .cards { grid-template-columns: repeat(2, 1fr); } .columns { grid-template-columns: 1fr; } }

        """
}
