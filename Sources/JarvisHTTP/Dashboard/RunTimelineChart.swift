import Foundation
import JarvisCore

/// The timeline of recent runs: one row per job, one dot per run at its slot, coloured by its
/// status, drawn as inline SVG on the server (no script, no external asset). Each dot carries a
/// `<title>` that browsers show on hover: run id, status, local time and duration.
struct RunTimelineChart {
    var jobs: [String]
    var runs: [JobRun]
    var start: Date
    var end: Date
    var timeZone: TimeZone
    var strings: DashboardStrings

    private let width = 1000.0
    private let labelWidth = 190.0
    private let rowHeight = 34.0
    private let top = 26.0

    /// The SVG markup; every text in it is escaped.
    func render() -> String {
        let plotWidth = width - labelWidth - 12
        let span = max(1, end.timeIntervalSince(start))
        let height = top + rowHeight * Double(max(1, jobs.count)) + 34
        func x(_ date: Date) -> Double { labelWidth + plotWidth * min(1, max(0, date.timeIntervalSince(start) / span)) }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg =
            "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(strings.recentRuns))\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"12\">"
        // Day lines at local midnights, labelled with the date.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var day = calendar.startOfDay(for: start)
        var index = 0
        while day <= end, index < 400 {
            if day >= start {
                let position = x(day)
                svg +=
                    "<line x1=\"\(number(position))\" y1=\"\(number(top - 6))\" x2=\"\(number(position))\" y2=\"\(number(height - 30))\" stroke=\"#e3e7ee\"/>"
                let parts = calendar.dateComponents([.day, .month], from: day)
                if index % 2 == 0 {
                    svg +=
                        "<text x=\"\(number(position + 3))\" y=\"14\" fill=\"#5d6778\">\(String(format: "%02d/%02d", parts.day ?? 0, parts.month ?? 0))</text>"
                }
                index += 1
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        for (row, job) in jobs.enumerated() {
            let y = top + rowHeight * Double(row) + rowHeight / 2
            svg += "<line x1=\"\(number(labelWidth))\" y1=\"\(number(y))\" x2=\"\(number(width - 12))\" y2=\"\(number(y))\" stroke=\"#eef1f6\"/>"
            svg += "<text x=\"4\" y=\"\(number(y + 4))\" fill=\"#1d2430\">\(escape(job))</text>"
            for run in runs where run.job == job {
                let title =
                    "#\(run.runID) \(run.job) · \(strings.status(run.status)) · "
                    + DashboardFormat.localTime(run.slotUTC, in: timeZone, strings: strings)
                    + (run.durationMs.map { " · " + DashboardFormat.duration(milliseconds: $0) } ?? "")
                svg +=
                    "<circle cx=\"\(number(x(run.slotUTC)))\" cy=\"\(number(y))\" r=\"5.5\" fill=\"\(Self.colour(run.status))\" stroke=\"#fff\" stroke-width=\"1\"><title>\(escape(title))</title></circle>"
            }
        }
        // Legend.
        var legendX = labelWidth
        let legendY = height - 12
        for status in [RunStatus.succeeded, .failed, .running, .missed] {
            svg += "<circle cx=\"\(number(legendX + 6))\" cy=\"\(number(legendY - 4))\" r=\"5\" fill=\"\(Self.colour(status))\"/>"
            let label = status == .failed ? "\(strings.status(.failed)) / \(strings.status(.timedOut))" : strings.status(status)
            svg += "<text x=\"\(number(legendX + 15))\" y=\"\(number(legendY))\" fill=\"#5d6778\">\(escape(label))</text>"
            legendX += 40 + Double(label.count) * 6.5
        }
        svg += "</svg>"
        return svg
    }

    /// The colour of a status: green for success, red for failures, amber while running, grey otherwise.
    static func colour(_ status: RunStatus) -> String {
        switch status {
        case .succeeded: "#1e7d46"
        case .failed, .timedOut, .abandoned: "#b42318"
        case .running: "#d08a00"
        case .missed, .skippedOverlap: "#98a2b3"
        }
    }

    private func escape(_ text: String) -> String { HTMLTemplates.escape(text) }
}
