import Foundation
import JarvisCore
import Testing

@Suite("Weekly report insights")
struct WeeklyInsightsTests {
    static let nbsp = "\u{00A0}"

    /// A quiet week: nothing for any rule to say.
    static func quietWeek() -> WeeklyMetrics {
        WeeklyMetrics(
            window: .init(
                isoWeek: "2027-W10",
                timeZone: "Europe/Paris",
                firstDay: "2027-03-08",
                lastDay: "2027-03-14",
                startUTC: "2027-03-07T23:00:00.000Z",
                endUTC: "2027-03-14T23:00:00.000Z",
                hours: 168
            ),
            conversations: 10,
            sentiment: .init(summaries: 10, mean: 0.1, positive: 4, neutral: 4, negative: 2),
            topTopics: [],
            members: .init(active: 100, new: 2, lapsed: 5),
            visits: .init(
                total: 100,
                uniqueVisitors: 40,
                previousTotal: 100,
                previousUniqueVisitors: 40,
                changePercent: 0,
                uniqueVisitorsChangePercent: 0,
                perDay: [20, 15, 15, 15, 15, 10, 10],
                previousPerDay: [20, 15, 15, 15, 15, 10, 10]
            ),
            churn: .init(low: 90, medium: 10),
            atRiskMembers: [],
            kioskUptime: .init(
                weekBuckets: 1008,
                overallPercent: 100,
                upBuckets: 1008,
                buckets: 1008,
                kiosks: [.init(slug: "lyon-1", name: "Accueil", status: "online", buckets: 1008, upBuckets: 1008, uptimePercent: 100)]
            ),
            alerts: .init(total: 0, byType: ["churn_risk": 0, "kiosk_offline": 0, "job_failed": 0])
        )
    }

    @Test func aQuietWeekHasNothingToSay() {
        #expect(WeeklyInsights.evaluate(Self.quietWeek()).isEmpty)
    }

    /// (mean sentiment, expected severity): strictly above 0.3, strictly below −0.1.
    static let sentiments: [(Double?, ReportInsight.Severity?)] = [
        (0.3, nil), (0.301, .positive), (0.42, .positive), (-0.1, nil), (-0.101, .warning), (0, nil), (nil, nil),
    ]

    @Test(arguments: sentiments)
    func sentimentThresholds(mean: Double?, severity: ReportInsight.Severity?) {
        var metrics = Self.quietWeek()
        metrics.sentiment.mean = mean
        #expect(WeeklyInsights.evaluate(metrics).first { $0.type == .sentiment }?.severity == severity)
    }

    @Test func sentimentMessagesUseAFrenchDecimalComma() {
        var metrics = Self.quietWeek()
        metrics.sentiment.mean = 0.42
        #expect(WeeklyInsights.evaluate(metrics).map(\.message) == ["Sentiment très positif cette semaine (0,42)."])
        metrics.sentiment.mean = -0.25
        #expect(
            WeeklyInsights.evaluate(metrics).map(\.message) == [
                "Sentiment négatif cette semaine (-0,25) : 2 conversations négatives sur 10, à examiner."
            ]
        )
    }

    /// (visits this week, the week before, flagged): more than 20 % down.
    static let drops: [(Int, Int, Bool)] = [
        (80, 100, false), (79, 100, true), (8, 10, false), (7, 10, true), (0, 1, true), (5, 0, false), (0, 0, false),
    ]

    @Test(arguments: drops)
    func visitsDownByMoreThanAFifth(total: Int, previous: Int, flagged: Bool) {
        var metrics = Self.quietWeek()
        metrics.visits.total = total
        metrics.visits.previousTotal = previous
        #expect(WeeklyInsights.evaluate(metrics).contains { $0.type == .visits } == flagged)
    }

    /// (up buckets of 1000, flagged): under 99 %.
    static let uptimes: [(Int, Bool)] = [(990, false), (989, true), (1000, false), (0, true)]

    @Test(arguments: uptimes)
    func kioskUptimeUnderTheTarget(up: Int, flagged: Bool) {
        var metrics = Self.quietWeek()
        metrics.kioskUptime = .init(
            weekBuckets: 1008,
            overallPercent: nil,
            upBuckets: up,
            buckets: 1000,
            kiosks: [.init(slug: "lyon-1", name: "Accueil", status: "online", buckets: 1000, upBuckets: up, uptimePercent: nil)]
        )
        #expect(WeeklyInsights.evaluate(metrics).contains { $0.type == .kiosks } == flagged)
    }

    @Test func theKioskWarningNamesTheLeastAvailableKiosk() {
        var metrics = Self.quietWeek()
        metrics.kioskUptime = .init(
            weekBuckets: 1008,
            overallPercent: 97.5,
            upBuckets: 1950,
            buckets: 2000,
            kiosks: [
                .init(slug: "lyon-1", name: "Accueil", status: "online", buckets: 1000, upBuckets: 990, uptimePercent: 99),
                .init(slug: "lyon-2", name: "Espace cardio", status: "offline", buckets: 1000, upBuckets: 960, uptimePercent: 96),
                .init(slug: "lyon-3", name: "Neuf", status: "online", buckets: 0, upBuckets: 0, uptimePercent: nil),
            ]
        )
        #expect(
            WeeklyInsights.evaluate(metrics).map(\.message) == [
                "Disponibilité des kiosks de 97,50\(Self.nbsp)% cette semaine (objectif 99\(Self.nbsp)%) : le moins disponible est «\(Self.nbsp)Espace cardio\(Self.nbsp)» (lyon-2, 96,00\(Self.nbsp)%)."
            ]
        )
    }

    @Test func atRiskMembersAreNamedOneOrSeveral() {
        var metrics = Self.quietWeek()
        metrics.churn.critical = 1
        metrics.atRiskMembers = [.init(memberId: 7, firstName: "Léa", lastInitial: "P.", score: 0.8, level: "critical")]
        #expect(WeeklyInsights.evaluate(metrics).map(\.message) == ["1 membre à risque : le contacter en priorité (Léa P.)."])
        metrics.churn.high = 1
        metrics.atRiskMembers.append(.init(memberId: 9, firstName: "Hugo", lastInitial: "", score: 0.5, level: "high"))
        #expect(WeeklyInsights.evaluate(metrics).map(\.message) == ["2 membres à risque : les contacter en priorité (Léa P., Hugo)."])
    }

    static let decimals: [(Double, Int, String)] = [
        (0.42, 2, "0,42"), (-0.25, 2, "-0,25"), (-0.0001, 2, "0,00"), (33.333, 1, "33,3"), (100, 2, "100,00"), (12480.5, 1, "12\u{00A0}480,5"),
    ]

    @Test(arguments: decimals)
    func frenchDecimals(value: Double, places: Int, text: String) {
        #expect(FrenchFormat.decimal(value, places: places) == text)
    }

    @Test func frenchIntegersPercentsAndDates() {
        #expect(FrenchFormat.integer(1250) == "1250")
        #expect(FrenchFormat.integer(12480) == "12\u{00A0}480")
        #expect(FrenchFormat.integer(1_234_567) == "1\u{00A0}234\u{00A0}567")
        #expect(FrenchFormat.percent(-33.33, places: 1) == "-33,3\u{00A0}%")
        #expect(FrenchFormat.longDate(LocalDate(iso: "2027-03-01")!) == "lundi 1er mars 2027")
        #expect(FrenchFormat.longDate(LocalDate(iso: "2027-08-15")!) == "dimanche 15 août 2027")
    }
}
