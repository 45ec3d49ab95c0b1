import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Alert store")
struct AlertStoreTests {
    let now = instant("2027-03-10T10:00:00+01:00")

    /// An alert as a job writes it, `minutesAgo` minutes before `now`.
    @discardableResult
    static func insertAlert(
        _ fixture: DomainFixture,
        gym: Int64,
        type: AlertType = .churnRisk,
        priority: AlertPriority = .high,
        status: AlertStatus = .open,
        key: String,
        member: Int64? = nil,
        kiosk: Int64? = nil,
        minutesAgo: Double = 60
    ) throws -> Int64 {
        try fixture.database.write { db in
            let stamp = fixture.stamp(-minutesAgo * 60)
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, member_id, kiosk_id, alert_type, priority, status, title, message, details,
                                                dedup_key, created_at, updated_at, resolved_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'Risque de départ élevé : Léa Petit', 'Score 0,55', '{"level":"high"}', ?, ?, ?, ?)
                    """,
                arguments: [
                    gym, member, kiosk, type.rawValue, priority.rawValue, status.rawValue, key, stamp, stamp, status.isClosed ? stamp : nil,
                ]
            )
            return db.lastInsertedRowID
        }
    }

    func store(_ fixture: DomainFixture) -> AlertStore {
        AlertStore(database: fixture.database, clock: FixedClock(now: now))
    }

    static let moves: [(AlertStatus, AlertAction, AlertStatus?)] = [
        (.open, .acknowledge, .acknowledged), (.acknowledged, .acknowledge, nil), (.resolved, .acknowledge, nil), (.dismissed, .acknowledge, nil),
        (.open, .resolve, .resolved), (.acknowledged, .resolve, .resolved), (.resolved, .resolve, nil), (.dismissed, .resolve, nil),
        (.open, .dismiss, .dismissed), (.acknowledged, .dismiss, .dismissed), (.resolved, .dismiss, nil), (.dismissed, .dismiss, nil),
        (.open, .reopen, nil), (.acknowledged, .reopen, nil), (.resolved, .reopen, .open), (.dismissed, .reopen, .open),
    ]

    /// Every action from every status: the allowed ones move the alert and set or clear its
    /// dates; the others are conflicts that change nothing.
    @Test(arguments: moves)
    func eachActionMovesOnlyFromItsStatuses(from: AlertStatus, action: AlertAction, to: AlertStatus?) async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let id = try Self.insertAlert(fixture, gym: gym, status: from, key: "churn:1")
        let store = store(fixture)
        do {
            switch action {
            case .acknowledge: try await store.acknowledge(id: id)
            case .resolve: try await store.resolve(id: id, note: "Appelée, elle revient lundi")
            case .dismiss: try await store.dismiss(id: id)
            case .reopen: try await store.reopen(id: id)
            }
            let alert = try await store.alert(id: id)
            #expect(alert.status == to)
            #expect(alert.updatedAt == "2027-03-10T09:00:00.000Z")
            #expect((alert.resolvedAt != nil) == (to?.isClosed ?? false))
            #expect(alert.resolvedAt == (to?.isClosed == true ? "2027-03-10T09:00:00.000Z" : nil))
            if action == .acknowledge { #expect(alert.acknowledgedAt == "2027-03-10T09:00:00.000Z") }
        } catch let error as JarvisError {
            #expect(to == nil, "\(error)")
            #expect(error.code == .conflict)
            #expect(error.message.contains("is \(from.rawValue)"), "\(error.message)")
            #expect(try await store.alert(id: id).status == from)
        }
    }

    @Test func eachActionLogsItsMoveInTheSameTransactionWithoutPersonalData() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let member = try fixture.member(gym: gym, name: "Léa Petit")
        let id = try Self.insertAlert(fixture, gym: gym, key: "churn:\(member)", member: member)
        let store = store(fixture)
        try await store.acknowledge(id: id, note: "Je m'en occupe")
        try await store.resolve(id: id, note: "Léa a renouvelé")
        try await store.reopen(id: id)
        try await store.dismiss(id: id)
        let logs = try fixture.rows("SELECT timestamp, level, message, details FROM system_logs WHERE log_type = 'alert' ORDER BY id")
        #expect(logs.map { $0["message"] as String } == ["Alerte acquittée", "Alerte résolue", "Alerte rouverte", "Alerte ignorée"])
        #expect(
            logs.map { JSONValue(jsonText: $0["details"]) } == [
                ["alertId": .int(Int(id)), "from": "open", "to": "acknowledged"],
                ["alertId": .int(Int(id)), "from": "acknowledged", "to": "resolved"],
                ["alertId": .int(Int(id)), "from": "resolved", "to": "open"],
                ["alertId": .int(Int(id)), "from": "open", "to": "dismissed"],
            ]
        )
        #expect(logs.allSatisfy { ($0["timestamp"] as String) == "2027-03-10T09:00:00.000Z" && ($0["level"] as String) == "info" })
        #expect(!logs.contains { ($0["details"] as String).contains("Léa") || ($0["message"] as String).contains("Léa") })
        let alert = try await store.alert(id: id)
        #expect(alert.note == "Léa a renouvelé", "a later action without a note keeps the last one")
        #expect(alert.acknowledgedAt == nil, "reopened: back to open, no longer acknowledged")
        #expect(alert.memberId == member)
    }

    @Test func aResolutionNeedsANoteOfAtMost2000Characters() async throws {
        let fixture = try DomainFixture(now: now)
        let id = try Self.insertAlert(fixture, gym: try fixture.gym(), key: "churn:1")
        let store = store(fixture)
        for note in ["", "   \n"] {
            await #expect(throws: JarvisError.invalid("note", "note: required; say what was done (1 to 2000 characters)")) {
                try await store.resolve(id: id, note: note)
            }
        }
        let long = String(repeating: "é", count: 2_001)
        let error = await #expect(throws: JarvisError.self) { try await store.dismiss(id: id, note: long) }
        #expect(error?.field == "note")
        #expect(error?.details["reason"] == "too_long")
        #expect(try await store.alert(id: id).status == .open, "nothing changed")
        let resolved = try await store.resolve(id: id, note: "  " + String(repeating: "é", count: 2_000) + "\n")
        #expect(resolved.note?.count == 2_000, "trimmed, then counted in characters")
        #expect(try fixture.rows("SELECT count(*) AS n FROM system_logs").first?["n"] == 1)
    }

    @Test func reopeningIsRefusedWhileAnotherAlertHoldsTheSameKey() async throws {
        let fixture = try DomainFixture(now: now)
        let gym = try fixture.gym()
        let old = try Self.insertAlert(fixture, gym: gym, status: .dismissed, key: "kiosk:7", minutesAgo: 600)
        let current = try Self.insertAlert(fixture, gym: gym, type: .kioskOffline, status: .acknowledged, key: "kiosk:7")
        let error = await #expect(throws: JarvisError.self) { try await store(fixture).reopen(id: old) }
        #expect(error?.code == .conflict)
        #expect(error?.details["openAlertId"] == .int(Int(current)))
        #expect(error?.message.contains("#\(current)") == true)
        try await store(fixture).resolve(id: current, note: "Câble rebranché")
        #expect(try await store(fixture).reopen(id: old).status == .open)
    }

    @Test func anUnknownAlertIsNotFound() async throws {
        let fixture = try DomainFixture(now: now)
        for call in [{ try await store(fixture).alert(id: 99) }, { try await store(fixture).acknowledge(id: 99) }] {
            let error = await #expect(throws: JarvisError.self) { _ = try await call() }
            #expect(error?.code == .notFound)
            #expect(error?.field == "id")
        }
    }

    @Test func listingFiltersByGymTypeStatusesAndPriorityNewestFirst() async throws {
        let fixture = try DomainFixture(now: now)
        let lyon = try fixture.gym("lyon")
        let paris = try fixture.gym("paris")
        let kiosk = try fixture.kiosk(gym: paris, slug: "paris-accueil", lastHeartbeat: nil)
        let a = try Self.insertAlert(fixture, gym: lyon, priority: .high, key: "churn:1")
        let b = try Self.insertAlert(fixture, gym: lyon, priority: .urgent, status: .acknowledged, key: "churn:2")
        let c = try Self.insertAlert(
            fixture,
            gym: paris,
            type: .kioskOffline,
            priority: .high,
            status: .dismissed,
            key: "kiosk:\(kiosk)",
            kiosk: kiosk
        )
        let d = try Self.insertAlert(fixture, gym: paris, type: .kioskOffline, priority: .urgent, key: "kiosk:\(kiosk)", kiosk: kiosk)
        let store = store(fixture)
        func ids(_ query: AlertQuery) async throws -> [Int64] { try await store.list(query).alerts.map(\.id) }
        #expect(try await ids(AlertQuery()) == [d, c, b, a])
        #expect(try await ids(AlertQuery(gym: "lyon")) == [b, a])
        #expect(try await ids(AlertQuery(type: .kioskOffline)) == [d, c])
        #expect(try await ids(AlertQuery(statuses: [.open, .acknowledged])) == [d, b, a])
        #expect(try await ids(AlertQuery(statuses: [.dismissed])) == [c])
        #expect(try await ids(AlertQuery(priority: .urgent)) == [d, b])
        #expect(try await ids(AlertQuery(gym: "paris", statuses: [.open], priority: .urgent)) == [d])
        let kioskAlert = try await store.alert(id: d)
        #expect(kioskAlert.kiosk == "paris-accueil")
        #expect(kioskAlert.gym == "paris")
        #expect(kioskAlert.details == ["level": "high"])

        let first = try await store.list(AlertQuery(limit: 3))
        #expect(first.alerts.map(\.id) == [d, c, b])
        let second = try await store.list(AlertQuery(limit: 3, cursor: try #require(first.nextCursor)))
        #expect(second.alerts.map(\.id) == [a])
        #expect(second.nextCursor == nil)
    }

    @Test func listingRefusesAnUnknownGymAndBadPagesNamingTheField() async throws {
        let fixture = try DomainFixture(now: now)
        try fixture.gym("lyon")
        let store = store(fixture)
        for (query, field, code) in [
            (AlertQuery(gym: "nice"), "gym", JarvisError.Code.notFound), (AlertQuery(limit: 0), "limit", .invalidInput),
            (AlertQuery(limit: 501), "limit", .invalidInput), (AlertQuery(cursor: 0), "cursor", .invalidInput),
        ] {
            let error = await #expect(throws: JarvisError.self) { try await store.list(query) }
            #expect(error?.field == field)
            #expect(error?.code == code)
        }
        #expect(try AlertQuery.statuses("open,acknowledged") == [.open, .acknowledged])
        #expect(throws: JarvisError.self) { try AlertQuery.statuses("open,closed") }
    }
}
