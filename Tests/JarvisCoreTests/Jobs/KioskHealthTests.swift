import Foundation
import GRDB
import JarvisCore
import JarvisTestSupport
import Testing

@Suite("Kiosk health rules")
struct KioskHealthRulesTests {
    typealias Verdict = KioskHealthRules.Verdict

    static let openGymCases: [(silentFor: TimeInterval, openAlert: Bool, expected: Verdict)] = [
        (4 * 60, false, Verdict(online: true, alert: .keep)),
        (5 * 60, false, Verdict(online: true, alert: .keep)),
        (5 * 60 + 1, false, Verdict(online: false, alert: .keep)),
        (29 * 60, false, Verdict(online: false, alert: .keep)),
        (31 * 60, false, Verdict(online: false, alert: .open(priority: .high))),
        (31 * 60, true, Verdict(online: false, alert: .follow(priority: .high))),
        (24 * 3600, true, Verdict(online: false, alert: .follow(priority: .high))),
        (24 * 3600 + 60, true, Verdict(online: false, alert: .follow(priority: .urgent))),
        (25 * 3600, false, Verdict(online: false, alert: .open(priority: .urgent))),
        // Beats came between two checks, then silence again: the open alert follows, back to high.
        (10 * 60, true, Verdict(online: false, alert: .follow(priority: .high))),
        (60, true, Verdict(online: true, alert: .resolve)),
    ]

    @Test(arguments: openGymCases)
    func verdictsWhileTheGymIsOpen(silentFor: TimeInterval, openAlert: Bool, expected: Verdict) {
        #expect(KioskHealthRules.verdict(silentFor: silentFor, gymOpen: true, hasOpenAlert: openAlert) == expected)
    }

    @Test func aClosedGymRecordsTheKioskOfflineButRaisesNothing() {
        #expect(KioskHealthRules.verdict(silentFor: 3 * 3600, gymOpen: false, hasOpenAlert: false) == Verdict(online: false, alert: .keep))
        #expect(KioskHealthRules.verdict(silentFor: 30 * 3600, gymOpen: false, hasOpenAlert: true) == Verdict(online: false, alert: .keep))
        #expect(KioskHealthRules.verdict(silentFor: 10, gymOpen: false, hasOpenAlert: true) == Verdict(online: true, alert: .resolve))
    }

    @Test func anOutageAManagerDismissedRaisesNothingButItsEndStillCounts() {
        #expect(
            KioskHealthRules.verdict(silentFor: 3 * 3600, gymOpen: true, hasOpenAlert: false, dismissedThisOutage: true)
                == Verdict(online: false, alert: .keep)
        )
        #expect(
            KioskHealthRules.verdict(silentFor: 30 * 3600, gymOpen: true, hasOpenAlert: false, dismissedThisOutage: true)
                == Verdict(online: false, alert: .keep),
            "not even once urgent"
        )
        #expect(
            KioskHealthRules.verdict(silentFor: 3 * 3600, gymOpen: true, hasOpenAlert: false, dismissedThisOutage: false)
                == Verdict(online: false, alert: .open(priority: .high))
        )
        #expect(
            KioskHealthRules.verdict(silentFor: 60, gymOpen: true, hasOpenAlert: false, dismissedThisOutage: true)
                == Verdict(online: true, alert: .keep)
        )
    }
}

@Suite("Opening hours")
struct OpeningHoursTests {
    let week = OpeningHours(json: #"{"mon":"06:00-22:00","tue":"06:00-22:00","sat":"08:00-20:00","sun":null,"fri":"18:00-02:00"}"#)!

    @Test(arguments: [
        (1, 6 * 60, true), (1, 6 * 60 - 1, false), (1, 22 * 60 - 1, true), (1, 22 * 60, false),
        (7, 12 * 60, false), (3, 12 * 60, false), (5, 23 * 60, true), (6, 60, true), (6, 2 * 60, false), (6, 8 * 60, true),
    ])
    func weekdayRangesIncludingOnePastMidnight(weekday: Int, minute: Int, open: Bool) {
        #expect(week.isOpen(weekday: weekday, minute: minute) == open)
    }

    @Test func roundTheClockAndLocalTime() {
        #expect(OpeningHours(json: #""24/7""#) == .alwaysOpen)
        // 2027-03-08 is a Monday: 05:30 in Paris is closed, 06:30 open (05:30Z).
        let paris = TimeZone(identifier: "Europe/Paris")!
        #expect(!week.isOpen(at: instant("2027-03-08T05:30:00+01:00"), in: paris))
        #expect(week.isOpen(at: instant("2027-03-08T06:30:00+01:00"), in: paris))
    }

    @Test(arguments: [
        #"{"lun":"06:00-22:00"}"#, #"{"mon":"6-22"}"#, #"{"mon":"06:00-25:00"}"#, #"{"mon":"10:00-10:00"}"#, #"[]"#, #""always""#, "not json",
    ])
    func malformedHoursAreRejected(json: String) {
        #expect(OpeningHours(json: json) == nil)
    }
}

@Suite("Kiosk health check")
struct KioskHealthJobTests {
    /// Wednesday 2027-03-10 at 10:00 in Paris, inside opening hours.
    let now = instant("2027-03-10T10:00:00+01:00")
    let minute: TimeInterval = 60
    static let hours =
        #"{"mon":"06:00-22:00","tue":"06:00-22:00","wed":"06:00-22:00","thu":"06:00-22:00","fri":"06:00-22:00","sat":"08:00-20:00","sun":null}"#

    func alerts(_ fixture: DomainFixture) throws -> [Row] {
        try fixture.rows("SELECT id, kiosk_id, priority, status, title FROM manager_alerts WHERE alert_type = 'kiosk_offline' ORDER BY id")
    }

    @Test func noAlertAt29MinutesAnAlertAt31MinutesUrgentAfter24Hours() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym(hours: Self.hours)
        let quiet = try fixture.kiosk(gym: gym, slug: "lyon-1", lastHeartbeat: -29 * minute)
        let silent = try fixture.kiosk(gym: gym, slug: "lyon-2", lastHeartbeat: -31 * minute)
        let run = try await fixture.run(KioskHealthJob())
        #expect(run.summaryValue?["offline"] == 2)
        #expect(run.summaryValue?["alertsCreated"] == 1)
        var rows = try alerts(fixture)
        #expect(rows.map { $0["kiosk_id"] as Int64 } == [silent])
        #expect(rows.map { $0["priority"] as String } == ["high"])
        #expect(rows.map { $0["title"] as String } == ["Kiosk hors ligne : Accueil (Jarvis Fitness lyon)"])
        #expect(try fixture.rows("SELECT status FROM kiosks WHERE id = ?", [quiet]).map { $0["status"] as String } == ["offline"])

        // A day later, still silent: the same alert becomes urgent, the other kiosk gets its own.
        let escalated = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(24 * 3600))
        #expect(escalated.summaryValue?["alertsEscalated"] == 1)
        rows = try alerts(fixture)
        #expect(rows.map { $0["kiosk_id"] as Int64 } == [silent, quiet])
        #expect(rows.map { $0["priority"] as String } == ["urgent", "urgent"])
    }

    @Test func heartbeatsResolveTheAlertAndANewOutageOpensANewOne() async throws {
        let fixture = try DomainFixture(now: now)
        let kiosk = try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -2 * 3600)
        _ = try await fixture.run(KioskHealthJob())
        try fixture.heartbeat(kiosk: kiosk, at: 3600 - 30)
        let back = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(3600))
        #expect(back.summaryValue?["alertsResolved"] == 1)
        #expect(back.summaryValue?["online"] == 1)
        #expect(try alerts(fixture).map { $0["status"] as String } == ["resolved"])
        // Silent again for 40 minutes.
        _ = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(3600 + 40 * minute))
        #expect(try alerts(fixture).map { $0["status"] as String } == ["resolved", "open"])
    }

    @Test func aFlappingKioskDoesNotOpenASecondAlert() async throws {
        let fixture = try DomainFixture(now: now)
        let kiosk = try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -45 * minute)
        _ = try await fixture.run(KioskHealthJob())
        // One heartbeat between two checks, then silence again: offline at the next check, but
        // not yet for 30 minutes, and its alert is still open.
        try fixture.heartbeat(kiosk: kiosk, at: 10 * minute)
        let second = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(20 * minute))
        #expect(second.summaryValue?["offline"] == 1)
        let third = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(60 * minute))
        #expect(third.summaryValue?["alertsCreated"] == 0)
        #expect(try alerts(fixture).map { $0["status"] as String } == ["open"])
    }

    @Test func noAlertWhileTheGymIsClosed() async throws {
        // Wednesday 23:30 in Paris: closed since 22:00.
        let night = instant("2027-03-10T23:30:00+01:00")
        let fixture = try DomainFixture(now: night)
        try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -2 * 3600)
        let run = try await fixture.run(KioskHealthJob())
        #expect(run.summaryValue?["offline"] == 1)
        #expect(run.summaryValue?["offlineWhileClosed"] == 1)
        #expect(run.summaryValue?["statusChanged"] == 1)
        #expect(try alerts(fixture).isEmpty)
        // Thursday 06:30, open, still silent: now it raises one.
        _ = try await fixture.run(KioskHealthJob(), at: instant("2027-03-11T06:30:00+01:00"))
        #expect(try alerts(fixture).count == 1)
    }

    @Test func kiosksBeingSetUpOrServicedAreSkipped() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        try fixture.kiosk(gym: gym, slug: "lyon-1", status: "provisioning", lastHeartbeat: nil)
        try fixture.kiosk(gym: gym, slug: "lyon-2", status: "maintenance", lastHeartbeat: -3 * 86_400)
        try fixture.kiosk(gym: gym, slug: "lyon-3", status: "offline", lastHeartbeat: -20)
        let run = try await fixture.run(KioskHealthJob())
        let details = try #require(run.summaryValue)
        #expect(details["total"] == 3)
        #expect(details["skipped"] == 2)
        #expect(details["online"] == 1)
        #expect(details["offline"] == 0)
        #expect(details["statusChanged"] == 1)
        #expect(
            try fixture.rows("SELECT status FROM kiosks ORDER BY slug").map { $0["status"] as String } == ["provisioning", "maintenance", "online"]
        )
        #expect(try alerts(fixture).isEmpty)
    }

    @Test func twoRunsForTheSameSlotLeaveTheSameRows() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym(hours: Self.hours)
        try fixture.kiosk(gym: gym, slug: "lyon-1", lastHeartbeat: -3 * 3600)
        try fixture.kiosk(gym: gym, slug: "lyon-2", status: "offline", lastHeartbeat: -10)
        _ = try await fixture.run(KioskHealthJob())
        let dump = {
            try fixture.rows("SELECT * FROM kiosks ORDER BY id").map(\.description)
                + fixture.rows("SELECT * FROM manager_alerts ORDER BY id").map(\.description)
        }
        let first = try dump()
        _ = try await fixture.run(KioskHealthJob())
        #expect(try dump() == first)
    }

    /// Sets an alert's status as a manager would, through the use case.
    func manage(_ fixture: DomainFixture, _ alertID: Int64, _ action: AlertAction, at time: Date) async throws {
        let store = AlertStore(database: fixture.database, clock: FixedClock(now: time))
        switch action {
        case .acknowledge: try await store.acknowledge(id: alertID)
        case .resolve: try await store.resolve(id: alertID, note: "Borne redémarrée")
        case .dismiss: try await store.dismiss(id: alertID, note: "Travaux dans la salle")
        case .reopen: try await store.reopen(id: alertID)
        }
    }

    @Test func anAcknowledgedAlertStaysAcknowledgedWhileItsTextAndPriorityFollowTheSilence() async throws {
        let fixture = try DomainFixture(now: now)
        try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -45 * minute)
        _ = try await fixture.run(KioskHealthJob())
        let id: Int64 = try #require(try alerts(fixture).first?["id"])
        try await manage(fixture, id, .acknowledge, at: now.addingTimeInterval(5 * minute))
        // Two hours later: the message says so; a day later: urgent, still acknowledged.
        let later = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(2 * 3600))
        #expect(later.summaryValue?["alertsUpdated"] == 1)
        var row = try #require(try fixture.rows("SELECT priority, status, message, updated_at FROM manager_alerts").first)
        #expect(row["message"] as String == "Aucun signal depuis 2 h 45.")
        #expect(row["priority"] as String == "high")
        #expect(row["status"] as String == "acknowledged")
        #expect(row["updated_at"] as String == "2027-03-10T11:00:00.000Z")
        let dayLater = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(24 * 3600))
        #expect(dayLater.summaryValue?["alertsEscalated"] == 1)
        row = try #require(try fixture.rows("SELECT priority, status, message FROM manager_alerts").first)
        #expect(row["priority"] as String == "urgent")
        #expect(row["status"] as String == "acknowledged")
        #expect(row["message"] as String == "Aucun signal depuis 1 j 0 h.")
    }

    @Test func aDismissedOutageIsNotRaisedAgainUntilAHeartbeatEndsIt() async throws {
        let fixture = try DomainFixture(now: now)
        let kiosk = try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -45 * minute)
        _ = try await fixture.run(KioskHealthJob())
        let id: Int64 = try #require(try alerts(fixture).first?["id"])
        try await manage(fixture, id, .dismiss, at: now.addingTimeInterval(10 * minute))
        // The same outage, an hour and then a day later: nothing new, not even urgent.
        for hours in [1.0, 25.0] {
            let run = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(hours * 3600))
            #expect(run.summaryValue?["alertsCreated"] == 0)
            #expect(run.summaryValue?["dismissalsKept"] == 1)
        }
        #expect(try alerts(fixture).map { $0["status"] as String } == ["dismissed"])
        // A heartbeat after the dismissal ends that outage; silent again for 40 minutes, while no
        // check saw the kiosk online: a new outage, a new alert.
        try fixture.heartbeat(kiosk: kiosk, at: 26 * 3600)
        let run = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(26 * 3600 + 40 * minute))
        #expect(run.summaryValue?["alertsCreated"] == 1)
        #expect(try alerts(fixture).map { $0["status"] as String } == ["dismissed", "open"])
    }

    @Test func aResolvedAlertDoesNotHoldBackTheNextOutage() async throws {
        let fixture = try DomainFixture(now: now)
        try fixture.kiosk(gym: try fixture.gym(hours: Self.hours), lastHeartbeat: -45 * minute)
        _ = try await fixture.run(KioskHealthJob())
        let id: Int64 = try #require(try alerts(fixture).first?["id"])
        // A manager closes it as dealt with, but the kiosk stays silent: the job raises it again.
        try await manage(fixture, id, .resolve, at: now.addingTimeInterval(10 * minute))
        let run = try await fixture.run(KioskHealthJob(), at: now.addingTimeInterval(3600))
        #expect(run.summaryValue?["alertsCreated"] == 1)
        #expect(try alerts(fixture).map { $0["status"] as String } == ["resolved", "open"])
    }
}
