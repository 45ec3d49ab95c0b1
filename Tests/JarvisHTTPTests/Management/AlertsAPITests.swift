import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Management API: alerts")
struct AlertsAPITests {
    /// Two gyms; lyon has an open churn alert and an acknowledged urgent one, paris a dismissed
    /// kiosk alert. Returns the fixture and the ids, oldest first.
    private func fixtureWithAlerts() async throws -> (HTTPFixture, [Int]) {
        let fixture = try HTTPFixture()
        let ids = try await fixture.appliance.database.write { db -> [Int] in
            try db.execute(
                sql: """
                    INSERT INTO gyms (slug, name, city, timezone) VALUES ('lyon', 'Salle Lyon', 'Lyon', 'Europe/Paris');
                    INSERT INTO gyms (slug, name, city, timezone) VALUES ('paris', 'Salle Paris', 'Paris', 'Europe/Paris');
                    INSERT INTO kiosks (gym_id, slug, name, status, created_at) VALUES (2, 'paris-accueil', 'Accueil', 'offline', '2027-03-01T00:00:00.000Z');
                    """
            )
            var ids: [Int] = []
            for (gym, kiosk, type, priority, status, key) in [
                (1, nil, "churn_risk", "high", "open", "churn:1"), (1, nil, "churn_risk", "urgent", "acknowledged", "churn:2"),
                (2, 1, "kiosk_offline", "high", "dismissed", "kiosk:1"),
            ] as [(Int, Int?, String, String, String, String)] {
                try db.execute(
                    sql: """
                        INSERT INTO manager_alerts (gym_id, kiosk_id, alert_type, priority, status, title, message, dedup_key, created_at, updated_at, resolved_at)
                        VALUES (?, ?, ?, ?, ?, 'Titre', 'Texte', ?, '2027-03-28T08:00:00.000Z', '2027-03-28T08:00:00.000Z', ?)
                        """,
                    arguments: [gym, kiosk, type, priority, status, key, status == "dismissed" ? "2027-03-28T09:00:00.000Z" : nil]
                )
                ids.append(Int(db.lastInsertedRowID))
            }
            return ids
        }
        return (fixture, ids)
    }

    private func list(_ client: any TestClientProtocol, _ query: String) async throws -> (ids: [Int], next: String?, response: TestResponse) {
        let response = try await client.execute(uri: "/api/alerts\(query)", method: .get, headers: HTTPFixture.admin)
        guard case .array(let alerts) = response.json?["alerts"] else { return ([], nil, response) }
        return (alerts.compactMap { $0["id"]?.intValue }, response.json?["nextCursor"]?.stringValue, response)
    }

    private func post(_ client: any TestClientProtocol, _ path: String, _ body: String? = nil) async throws -> TestResponse {
        var headers = HTTPFixture.admin
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test func listingFiltersAndPagesNewestFirst() async throws {
        let (fixture, ids) = try await fixtureWithAlerts()
        try await fixture.test { client in
            #expect(try await list(client, "").ids == ids.reversed())
            #expect(try await list(client, "?gym=lyon").ids == [ids[1], ids[0]])
            #expect(try await list(client, "?type=kiosk_offline").ids == [ids[2]])
            #expect(try await list(client, "?status=open,acknowledged").ids == [ids[1], ids[0]])
            #expect(try await list(client, "?status=open&status=dismissed").ids == [ids[2], ids[0]])
            #expect(try await list(client, "?priority=urgent").ids == [ids[1]])
            let first = try await list(client, "?limit=2")
            #expect(first.ids == [ids[2], ids[1]])
            let second = try await list(client, "?limit=2&cursor=\(try #require(first.next))")
            #expect(second.ids == [ids[0]])
            #expect(second.next == nil)
            guard case .array(let alerts) = first.response.json?["alerts"], let alert = alerts.first else {
                Issue.record("no alerts array")
                return
            }
            #expect(alert["kiosk"] == "paris-accueil")
            #expect(alert["gym"] == "paris")
            #expect(alert["resolvedAt"] == "2027-03-28T09:00:00.000Z")
        }
    }

    @Test(arguments: [
        ("?status=closed", "status", HTTPResponse.Status.badRequest), ("?type=fire", "type", .badRequest),
        ("?priority=max", "priority", .badRequest), ("?limit=0", "limit", .badRequest), ("?cursor=x", "cursor", .badRequest),
        ("?page=2", "page", .badRequest), ("?gym=nice", "gym", .notFound),
    ])
    func aBadFilterIsRefusedNamingIt(_ query: String, _ field: String, _ status: HTTPResponse.Status) async throws {
        let (fixture, _) = try await fixtureWithAlerts()
        try await fixture.test { client in
            let response = try await list(client, query).response
            #expect(response.status == status, "\(query)")
            #expect(response.json?["field"]?.stringValue == field, "\(response.text)")
        }
    }

    @Test func aManagerAcknowledgesThenResolvesWithANote() async throws {
        let (fixture, ids) = try await fixtureWithAlerts()
        try await fixture.test { client in
            let acknowledged = try await post(client, "/api/alerts/\(ids[0])/acknowledge")
            #expect(acknowledged.status == .ok, "\(acknowledged.text)")
            #expect(acknowledged.json?["status"] == "acknowledged")
            #expect(acknowledged.json?["acknowledgedAt"] == "2027-03-29T07:30:00.000Z")

            let noNote = try await post(client, "/api/alerts/\(ids[0])/resolve")
            #expect(noNote.status == .badRequest)
            #expect(noNote.json?["field"] == "note")
            let badType = try await post(client, "/api/alerts/\(ids[0])/resolve", #"{"note": 3}"#)
            #expect(badType.status == .badRequest)
            #expect(badType.json?["field"] == "note")
            let unknown = try await post(client, "/api/alerts/\(ids[0])/resolve", #"{"text": "x"}"#)
            #expect(unknown.json?["field"] == "text")

            let resolved = try await post(client, "/api/alerts/\(ids[0])/resolve", #"{"note": "Appelé, revient lundi"}"#)
            #expect(resolved.status == .ok, "\(resolved.text)")
            #expect(resolved.json?["status"] == "resolved")
            #expect(resolved.json?["note"] == "Appelé, revient lundi")

            let shown = try await client.execute(uri: "/api/alerts/\(ids[0])", method: .get, headers: HTTPFixture.admin)
            #expect(shown.json?["status"] == "resolved")
        }
        let logs = try await fixture.appliance.logs.list(typeLike: "alert")
        #expect(logs.map(\.message) == ["Alerte résolue", "Alerte acquittée"])
    }

    @Test func conflictsAndUnknownAlertsAnswer409And404() async throws {
        let (fixture, ids) = try await fixtureWithAlerts()
        try await fixture.test { client in
            let twice = try await post(client, "/api/alerts/\(ids[1])/acknowledge", #"{"note": null}"#)
            #expect(twice.status == .conflict)
            #expect(twice.json?["status"] == "acknowledged")
            let reopenOpen = try await post(client, "/api/alerts/\(ids[0])/reopen")
            #expect(reopenOpen.status == .conflict)
            let missing = try await post(client, "/api/alerts/999/dismiss")
            #expect(missing.status == .notFound)
            let badID = try await client.execute(uri: "/api/alerts/abc", method: .get, headers: HTTPFixture.admin)
            #expect(badID.status == .badRequest)
            #expect(badID.json?["field"] == "id")

            // The dismissed kiosk alert reopens, once; then dismissed again with a note.
            let reopened = try await post(client, "/api/alerts/\(ids[2])/reopen")
            #expect(reopened.status == .ok, "\(reopened.text)")
            #expect(reopened.json?["status"] == "open")
            #expect(reopened.json?["resolvedAt"] == nil)
            let dismissed = try await post(client, "/api/alerts/\(ids[2])/dismiss", #"{"note": "Travaux"}"#)
            #expect(dismissed.json?["status"] == "dismissed")
        }
    }

    @Test func reopeningWhileAnotherAlertHoldsTheKeyNamesIt() async throws {
        let (fixture, ids) = try await fixtureWithAlerts()
        let newer = try await fixture.appliance.database.write { db -> Int in
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, kiosk_id, alert_type, priority, status, title, dedup_key, created_at, updated_at)
                    VALUES (2, 1, 'kiosk_offline', 'high', 'open', 'Titre', 'kiosk:1', '2027-03-28T10:00:00.000Z', '2027-03-28T10:00:00.000Z')
                    """
            )
            return Int(db.lastInsertedRowID)
        }
        try await fixture.test { client in
            let response = try await post(client, "/api/alerts/\(ids[2])/reopen")
            #expect(response.status == .conflict)
            #expect(response.json?["openAlertId"]?.intValue == newer, "\(response.text)")
        }
    }

    @Test func theAlertsNeedTheAdminSecret() async throws {
        let (fixture, ids) = try await fixtureWithAlerts()
        try await fixture.test { client in
            let anonymous = try await client.execute(uri: "/api/alerts", method: .get)
            #expect(anonymous.status == .unauthorized)
            let cron = try await client.execute(uri: "/api/alerts/\(ids[0])/dismiss", method: .post, headers: HTTPFixture.cron)
            #expect(cron.status == .unauthorized)
        }
    }
}
