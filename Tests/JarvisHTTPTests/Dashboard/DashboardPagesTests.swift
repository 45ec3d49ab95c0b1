import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Dashboard pages")
struct DashboardPagesTests {
    private func get(_ client: some TestClientProtocol, _ uri: String, session: String, language: String? = nil) async throws -> String {
        var headers: HTTPFields = [.cookie: "jarvis_session=\(session)"]
        if let language { headers[.acceptLanguage] = language }
        return try await client.execute(uri: uri, method: .get, headers: headers) { response in
            #expect(response.status == .ok, "\(uri)")
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            return String(buffer: response.body)
        }
    }

    @Test func theOverviewShowsEachScheduleInPlainWordsWithItsNextFireInLocalTime() async throws {
        let harness = try await DashboardHarness()
        try await harness.appliance.schedules.pause("cleanup-old-data")
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let page = try await get(client, "/", session: session)
            for job in ["daily-churn-analysis", "health-check-kiosks", "cleanup-old-data", "weekly-reports"] {
                #expect(page.contains("data-schedule=\"\(job)\""))
            }
            // Saturday 27 March 2027 at noon in Paris: 02:00 does not exist the next night, so
            // the churn analysis runs at 03:00; the reports run on Monday at 06:00.
            #expect(page.contains("à 02:00 tous les jours (Europe/Paris)"))
            #expect(page.contains("dim. 2027-03-28 03:00"))
            #expect(page.contains("lun. 2027-03-29 06:00"))
            #expect(page.contains("en pause"))
            #expect(page.contains("jamais exécuté"))
            #expect(page.contains("Alertes ouvertes (0)"))
        }
    }

    @Test(arguments: [
        (header: nil as String?, expected: "Vue d'ensemble"),
        (header: "en-US,en;q=0.9", expected: "Overview"),
        (header: "de-DE, en;q=0.5, fr;q=0.4", expected: "Overview"),
        (header: "en;q=0.2, fr-CA;q=0.8", expected: "Vue d'ensemble"),
        (header: "fr;q=0, *", expected: "Overview"),
        (header: "es", expected: "Vue d'ensemble"),
    ])
    func theLanguageFollowsAcceptLanguageWithItsQValues(header: String?, expected: String) async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let page = try await get(client, "/", session: session, language: header)
            #expect(page.contains("<h1>\(expected.replacingOccurrences(of: "'", with: "&#39;"))</h1>"))
        }
    }

    @Test func aPreviewShowsTheNextFiveFiresAndSavesNothing() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let response = try await DashboardHarness.post(
                client,
                "/schedules/daily-churn-analysis",
                session: session,
                fields: [("csrf", csrf), ("cron", "30 2 * * *"), ("timezone", "Europe/Paris"), ("action", "preview")]
            )
            #expect(response.status == .ok)
            let page = String(buffer: response.body)
            // 02:30 falls in the gap on Sunday 28 March: it runs at 03:00 that day.
            #expect(page.contains("<li>dim. 2027-03-28 03:00 (Europe/Paris)</li>"))
            #expect(page.contains("<li>lun. 2027-03-29 02:30 (Europe/Paris)</li>"))
            #expect(page.components(separatedBy: "<li>").count - 1 == 5)
            #expect(page.contains("value=\"30 2 * * *\""))
        }
        #expect(try await harness.appliance.schedules.schedule("daily-churn-analysis").cron == "0 2 * * *")
    }

    @Test(arguments: [
        (cron: "61 * * * *", zone: "", message: "minute: 61 is out of range 0-59"),
        (cron: "0 2 * * *", zone: "Mars/Olympus", message: "timezone: &#39;Mars/Olympus&#39; n&#39;est pas un fuseau IANA"),
        (cron: "0 0 30 2 *", zone: "", message: "ne se déclenche jamais"),
    ])
    func anInvalidChangeIsRefusedWithItsReasonAndNotSaved(cron: String, zone: String, message: String) async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            for action in ["preview", "save"] {
                let response = try await DashboardHarness.post(
                    client,
                    "/schedules/daily-churn-analysis",
                    session: session,
                    fields: [("csrf", csrf), ("cron", cron), ("timezone", zone), ("action", action)]
                )
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Expression refusée : "), "\(action): \(cron)")
                #expect(page.contains(message), "\(action): \(cron)")
                #expect(page.contains("value=\"\(cron)\""), "the form keeps what was typed")
            }
        }
        let stored = try await harness.appliance.schedules.schedule("daily-churn-analysis")
        #expect(stored.cron == "0 2 * * *")
        #expect(stored.timezone == nil)
    }

    @Test func savingAnExpressionStoresItAndShowsItsNextFire() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let response = try await DashboardHarness.post(
                client,
                "/schedules/weekly-reports",
                session: session,
                fields: [("csrf", csrf), ("cron", "15 7 * * 1"), ("timezone", "America/Martinique"), ("action", "save")]
            )
            #expect(response.status == .seeOther)
            #expect(response.headers[.location]?.hasPrefix("/schedules?saved=weekly-reports") == true)
            let page = try await get(client, "/schedules?saved=weekly-reports", session: session)
            #expect(page.contains("Planification enregistrée."))
            #expect(page.contains("lun. 2027-03-29 07:15"))
        }
        let stored = try await harness.appliance.schedules.schedule("weekly-reports")
        #expect(stored.cron == "15 7 * * 1")
        #expect(stored.timezone == "America/Martinique")
    }

    @Test func pauseAndResumeChangeTheStoredSchedule() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let pause = try await DashboardHarness.post(client, "/schedules/cleanup-old-data/pause", session: session, fields: [("csrf", csrf)])
            #expect(pause.status == .seeOther)
            #expect(try await harness.appliance.schedules.schedule("cleanup-old-data").paused)
            #expect(try await get(client, "/schedules", session: session).contains("action=\"/schedules/cleanup-old-data/resume\""))
            let resume = try await DashboardHarness.post(client, "/schedules/cleanup-old-data/resume", session: session, fields: [("csrf", csrf)])
            #expect(resume.status == .seeOther)
            #expect(try await !harness.appliance.schedules.schedule("cleanup-old-data").paused)
            let unknown = try await DashboardHarness.post(client, "/schedules/nope/pause", session: session, fields: [("csrf", csrf)])
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body) == #"{"error":"no schedule 'nope'","field":"id"}"#)
        }
    }

    @Test func runNowGoesThroughTheRunnerAndTheRunAppearsOnTheRunsPage() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let response = try await DashboardHarness.post(client, "/schedules/health-check-kiosks/run", session: session, fields: [("csrf", csrf)])
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            let id = try #require(Int64(location.replacingOccurrences(of: "/runs?started=", with: "")))
            let run = try await finishedRun(harness, id)
            #expect(run.job == "health-check-kiosks")
            #expect(run.trigger == .http)
            #expect(run.status == .succeeded)
            let page = try await get(client, location, session: session)
            #expect(page.contains("Exécution lancée #\(id)"))
            #expect(page.contains("data-run=\"\(id)\" data-job=\"health-check-kiosks\" data-status=\"succeeded\""))
            #expect(page.contains("<svg class=\"timeline\""))
            #expect(page.contains("<title>#\(id) health-check-kiosks · réussie"))
            // The filters keep only what they name.
            let failedOnly = try await get(client, "/runs?status=failed", session: session)
            #expect(!failedOnly.contains("data-run=\"\(id)\""))
            let byJob = try await get(client, "/runs?job=health-check-kiosks&status=succeeded", session: session)
            #expect(byJob.contains("data-run=\"\(id)\""))
            let wrong = try await get(client, "/runs?status=exploded", session: session)
            #expect(wrong.contains("Statut inconnu &#39;exploded&#39;"))
        }
    }

    @Test func aFailedRunCanBeRetriedByHand() async throws {
        let harness = try await DashboardHarness()
        let failedID = try await harness.database.write { db -> Int64 in
            try db.execute(
                sql: """
                    INSERT INTO job_runs (job, schedule_id, trigger, slot_utc, slot_local, attempt, status, started_at, finished_at, duration_ms, error)
                    VALUES ('health-check-kiosks', 'health-check-kiosks', 'schedule', :slot, '2027-03-27T11:00 Europe/Paris', 4, 'failed', :slot, :finished, 10000, 'database is locked')
                    """,
                arguments: [
                    "slot": Timestamp.string(from: DashboardHarness.start.addingTimeInterval(-3_600)),
                    "finished": Timestamp.string(from: DashboardHarness.start.addingTimeInterval(-3_590)),
                ]
            )
            return db.lastInsertedRowID
        }
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let page = try await get(client, "/runs", session: session)
            #expect(page.contains("action=\"/runs/\(failedID)/retry\""))
            #expect(page.contains("database is locked"))
            #expect(page.contains("abandonnée"), "a failed scheduled run without a next retry is dead")
            let csrf = try #require(DashboardHarness.hiddenField("csrf", in: page))
            let response = try await DashboardHarness.post(client, "/runs/\(failedID)/retry", session: session, fields: [("csrf", csrf)])
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            let retryID = try #require(Int64(location.replacingOccurrences(of: "/runs?retried=", with: "")))
            let retry = try await finishedRun(harness, retryID)
            #expect(retry.retryOf == failedID)
            #expect(retry.attempt == 5)
            #expect(retry.trigger == .retry)
            #expect(retry.status == .succeeded)
            let succeeded = try await DashboardHarness.post(client, "/runs/\(retryID)/retry", session: session, fields: [("csrf", csrf)])
            #expect(succeeded.status == .conflict)
        }
    }

    @Test func theKiosksPageShowsStatusLastHeartbeatAndUptimeOverSevenDays() async throws {
        let harness = try await DashboardHarness()
        let now = DashboardHarness.start
        try await harness.database.write { db in
            try db.execute(sql: "INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'lyon', 'Jarvis Lyon', 'Europe/Paris')")
            try db.execute(
                sql:
                    "INSERT INTO kiosks (id, gym_id, slug, name, status, last_heartbeat, created_at) VALUES (1, 1, 'lyon-accueil', 'Accueil', 'online', ?, ?), (2, 1, 'lyon-cardio', 'Cardio', 'offline', NULL, ?)",
                arguments: [
                    Timestamp.string(from: now.addingTimeInterval(-120)), Timestamp.string(from: now.addingTimeInterval(-30 * 86_400)),
                    Timestamp.string(from: now.addingTimeInterval(-30 * 86_400)),
                ]
            )
            // A heartbeat every 10 minutes during the last 3.5 days only: half of the week.
            let insert = try db.makeStatement(sql: "INSERT INTO kiosk_heartbeats (kiosk_id, received_at) VALUES (1, ?)")
            for step in 0..<504 {
                try insert.execute(arguments: [Timestamp.string(from: now.addingTimeInterval(-Double(step) * 600 - 120))])
            }
        }
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let page = try await get(client, "/kiosks", session: session, language: "en")
            #expect(page.contains("data-kiosk=\"lyon-accueil\""))
            #expect(page.contains("50.0 %"))
            #expect(page.contains("Sat 2027-03-27 11:58"))
            #expect(page.contains("(2 min ago)"))
            #expect(page.contains("0.0 %"), "the silent kiosk")
            #expect(page.contains(">never<"))
            let overview = try await get(client, "/", session: session, language: "en")
            #expect(overview.contains("<b>1</b><span class=\"badge s-online\">online</span>"))
            #expect(overview.contains("<b>1</b><span class=\"badge s-offline\">offline</span>"))
        }
    }

    @Test func reportsAreListedPerGymAndOpenAsTheirHTMLPage() async throws {
        let database = try AppDatabase.inMemory()
        _ = try await DemoGenerator(options: .init(gyms: 2, membersPerGym: 15, days: 21, seed: 7), until: DashboardHarness.start).generate(
            into: database
        )
        let harness = try await DashboardHarness(database: database)
        let launch = try await harness.appliance.launcher.start(job: "weekly-reports", trigger: .cli, waiting: true)
        guard case .finished(let run) = launch else {
            Issue.record("not run: \(launch)")
            return
        }
        #expect(run.status == .succeeded)
        let gym = try await database.read { db in try String.fetchOne(db, sql: "SELECT slug FROM gyms ORDER BY id LIMIT 1") }!
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let page = try await get(client, "/reports", session: session)
            // Saturday 27 March 2027: the previous ISO week is 2027-W11.
            #expect(page.contains("href=\"/reports/\(gym)/2027-W11\""))
            #expect(page.contains("2027-03-15 → 2027-03-21"))
            let report = try await get(client, "/reports/\(gym)/2027-W11", session: session)
            #expect(report.contains("<svg"))
            #expect(report.contains("2027-W11") || report.contains("semaine 11") || report.contains("Semaine 11"))
            try await client.execute(uri: "/reports/\(gym)/2026-W01", method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).hasPrefix(#"{"error":"#))
            }
        }
    }

    private func finishedRun(_ harness: DashboardHarness, _ id: Int64) async throws -> JobRun {
        for _ in 0..<400 {
            if let run = try await harness.database.read({ db in try JobRun.fetchOne(db, key: id) }), run.status != .running {
                return run
            }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw CancellationError()
    }
}
