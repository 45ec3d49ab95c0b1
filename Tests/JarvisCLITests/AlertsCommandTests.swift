import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("jarvis alerts")
struct AlertsCommandTests {
    /// A demo database with no alerts but two of ours: an open churn alert and an urgent kiosk
    /// one. Returns the path, the gym's slug and the two ids.
    static func site(_ folder: TemporaryFolder) async throws -> (path: String, gym: String, churn: Int64, kiosk: Int64) {
        let (path, gym) = try await KiosksCommandTests.site(folder)
        let ids = try await DatabaseQueue(path: path).write { db -> [Int64] in
            try db.execute(sql: "DELETE FROM manager_alerts")
            var ids: [Int64] = []
            for (type, priority, key) in [("churn_risk", "high", "churn:1"), ("kiosk_offline", "urgent", "kiosk:1")] {
                try db.execute(
                    sql: """
                        INSERT INTO manager_alerts (gym_id, alert_type, priority, status, title, dedup_key, created_at, updated_at)
                        VALUES ((SELECT id FROM gyms), ?, ?, 'open', 'Titre ' || ?, ?, '2027-03-28T08:00:00.000Z', '2027-03-28T08:00:00.000Z')
                        """,
                    arguments: [type, priority, key, key]
                )
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
        return (path, gym, ids[0], ids[1])
    }

    @Test func listFiltersAndShowsTheAlerts() async throws {
        let folder = try TemporaryFolder()
        let site = try await Self.site(folder)
        let all = try await JarvisProcess.run(["alerts", "list", "--db", site.path])
        #expect(all.status == 0, "\(all.output)")
        let lines = all.output.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(lines.map { $0.split(separator: " ").first.map(String.init) } == ["\(site.kiosk)", "\(site.churn)"])
        let urgent = try await JarvisProcess.run(["alerts", "--db", site.path, "--priority", "urgent", "--json"])
        #expect(urgent.status == 0, "\(urgent.output)")
        let json = try #require(JSONValue(jsonText: urgent.standardOutput), "\(urgent.output)")
        guard case .array(let alerts) = json["alerts"] else {
            Issue.record("no alerts array")
            return
        }
        #expect(alerts.map { $0["id"]?.intValue } == [Int(site.kiosk)])
        #expect(alerts.first?["gym"]?.stringValue == site.gym)

        let bad = try await JarvisProcess.run(["alerts", "list", "--db", site.path, "--status", "open,closed"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("--status: 'closed' is not one of open, acknowledged, resolved, dismissed"), "\(bad.output)")
        let unknownGym = try await JarvisProcess.run(["alerts", "list", "--db", site.path, "--gym", "nowhere"])
        #expect(unknownGym.status != 0)
        #expect(unknownGym.output.contains("no gym 'nowhere'"), "\(unknownGym.output)")
    }

    @Test func aManagerActsOnAlertsFromTheCommandLine() async throws {
        let folder = try TemporaryFolder()
        let site = try await Self.site(folder)
        let acknowledged = try await JarvisProcess.run(["alerts", "acknowledge", "--db", site.path, "\(site.churn)", "--note", "Je rappelle"])
        #expect(acknowledged.status == 0, "\(acknowledged.output)")
        #expect(acknowledged.output.contains("status: acknowledged"))
        #expect(acknowledged.output.contains("note: Je rappelle"))

        let noNote = try await JarvisProcess.run(["alerts", "resolve", "--db", site.path, "\(site.churn)"])
        #expect(noNote.status != 0)
        #expect(noNote.output.contains("note: required"), "\(noNote.output)")
        let resolved = try await JarvisProcess.run(["alerts", "resolve", "--db", site.path, "\(site.churn)", "--note", "Revient lundi", "--json"])
        #expect(resolved.status == 0, "\(resolved.output)")
        #expect(JSONValue(jsonText: resolved.standardOutput)?["status"] == "resolved")

        let dismissed = try await JarvisProcess.run(["alerts", "dismiss", "--db", site.path, "\(site.kiosk)"])
        #expect(dismissed.status == 0, "\(dismissed.output)")
        let again = try await JarvisProcess.run(["alerts", "dismiss", "--db", site.path, "\(site.kiosk)"])
        #expect(again.status != 0)
        #expect(again.output.contains("is dismissed"), "\(again.output)")
        let reopened = try await JarvisProcess.run(["alerts", "reopen", "--db", site.path, "\(site.kiosk)"])
        #expect(reopened.output.contains("status: open"), "\(reopened.output)")
        let shown = try await JarvisProcess.run(["alerts", "show", "--db", site.path, "\(site.churn)"])
        #expect(shown.output.contains("resolved: "), "\(shown.output)")

        let statuses = try await DatabaseQueue(path: site.path).read { db in
            try String.fetchAll(db, sql: "SELECT status FROM manager_alerts ORDER BY id")
        }
        #expect(statuses == ["resolved", "open"])
        let messages = try await DatabaseQueue(path: site.path).read { db in
            try String.fetchAll(db, sql: "SELECT message FROM system_logs WHERE log_type = 'alert' ORDER BY id")
        }
        #expect(messages == ["Alerte acquittée", "Alerte résolue", "Alerte ignorée", "Alerte rouverte"])
    }
}
