import Cron
import Foundation

/// A weekly report as one self-contained HTML page, in French: inline CSS (with print rules),
/// inline SVG charts, no script, no external asset, so it can be mailed, archived or printed
/// as it is.
///
/// The page is the Mustache template ``WeeklyReportTemplate`` rendered with ``HTMLTemplates``,
/// as the dashboard's pages are, so every text taken from the data is escaped by Mustache.
/// The two charts are SVG built here and inserted unescaped (`{{{…}}}`); that is safe because
/// every text node in them goes through ``HTMLTemplates/escape(_:)`` (Mustache's escaping) and
/// every attribute is a number formatted here or a fixed class name.
///
/// Pure: a report in, a string out.
public enum WeeklyReportHTML {
    public static func render(_ report: WeeklyReport) -> String {
        let page = WeeklyReportPage(
            report,
            visitsChart: visitsChart(report.metrics.visits, period: report.period),
            churnChart: churnChart(report.metrics.churn)
        )
        do {
            return try templates.get().render(page, template: WeeklyReportTemplate.name)
        } catch {
            return failurePage(error)
        }
    }

    /// The page's template, parsed once. It is a constant, so it parses (a test renders it);
    /// were it broken, the page says so rather than the appliance stopping.
    private static let templates = Result { () throws(HTMLTemplateError) in
        try HTMLTemplates([WeeklyReportTemplate.name: WeeklyReportTemplate.page])
    }

    private static func failurePage(_ error: HTMLTemplateError) -> String {
        """
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><title>Rapport indisponible</title></head>
        <body><p>Le rapport ne peut pas être affiché : \(escape(error.description)).</p></body>
        </html>

        """
    }

    // MARK: Charts

    /// Visits per day, this week against the week before: two series of 7 points over the
    /// days lun … dim, with a legend.
    static func visitsChart(_ visits: WeeklyMetrics.Visits, period: ReportPeriod) -> String {
        let (width, height) = (900.0, 320.0)
        let (left, right, top, bottom) = (52.0, 20.0, 44.0, 48.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let maximum = niceCeiling(max(1, (visits.perDay + visits.previousPerDay).max() ?? 1))
        let step = maximum / 4
        func x(_ day: Int) -> Double { left + (Double(day) + 0.5) * plotWidth / 7 }
        func y(_ value: Int) -> Double { top + plotHeight - Double(value) / Double(maximum) * plotHeight }
        func points(_ series: [Int]) -> String {
            series.prefix(7).enumerated().map { "\(number(x($0.offset))),\(number(y($0.element)))" }.joined(separator: " ")
        }
        var svg = """
            <svg class="chart" viewBox="0 0 \(number(width)) \(number(height))" role="img" aria-labelledby="visits-title">
            <title id="visits-title">\(escape("Visites par jour : cette semaine (\(FrenchFormat.integer(visits.total))) et la semaine précédente (\(FrenchFormat.integer(visits.previousTotal)))"))</title>

            """
        // Grid and the value axis.
        for tick in stride(from: 0, through: maximum, by: max(1, step)) {
            svg += "<line class=\"grid\" x1=\"\(number(left))\" y1=\"\(number(y(tick)))\" x2=\"\(number(width - right))\" y2=\"\(number(y(tick)))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(number(left - 8))\" y=\"\(number(y(tick) + 4))\" text-anchor=\"end\">\(escape(FrenchFormat.integer(tick)))</text>\n"
        }
        svg +=
            "<text class=\"axis-title\" x=\"14\" y=\"\(number(top + plotHeight / 2))\" transform=\"rotate(-90 14 \(number(top + plotHeight / 2)))\" text-anchor=\"middle\">visites</text>\n"
        // The day axis: lun … dim with the date.
        for day in 0..<7 {
            let date = period.week.monday.adding(days: day)
            svg +=
                "<text class=\"day\" x=\"\(number(x(day)))\" y=\"\(number(height - bottom + 20))\" text-anchor=\"middle\">\(escape(FrenchFormat.shortWeekdays[day]))</text>"
            svg +=
                "<text class=\"date\" x=\"\(number(x(day)))\" y=\"\(number(height - bottom + 36))\" text-anchor=\"middle\">\(escape("\(two(date.day))/\(two(date.month))"))</text>\n"
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
            svg +=
                "<text class=\"value\" x=\"\(number(x(day)))\" y=\"\(number(top - 10))\" text-anchor=\"middle\">\(escape(FrenchFormat.integer(value)))</text>"
        }
        // Legend.
        svg += """

            <g class="legend" transform="translate(\(number(left)) 16)">
            <line class="series current" x1="0" y1="0" x2="28" y2="0"/><circle class="dot current" cx="14" cy="0" r="4.5"/>
            <text x="36" y="4">\(escape("Cette semaine (\(FrenchFormat.integer(visits.total)))"))</text>
            <line class="series previous" x1="220" y1="0" x2="248" y2="0"/><circle class="dot previous" cx="234" cy="0" r="3.5"/>
            <text x="256" y="4">\(escape("Semaine précédente (\(FrenchFormat.integer(visits.previousTotal)))"))</text>
            </g>
            </svg>
            """
        return svg
    }

    /// Active members per churn level, as horizontal bars.
    static func churnChart(_ churn: WeeklyMetrics.ChurnCounts) -> String {
        let levels = ChurnLevel.allCases
        let maximum = max(1, levels.map { churn[$0] }.max() ?? 1)
        let (labelWidth, barWidth, rowHeight) = (80.0, 220.0, 30.0)
        let height = rowHeight * Double(levels.count) + 8
        var svg =
            "<svg class=\"bars\" viewBox=\"0 0 360 \(number(height))\" width=\"360\" height=\"\(number(height))\" role=\"img\" aria-label=\"Membres actifs par niveau de risque\">\n"
        for (row, level) in levels.enumerated() {
            let count = churn[level]
            let y = 4 + Double(row) * rowHeight
            let width = count == 0 ? 0 : max(2, Double(count) / Double(maximum) * barWidth)
            svg += "<text class=\"bar-label\" x=\"0\" y=\"\(number(y + 17))\">\(escape(level.french.capitalized))</text>"
            svg +=
                "<rect class=\"bar \(level.rawValue)\" x=\"\(number(labelWidth))\" y=\"\(number(y + 4))\" width=\"\(number(width))\" height=\"18\" rx=\"3\"/>"
            svg +=
                "<text class=\"bar-value\" x=\"\(number(labelWidth + width + 6))\" y=\"\(number(y + 17))\">\(escape(FrenchFormat.integer(count)))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    // MARK: Helpers

    private static func escape(_ text: String) -> String { HTMLTemplates.escape(text) }

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

    private static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private static func two(_ value: Int) -> String { WeeklyReportPage.two(value) }
}
