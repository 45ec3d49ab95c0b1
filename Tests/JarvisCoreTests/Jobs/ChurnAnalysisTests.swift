import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Churn rules")
struct ChurnRulesTests {
    typealias Inputs = ChurnRules.Inputs

    /// Each factor at, just below and just above its threshold, alone (other inputs neutral).
    static let thresholds: [(Inputs, Int)] = [
        // absence: > 14 days → 0.20, > 21 days → 0.40
        (Inputs(daysSinceLastVisit: 14, negativeSummaries: 0, visitsLast30Days: 12), 0),
        (Inputs(daysSinceLastVisit: 15, negativeSummaries: 0, visitsLast30Days: 12), 20),
        (Inputs(daysSinceLastVisit: 21, negativeSummaries: 0, visitsLast30Days: 12), 20),
        (Inputs(daysSinceLastVisit: 22, negativeSummaries: 0, visitsLast30Days: 12), 40),
        // negative summaries in 90 days: > 2 → 0.15, > 5 → 0.30
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 2, visitsLast30Days: 12), 0),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 3, visitsLast30Days: 12), 15),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 5, visitsLast30Days: 12), 15),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 6, visitsLast30Days: 12), 30),
        // engagement: 30 days expect 12.86 visits; 0.3 of that is 3.86: 3 visits → 0.20, 4 → 0
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 3), 20),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 4), 0),
        // a newcomer of 10 days is expected 4.29 visits: 1 → 0.23 → 0.20, 2 → 0.47 → 0
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 1, daysOfMembershipInWindow: 10), 20),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 2, daysOfMembershipInWindow: 10), 0),
        // membership ends within 30 days → 0.10
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 12, daysUntilMembershipEnds: 29), 10),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 12, daysUntilMembershipEnds: 30), 10),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 12, daysUntilMembershipEnds: 31), 0),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 12, daysUntilMembershipEnds: -3), 10),
        (Inputs(daysSinceLastVisit: 0, negativeSummaries: 0, visitsLast30Days: 12, daysUntilMembershipEnds: nil), 0),
    ]

    @Test(arguments: thresholds)
    func eachFactorScoresAtItsThresholds(inputs: Inputs, hundredths: Int) {
        #expect(ChurnRules.assess(inputs).scoreHundredths == hundredths)
    }

    static let bands: [(Int, ChurnLevel)] = [(29, .low), (30, .medium), (49, .medium), (50, .high), (69, .high), (70, .critical), (100, .critical)]

    @Test(arguments: bands)
    func levelsFollowTheScoreBands(hundredths: Int, level: ChurnLevel) {
        #expect(ChurnLevel(scoreHundredths: hundredths) == level)
    }

    @Test func theDocumentedExamplesScoreExactly() {
        let high = ChurnRules.assess(Inputs(daysSinceLastVisit: 25, negativeSummaries: 3, visitsLast30Days: 4))
        #expect(high.score == 0.55)
        #expect(high.level == .high)
        let critical = ChurnRules.assess(Inputs(daysSinceLastVisit: 25, negativeSummaries: 6, visitsLast30Days: 4))
        #expect(critical.score == 0.70)
        #expect(critical.level == .critical)
    }

    @Test func everyFactorAtOnceIsCappedAtOne() {
        let all = ChurnRules.assess(Inputs(daysSinceLastVisit: 90, negativeSummaries: 12, visitsLast30Days: 0, daysUntilMembershipEnds: 3))
        #expect(all.absencePoints + all.sentimentPoints + all.engagementPoints + all.membershipEndPoints == 100)
        #expect(all.score == 1.0)
        #expect(all.level == .critical)
    }
}

@Suite("Churn alerts after a dismissal")
struct ChurnDismissalRuleTests {
    /// (level now, level when dismissed, left the alerting levels since, raises a new alert)
    static let cases: [(ChurnLevel, ChurnLevel, Bool, Bool)] = [
        (.high, .high, false, false),
        (.critical, .high, false, true),
        (.high, .critical, false, false),
        (.critical, .critical, false, false),
        (.high, .critical, true, true),
        (.high, .high, true, true),
        (.medium, .high, true, false),
        (.low, .high, false, false),
    ]

    @Test(arguments: cases)
    func aDismissalHoldsUntilTheLevelRisesAboveItOrTheMemberComesBack(
        level: ChurnLevel,
        dismissed: ChurnLevel,
        leftRisk: Bool,
        raises: Bool
    ) {
        #expect(ChurnRules.raisesAlertAfterDismissal(level: level, dismissedLevel: dismissed, leftRiskSinceDismissal: leftRisk) == raises)
    }
}

@Suite("Churn factors JSON")
struct ChurnFactorsJSONTests {
    /// The schema does not parse the factors again (migration v2): the text must be JSON, with
    /// each input and points as given, for any input the job can meet.
    @Test func everyInputGivesJSONHoldingItsFactors() throws {
        var checked = 0
        for days in [0, 14, 15, 21, 22, 400, 100_000] {
            for negatives in [0, 2, 3, 6, 12_000] {
                for (visits, window) in [(0, 30), (3, 30), (4, 30), (250, 30), (1, 1), (2, 10)] {
                    for ends in [nil, -100_000, -3, 0, 30, 31, 36_500] as [Int?] {
                        let inputs = ChurnRules.Inputs(
                            daysSinceLastVisit: days,
                            negativeSummaries: negatives,
                            visitsLast30Days: visits,
                            daysOfMembershipInWindow: window,
                            daysUntilMembershipEnds: ends
                        )
                        let assessment = ChurnRules.assess(inputs)
                        let text = ChurnAnalysisJob.factorsJSON(inputs, assessment)
                        let json = try #require(JSONValue(jsonText: text), "not JSON: \(text)")
                        #expect(json["absence"]?["days"] == .int(days))
                        #expect(json["absence"]?["points"]?.doubleValue == Double(assessment.absencePoints) / 100)
                        #expect(json["sentiment"]?["negatives90d"] == .int(negatives))
                        #expect(json["sentiment"]?["points"]?.doubleValue == Double(assessment.sentimentPoints) / 100)
                        #expect(json["engagement"]?["visits30d"] == .int(visits))
                        #expect(abs((json["engagement"]?["ratio"]?.doubleValue ?? -1) - inputs.engagement) <= 0.0005)
                        #expect(json["engagement"]?["points"]?.doubleValue == Double(assessment.engagementPoints) / 100)
                        #expect(json["membershipEnd"]?["daysLeft"] == ends.map { .int($0) } ?? .null)
                        #expect(json["membershipEnd"]?["points"]?.doubleValue == Double(assessment.membershipEndPoints) / 100)
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 7 * 5 * 6 * 7)
    }
}

@Suite("Daily churn analysis")
struct ChurnAnalysisJobTests {
    /// A Wednesday at 02:00 in Paris.
    let now = instant("2027-03-10T02:00:00+01:00")
    let day = DomainFixture.day

    /// A member absent for 25 days with 4 visits in the 30-day window and `negatives` negative
    /// conversations 10 days ago.
    func absentMember(_ fixture: DomainFixture, gym: Int64, negatives: Int, name: String = "Léa Petit") throws -> Int64 {
        let member = try fixture.member(gym: gym, name: name)
        try fixture.visits(member: member, at: [-28 * day, -27 * day, -26 * day, -25 * day])
        try fixture.summaries(member: member, count: negatives)
        try fixture.summaries(member: member, count: 2, sentiment: "positive")
        return member
    }

    @Test func theDocumentedExamplesAreStoredWithTheirFactorsAndAlerts() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let high = try absentMember(fixture, gym: gym, negatives: 3)
        let critical = try absentMember(fixture, gym: gym, negatives: 6, name: "Hugo Roux")
        let run = try await fixture.run(ChurnAnalysisJob())
        #expect(run.status == .succeeded)

        let analytics = try fixture.rows("SELECT member_id, churn_score, churn_level, factors, analyzed_at FROM member_analytics ORDER BY member_id")
        #expect(analytics.map { $0["churn_score"] as Double } == [0.55, 0.70])
        #expect(analytics.map { $0["churn_level"] as String } == ["high", "critical"])
        #expect(analytics.allSatisfy { ($0["analyzed_at"] as String) == "2027-03-10T01:00:00.000Z" })
        let factors = try #require(JSONValue(jsonText: analytics[0]["factors"]))
        #expect(factors["absence"]?["days"] == 25)
        #expect(factors["absence"]?["points"]?.doubleValue == 0.4)
        #expect(factors["sentiment"]?["negatives90d"] == 3)
        #expect(factors["sentiment"]?["points"]?.doubleValue == 0.15)
        #expect(factors["engagement"]?["visits30d"] == 4)
        #expect(factors["engagement"]?["ratio"]?.doubleValue == 0.311)
        #expect(factors["engagement"]?["points"]?.doubleValue == 0)
        #expect(factors["membershipEnd"]?["daysLeft"] == .null)
        #expect(factors["membershipEnd"]?["points"]?.doubleValue == 0)

        let alerts = try fixture.rows("SELECT member_id, priority, status, dedup_key, title FROM manager_alerts ORDER BY member_id")
        #expect(alerts.map { $0["member_id"] as Int64 } == [high, critical])
        #expect(alerts.map { $0["priority"] as String } == ["high", "urgent"])
        #expect(alerts.map { $0["dedup_key"] as String } == ["churn:\(high)", "churn:\(critical)"])
        #expect(alerts.map { $0["title"] as String } == ["Risque de départ élevé : Léa Petit", "Risque de départ critique : Hugo Roux"])
    }

    /// Days since the last visit at, just below and just above the thresholds, through the job
    /// (a lone visit also leaves engagement under 30 %: +0.20).
    static let absences: [(Double, Double)] = [(14.0, 0.20), (14.999, 0.20), (15.0, 0.40), (21.0, 0.40), (21.999, 0.40), (22.0, 0.60)]

    @Test(arguments: absences)
    func absenceIsCountedInWholeDays(daysAgo: Double, score: Double) async throws {
        let fixture = try DomainFixture(now: now)
        let member = try fixture.member(gym: try fixture.gym())
        try fixture.visits(member: member, at: [-daysAgo * day])
        _ = try await fixture.run(ChurnAnalysisJob())
        #expect(try fixture.rows("SELECT churn_score FROM member_analytics").map { $0["churn_score"] as Double } == [score])
    }

    @Test func negativeSummariesCountOnlyInsideNinetyDays() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try fixture.member(gym: try fixture.gym())
        try fixture.visits(member: member, at: (1...12).map { -Double($0) * 2 * day })
        try fixture.summaries(member: member, count: 3, daysAgo: 89.9)
        try fixture.summaries(member: member, count: 5, daysAgo: 90.1)
        _ = try await fixture.run(ChurnAnalysisJob())
        #expect(try fixture.rows("SELECT churn_score FROM member_analytics").map { $0["churn_score"] as Double } == [0.15])
    }

    @Test func oneAlertPerMemberOverThreeRunsRaisedWhenTheLevelRises() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 3)
        let first = try await fixture.run(ChurnAnalysisJob())
        #expect(first.summaryValue?["alertsCreated"] == 1)
        let second = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3600))
        #expect(second.summaryValue?["alertsCreated"] == 0)
        try fixture.summaries(member: member, count: 3, daysAgo: 1)
        let third = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(7200))
        #expect(third.summaryValue?["alertsRaised"] == 1)
        let alerts = try fixture.rows("SELECT id, priority, status FROM manager_alerts")
        #expect(alerts.count == 1)
        #expect(alerts[0]["priority"] as String == "urgent")
        #expect(alerts[0]["status"] as String == "open")
    }

    @Test func anAlertIsResolvedWhenTheLevelFallsAndANewOneOpensIfItRisesAgain() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 3)
        _ = try await fixture.run(ChurnAnalysisJob())
        // The member comes back: four visits in the last days.
        try fixture.visits(member: member, at: [-4 * day, -3 * day, -2 * day, -1 * day])
        let back = try await fixture.run(ChurnAnalysisJob())
        #expect(back.summaryValue?["alertsResolved"] == 1)
        var alerts = try fixture.rows("SELECT status, resolved_at FROM manager_alerts")
        #expect(alerts.map { $0["status"] as String } == ["resolved"])
        #expect(alerts.map { $0["resolved_at"] as String } == ["2027-03-10T01:00:00.000Z"])
        // Gone again for 23 days, with more complaints.
        let later = now.addingTimeInterval(23 * day)
        try fixture.summaries(member: member, count: 4, daysAgo: -20)
        _ = try await fixture.run(ChurnAnalysisJob(), at: later)
        alerts = try fixture.rows("SELECT status FROM manager_alerts ORDER BY id")
        #expect(alerts.map { $0["status"] as String } == ["resolved", "open"])
    }

    @Test func aMemberWhoLeftGetsNoNewAlertAndHisOpenOneIsResolved() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let leaving = try absentMember(fixture, gym: gym, negatives: 6)
        _ = try await fixture.run(ChurnAnalysisJob())
        try await fixture.database.write { db in try db.execute(sql: "UPDATE members SET is_active = 0 WHERE id = ?", arguments: [leaving]) }
        let former = try absentMember(fixture, gym: gym, negatives: 6, name: "Paul Faure")
        try await fixture.database.write { db in try db.execute(sql: "UPDATE members SET is_active = 0 WHERE id = ?", arguments: [former]) }
        let run = try await fixture.run(ChurnAnalysisJob())
        #expect(run.summaryValue?["total"] == 0)
        #expect(run.summaryValue?["alertsResolved"] == 1)
        #expect(try fixture.rows("SELECT status FROM manager_alerts").map { $0["status"] as String } == ["resolved"])
    }

    @Test func theDetailsHoldTrueCounts() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        _ = try absentMember(fixture, gym: gym, negatives: 3, name: "A Un")
        _ = try absentMember(fixture, gym: gym, negatives: 4, name: "B Deux")
        _ = try absentMember(fixture, gym: gym, negatives: 7, name: "C Trois")
        for name in ["D Quatre", "E Cinq"] {
            let loyal = try fixture.member(gym: gym, name: name)
            try fixture.visits(member: loyal, at: (1...12).map { -Double($0) * 2 * day })
        }
        try fixture.member(gym: gym, name: "F Parti", active: false)
        let run = try await fixture.run(ChurnAnalysisJob(batchSize: 2))
        let details = try #require(run.summaryValue)
        #expect(details["total"] == 5)
        #expect(details["processed"] == 5)
        #expect(details["errors"] == 0)
        #expect(details["highRisk"] == 2)
        #expect(details["criticalRisk"] == 1)
        #expect(details["alertsCreated"] == 3)
        let log = try fixture.rows("SELECT message, details FROM system_logs WHERE log_type = 'cron_daily_churn'")
        #expect(log.map { $0["message"] as String } == ["Analyse churn quotidienne terminée"])
        #expect(JSONValue(jsonText: log[0]["details"])?["highRisk"] == 2)
    }

    @Test func aMemberWhoseDatesCannotBeReadIsAnErrorAndTheOthersAreScored() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let readable = try absentMember(fixture, gym: gym, negatives: 3)
        let badStart = try fixture.member(gym: gym, name: "Zoé Blanc")
        let badEnd = try fixture.member(gym: gym, name: "Yves Noir", expiresInDays: 10)
        try await fixture.database.write { db in
            try db.execute(sql: "UPDATE members SET member_since = '10/03/2025' WHERE id = ?", arguments: [badStart])
            try db.execute(sql: "UPDATE members SET membership_expires = '2027-02-30T00:00:00.000Z' WHERE id = ?", arguments: [badEnd])
        }
        let run = try await fixture.run(ChurnAnalysisJob())
        #expect(run.status == .succeeded)
        #expect(run.summaryValue?["total"] == 3)
        #expect(run.summaryValue?["processed"] == 1)
        #expect(run.summaryValue?["errors"] == 2)
        #expect(try fixture.rows("SELECT member_id FROM member_analytics").map { $0["member_id"] as Int64 } == [readable])
    }

    @Test func twoRunsForTheSameSlotLeaveTheSameRows() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        _ = try absentMember(fixture, gym: gym, negatives: 3)
        _ = try absentMember(fixture, gym: gym, negatives: 6, name: "Hugo Roux")
        let dump = "SELECT * FROM member_analytics ORDER BY member_id; SELECT * FROM manager_alerts ORDER BY id"
        _ = try await fixture.run(ChurnAnalysisJob())
        let first = try snapshot(fixture, dump)
        _ = try await fixture.run(ChurnAnalysisJob())
        #expect(try snapshot(fixture, dump) == first)
    }

    func snapshot(_ fixture: DomainFixture, _ sql: String) throws -> [String] {
        try sql.split(separator: ";").flatMap { query in
            try fixture.rows(String(query)).map { $0.description }
        }
    }

    // MARK: Alerts follow the member; dismissals hold

    /// Replaces the member's negative conversations by `count` of them 10 days before `now`:
    /// with 25 days of absence, 0 → medium (0.40), 3 → high (0.55), 6 → critical (0.70).
    func setNegatives(_ fixture: DomainFixture, member: Int64, _ count: Int) async throws {
        try await fixture.database.write { db in
            try db.execute(sql: "DELETE FROM conversation_summaries WHERE member_id = ? AND sentiment = 'negative'", arguments: [member])
        }
        try fixture.summaries(member: member, count: count)
    }

    func alerts(_ fixture: DomainFixture) throws -> [Row] {
        try fixture.rows("SELECT id, priority, status, title, message, details, updated_at FROM manager_alerts ORDER BY id")
    }

    func store(_ fixture: DomainFixture, at time: Date) -> AlertStore {
        AlertStore(database: fixture.database, clock: FixedClock(now: time))
    }

    @Test func anOpenOrAcknowledgedAlertFollowsTheLevelDownAndUp() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 6)
        _ = try await fixture.run(ChurnAnalysisJob())
        var alert = try #require(try alerts(fixture).first)
        #expect(alert["priority"] as String == "urgent")
        #expect(alert["title"] as String == "Risque de départ critique : Léa Petit")
        try await store(fixture, at: now.addingTimeInterval(600)).acknowledge(id: alert["id"])

        // Critical → high: the same alert, now high, titled and scored as high; still acknowledged.
        try await setNegatives(fixture, member: member, 3)
        let lower = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3600))
        #expect(lower.summaryValue?["alertsLowered"] == 1)
        #expect(lower.summaryValue?["alertsCreated"] == 0)
        var rows = try alerts(fixture)
        #expect(rows.count == 1)
        alert = rows[0]
        #expect(alert["priority"] as String == "high")
        #expect(alert["status"] as String == "acknowledged")
        #expect(alert["title"] as String == "Risque de départ élevé : Léa Petit")
        #expect(alert["message"] as String == "Score 0,55 : 25 jours sans visite, 3 conversations négatives en 90 jours. À contacter.")
        #expect(JSONValue(jsonText: alert["details"])?["level"] == "high")
        #expect(alert["updated_at"] as String == "2027-03-10T02:00:00.000Z")

        // And back up.
        try await setNegatives(fixture, member: member, 6)
        let higher = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(7200))
        #expect(higher.summaryValue?["alertsRaised"] == 1)
        rows = try alerts(fixture)
        #expect(rows.map { $0["priority"] as String } == ["urgent"])
        #expect(rows.map { $0["status"] as String } == ["acknowledged"])
        #expect(rows.map { $0["title"] as String } == ["Risque de départ critique : Léa Petit"])
    }

    @Test func aDismissedAlertIsNotRaisedAgainAtTheSameLevelButIsWhenTheLevelRises() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 3)
        _ = try await fixture.run(ChurnAnalysisJob())
        try await store(fixture, at: now.addingTimeInterval(1800)).dismiss(id: try #require(try alerts(fixture).first)["id"])

        let same = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3600))
        #expect(same.summaryValue?["alertsCreated"] == 0)
        #expect(same.summaryValue?["dismissalsKept"] == 1)
        #expect(try alerts(fixture).map { $0["status"] as String } == ["dismissed"])

        try await setNegatives(fixture, member: member, 6)
        let risen = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(7200))
        #expect(risen.summaryValue?["alertsCreated"] == 1)
        let rows = try alerts(fixture)
        #expect(rows.map { $0["status"] as String } == ["dismissed", "open"])
        #expect(rows.map { $0["priority"] as String } == ["high", "urgent"])
    }

    @Test func aDismissalAtCriticalHoldsAtHighAndEndsWhenTheMemberLeavesTheRiskAndComesBack() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 6)
        _ = try await fixture.run(ChurnAnalysisJob())
        try await store(fixture, at: now.addingTimeInterval(1800)).dismiss(id: try #require(try alerts(fixture).first)["id"], note: "Déjà appelé")

        try await setNegatives(fixture, member: member, 3)
        let high = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3600))
        #expect(high.summaryValue?["dismissalsKept"] == 1)
        try await setNegatives(fixture, member: member, 0)
        _ = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(2 * 3600))
        #expect(try alerts(fixture).map { $0["status"] as String } == ["dismissed"])

        try await setNegatives(fixture, member: member, 3)
        let back = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3 * 3600))
        #expect(back.summaryValue?["alertsCreated"] == 1)
        let rows = try alerts(fixture)
        #expect(rows.map { $0["status"] as String } == ["dismissed", "open"])
        #expect(rows.map { $0["priority"] as String } == ["urgent", "high"])
    }

    @Test func aScoreBelowHighBeforeTheDismissalDoesNotEndIt() async throws {
        let fixture = try DomainFixture(now: now)
        let member = try absentMember(fixture, gym: try fixture.gym(), negatives: 3)
        _ = try await fixture.run(ChurnAnalysisJob())
        let id: Int64 = try #require(try alerts(fixture).first)["id"]
        // The member drops to medium (the job resolves the alert); a manager reopens and dismisses it.
        try await setNegatives(fixture, member: member, 0)
        _ = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(3600))
        try await store(fixture, at: now.addingTimeInterval(4000)).reopen(id: id)
        try await store(fixture, at: now.addingTimeInterval(4100)).dismiss(id: id)
        try await setNegatives(fixture, member: member, 3)
        let run = try await fixture.run(ChurnAnalysisJob(), at: now.addingTimeInterval(2 * 3600))
        #expect(run.summaryValue?["alertsCreated"] == 0, "the medium score was seen before the dismissal")
        #expect(try alerts(fixture).map { $0["status"] as String } == ["dismissed"])
    }
}
