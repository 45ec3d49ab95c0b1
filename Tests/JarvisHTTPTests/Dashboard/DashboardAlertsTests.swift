import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Dashboard alerts page")
struct DashboardAlertsTests {
    /// Two gyms; `count` open churn alerts in lyon (the newest the most urgent) and a kiosk
    /// alert in paris. Returns the ids, oldest first (the kiosk alert last).
    private func seed(_ harness: DashboardHarness, lyonAlerts count: Int = 2) async throws -> [Int64] {
        try await harness.database.write { db -> [Int64] in
            try db.execute(
                sql: """
                    INSERT INTO gyms (slug, name, city, timezone) VALUES ('lyon', 'Salle Lyon', 'Lyon', 'Europe/Paris');
                    INSERT INTO gyms (slug, name, city, timezone) VALUES ('paris', 'Salle Paris', 'Paris', 'Europe/Paris');
                    """
            )
            var ids: [Int64] = []
            for index in 0..<count {
                try db.execute(
                    sql: """
                        INSERT INTO manager_alerts (gym_id, alert_type, priority, status, title, message, dedup_key, created_at, updated_at)
                        VALUES (1, 'churn_risk', ?, 'open', ?, 'Score 0,55', ?, '2027-03-27T08:00:00.000Z', '2027-03-27T08:00:00.000Z')
                        """,
                    arguments: [index == count - 1 ? "urgent" : "high", "Risque de départ élevé : Membre \(index)", "churn:\(index)"]
                )
                ids.append(db.lastInsertedRowID)
            }
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, alert_type, priority, status, title, dedup_key, created_at, updated_at)
                    VALUES (2, 'kiosk_offline', 'high', 'open', 'Kiosk hors ligne : Accueil (Salle Paris)', 'kiosk:1',
                            '2027-03-27T09:00:00.000Z', '2027-03-27T09:00:00.000Z')
                    """
            )
            ids.append(db.lastInsertedRowID)
            return ids
        }
    }

    private func get(_ client: some TestClientProtocol, _ uri: String, session: String, language: String = "fr") async throws -> String {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: "jarvis_session=\(session)", .acceptLanguage: language]) { response in
            #expect(response.status == .ok, "\(uri)")
            return String(buffer: response.body)
        }
    }

    private func rows(_ page: String) -> [String] {
        page.components(separatedBy: "data-alert=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test func thePageListsFiltersAndPagesTheAlertsInFrenchAndEnglish() async throws {
        let harness = try await DashboardHarness()
        let ids = try await seed(harness)
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let all = try await get(client, "/alerts", session: session)
            #expect(rows(all) == ids.reversed().map(String.init))
            #expect(all.contains("<h1>Alertes</h1>"))
            #expect(all.contains("Kiosk hors ligne : Accueil (Salle Paris)"))
            #expect(all.contains("ouverte") && all.contains("Acquitter") && all.contains("Résoudre") && all.contains("Ignorer"))
            #expect(all.contains("aria-current=\"page\">Alertes</a>"))

            #expect(rows(try await get(client, "/alerts?gym=lyon", session: session)) == [ids[1], ids[0]].map(String.init))
            #expect(rows(try await get(client, "/alerts?type=kiosk_offline", session: session)) == [String(ids[2])])
            #expect(rows(try await get(client, "/alerts?priority=urgent", session: session)) == [String(ids[1])])
            #expect(rows(try await get(client, "/alerts?status=resolved", session: session)).isEmpty)

            let english = try await get(client, "/alerts?gym=nice", session: session, language: "en")
            #expect(english.contains("no gym &#39;nice&#39;"), "a refused filter is shown, and the list unfiltered")
            #expect(rows(english).count == 3)
            #expect(english.contains("Acknowledge") && english.contains("Dismiss"))
        }
    }

    @Test func pagesOfFiftyLinkToTheNextWithTheFilters() async throws {
        let harness = try await DashboardHarness()
        let ids = try await seed(harness, lyonAlerts: 51)
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let first = try await get(client, "/alerts?gym=lyon", session: session)
            #expect(rows(first).count == 50)
            let link = "/alerts?gym=lyon&amp;cursor=\(ids[1])"
            #expect(first.contains("href=\"\(link)\""), "\(first.components(separatedBy: "next-page").last?.prefix(120) ?? "")")
            let second = try await get(client, "/alerts?gym=lyon&cursor=\(ids[1])", session: session)
            #expect(rows(second) == [String(ids[0])])
            #expect(!second.contains("next-page"))
        }
    }

    @Test func aManagerAcknowledgesResolvesWithANoteDismissesAndReopens() async throws {
        let harness = try await DashboardHarness()
        let ids = try await seed(harness)
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let filters = [("gym", "lyon"), ("type", ""), ("status", "open,acknowledged"), ("priority", ""), ("cursor", "")]

            let acknowledged = try await DashboardHarness.post(
                client,
                "/alerts/\(ids[0])/acknowledge",
                session: session,
                fields: [("csrf", csrf)] + filters
            )
            #expect(acknowledged.status == .seeOther)
            #expect(acknowledged.headers[.location] == "/alerts?gym=lyon&status=open,acknowledged&done=\(ids[0])#alert-\(ids[0])")

            let noNote = try await DashboardHarness.post(
                client,
                "/alerts/\(ids[0])/resolve",
                session: session,
                fields: [("csrf", csrf), ("note", "  ")] + filters,
                extra: [.acceptLanguage: "fr"]
            )
            #expect(noNote.status == .badRequest)
            #expect(String(buffer: noNote.body).contains("une note est requise pour résoudre une alerte"))

            let resolved = try await DashboardHarness.post(
                client,
                "/alerts/\(ids[0])/resolve",
                session: session,
                fields: [("csrf", csrf), ("note", "Appelé : revient lundi")] + filters
            )
            #expect(resolved.status == .seeOther)
            let dismissed = try await DashboardHarness.post(client, "/alerts/\(ids[2])/dismiss", session: session, fields: [("csrf", csrf)])
            #expect(dismissed.headers[.location] == "/alerts?done=\(ids[2])#alert-\(ids[2])")
            let again = try await DashboardHarness.post(
                client,
                "/alerts/\(ids[2])/dismiss",
                session: session,
                fields: [("csrf", csrf)],
                extra: [.acceptLanguage: "en"]
            )
            #expect(again.status == .conflict)
            #expect(String(buffer: again.body).contains("is dismissed; dismiss applies only to open or acknowledged alerts"))

            let page = try await get(client, "/alerts?status=resolved&done=\(ids[0])", session: session)
            #expect(rows(page) == [String(ids[0])])
            #expect(page.contains("Alerte mise à jour #\(ids[0])"))
            #expect(page.contains("Note : Appelé : revient lundi"))
            #expect(page.contains("Rouvrir") && !page.contains(">Acquitter<"))
            let reopened = try await DashboardHarness.post(client, "/alerts/\(ids[2])/reopen", session: session, fields: [("csrf", csrf)])
            #expect(reopened.status == .seeOther)
        }
        #expect(try await harness.appliance.alerts.alert(id: ids[0]).status == .resolved)
        #expect(try await harness.appliance.alerts.alert(id: ids[0]).note == "Appelé : revient lundi")
        #expect(try await harness.appliance.alerts.alert(id: ids[2]).status == .open)
    }

    @Test func anActionNeedsTheSessionsCSRFToken() async throws {
        let harness = try await DashboardHarness()
        let ids = try await seed(harness)
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let forged = try await DashboardHarness.post(client, "/alerts/\(ids[0])/dismiss", session: session, fields: [("csrf", "forged")])
            #expect(forged.status == .forbidden)
            let anonymous = try await DashboardHarness.post(client, "/alerts/\(ids[0])/dismiss", session: nil, fields: [("csrf", "x")])
            #expect(anonymous.status == .unauthorized)
        }
        #expect(try await harness.appliance.alerts.alert(id: ids[0]).status == .open)
    }

    @Test func theOverviewLinksItsRemainingAlertsToThePage() async throws {
        let harness = try await DashboardHarness()
        _ = try await seed(harness, lyonAlerts: 12)
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let overview = try await get(client, "/", session: session)
            #expect(overview.contains("<a id=\"more-alerts\" href=\"/alerts?status=open%2Cacknowledged\">+ 3 autres alertes ouvertes</a>"))
            let linked = try await get(client, "/alerts?status=open%2Cacknowledged", session: session)
            #expect(rows(linked).count == 13)
        }
    }
}
