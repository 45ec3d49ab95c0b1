import Foundation
import JarvisCore
import Testing

@Suite("Weekly report rendering")
struct WeeklyReportHTMLTests {
    static func report(gymName: String = "Jarvis Fitness Lyon", atRisk: [WeeklyMetrics.AtRiskMember] = []) -> WeeklyReport {
        var metrics = WeeklyInsightsTests.quietWeek()
        metrics.visits.perDay = [12, 9, 10, 8, 7, 5, 3]
        metrics.visits.previousPerDay = [10, 10, 10, 10, 10, 10, 10]
        (metrics.visits.total, metrics.visits.previousTotal) = (54, 70)
        metrics.atRiskMembers = atRisk
        metrics.churn.high = atRisk.count
        metrics.topTopics = [.init(topic: "horaires & tarifs", count: 3)]
        let period = ReportPeriod(week: ISOWeek("2027-W10")!, timeZone: TimeZone(identifier: "Europe/Paris")!)
        return WeeklyReport(
            gym: .init(id: 1, slug: "lyon", name: gymName, timeZone: period.timeZone),
            period: period,
            metrics: metrics,
            insights: WeeklyInsights.evaluate(metrics),
            generatedAt: instant("2027-03-15T06:00:00+01:00")
        )
    }

    /// The `points` of the polyline with this class.
    static func points(of series: String, in html: String) throws -> [String] {
        let marker = "<polyline class=\"series \(series)\" points=\""
        let start = try #require(html.range(of: marker))
        let end = try #require(html[start.upperBound...].firstIndex(of: "\""))
        return html[start.upperBound..<end].split(separator: " ").map(String.init)
    }

    @Test func everyInsertedTextIsEscaped() {
        let member = WeeklyMetrics.AtRiskMember(memberId: 3, firstName: "<script>", lastInitial: "A.", score: 0.6, level: "high")
        let html = WeeklyReportHTML.render(Self.report(gymName: "Muscu & \"Co\" <b>", atRisk: [member]))
        #expect(html.contains("&lt;script&gt; A."))
        #expect(!html.contains("<script"))
        #expect(html.contains("Muscu &amp; &quot;Co&quot; &lt;b&gt;"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("horaires &amp; tarifs"))
        // The insight quotes the member's name: escaped there too.
        #expect(html.contains("(&lt;script&gt; A.)"))
    }

    @Test func aStoredReportOfAMemberNamedScriptRendersEscaped() async throws {
        let fixture = try WeeklyReportsJobTests.weekFixture()
        let lyon = try #require(try fixture.rows("SELECT id FROM gyms WHERE slug = 'lyon'").first?["id"] as Int64?)
        let member = try fixture.member(gym: lyon, name: "<script> alert(1)</script>", since: instant("2026-01-01T10:00:00+01:00"))
        try fixture.analytics(member: member, score: 0.99, level: "critical")
        _ = try await fixture.run(WeeklyReportsJob(), at: WeeklyReportsJobTests.slot)
        let report = try #require(try WeeklyReportsJobTests.report(fixture, gym: "lyon"))
        #expect(report.metrics.atRiskMembers.first?.displayName == "<script> A.")
        let html = WeeklyReportHTML.render(report)
        #expect(!html.contains("<script"))
        #expect(html.contains("<td>&lt;script&gt; A.</td>"))
        #expect(try Self.points(of: "current", in: html).count == 7)
        #expect(try Self.points(of: "previous", in: html).count == 7)
    }

    @Test func theChartHasTwoSeriesOfSevenPointsOverLabelledDays() throws {
        let html = WeeklyReportHTML.render(Self.report())
        #expect(html.contains("<svg class=\"chart\""))
        let current = try Self.points(of: "current", in: html)
        let previous = try Self.points(of: "previous", in: html)
        #expect(current.count == 7)
        #expect(previous.count == 7)
        // The previous week is flat at 10: one height; this week starts higher (12) and ends lower (3).
        let heights = { (points: [String]) in points.compactMap { $0.split(separator: ",").last.flatMap { Double($0) } } }
        #expect(Set(heights(previous)).count == 1)
        #expect(heights(current)[0] < heights(previous)[0])
        #expect(heights(current)[6] > heights(previous)[6])
        for day in ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"] {
            #expect(html.contains(">\(day)</text>"))
        }
        #expect(html.contains("Cette semaine (54)"))
        #expect(html.contains("Semaine précédente (70)"))
    }

    @Test func thePageIsSelfContainedFrenchAndPrintable() {
        let html = WeeklyReportHTML.render(Self.report())
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("<h1>Rapport Hebdomadaire - Semaine du 08/03/2027</h1>"))
        #expect(html.contains("Du lundi 8 mars 2027 au dimanche 14 mars 2027"))
        #expect(html.contains("généré le 15/03/2027 à 06:00"))
        #expect(html.contains("Disponibilité des kiosks"))
        #expect(html.contains("<li class=\"warning\"><span class=\"badge\">Attention</span> Fréquentation en baisse"))
    }

    @Test func theTextSummaryAndTheJSONDocument() throws {
        let report = Self.report()
        let text = WeeklyReportSummary.render(report)
        #expect(text.hasPrefix("Rapport Hebdomadaire - Semaine du 08/03/2027\nJarvis Fitness Lyon (lyon) · 2027-W10"))
        #expect(text.contains("Par jour          lun 12, mar 9, mer 10, jeu 8, ven 7, sam 5, dim 3"))
        let json = try #require(JSONValue(jsonText: report.jsonDocument))
        #expect(json["title"] == "Rapport Hebdomadaire - Semaine du 08/03/2027")
        #expect(json["period"] == ["isoWeek": "2027-W10", "start": "2027-03-08", "end": "2027-03-14"])
        #expect(json["metrics"]?["visits"]?["perDay"] == [12, 9, 10, 8, 7, 5, 3])
        #expect(json["generatedAt"] == "2027-03-15T05:00:00.000Z")
        #expect(json["insights"] == [["type": "visits", "severity": "warning", "message": .string(report.insights[0].message)]])
        #expect(report.insights[0].message.hasPrefix("Fréquentation en baisse de 22,9"))
    }
}
