import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Logging
import Testing

@testable import JarvisCore

/// The HTTP API, the dashboard and the CLI are edges over the same use cases: each case here is
/// driven through all three, on one database file, and must come out the same.
@Suite("The three edges agree")
struct EdgeAgreementTests {
    /// One database file seen by the three edges: the HTTP API and the dashboard of one
    /// in-process application, and the `jarvis` binary.
    struct Edges {
        let folder: TemporaryFolder
        let path: String
        let fixture: HTTPFixture

        /// `demo`: demo arguments for the file, written by the CLI before the application opens it.
        init(jobs: [any Job]? = nil, demo: [String]? = nil) async throws {
            folder = try TemporaryFolder()
            path = folder.file("site.db")
            if let demo {
                let result = try await JarvisProcess.run(["demo", "--db", path, "--until", "2027-03-29T07:30:00Z"] + demo)
                try #require(result.status == 0, "\(result.output)")
            }
            fixture = try HTTPFixture(jobs: jobs, database: try AppDatabase.open(path: path, access: .createOrMigrate))
            try await fixture.appliance.schedules.seedDefaults()
        }

        var appliance: Appliance { fixture.appliance }

        /// A CLI command on the same file, in the application's zone.
        func cli(_ arguments: [String]) async throws -> JarvisProcess.Result {
            try await JarvisProcess.run(arguments + ["--db", path], environment: ["JARVIS_TIMEZONE": "Europe/Paris"])
        }

        /// A signed-in dashboard session and its CSRF token.
        func signIn(_ client: some TestClientProtocol) async throws -> (session: String, csrf: String) {
            let session = try await DashboardHarness.signIn(client, secret: HTTPFixture.adminSecret)
            return (session, try await DashboardHarness.csrfToken(client, session: session))
        }
    }

    /// What an HTML page shows of a text: Mustache's escaping.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static let english: HTTPFields = [.acceptLanguage: "en"]

    /// Sends one schedule change through the API, the dashboard's save form and `jarvis
    /// schedules set`, and expects each to refuse it with `message`, naming `field`, and the
    /// schedule to stay as it was.
    func expectEveryEdgeRefuses(cron: String, timezone: String, field: String, message: String) async throws {
        let edges = try await Edges()
        let before = try await edges.appliance.schedules.schedule("daily-churn-analysis")
        try await edges.fixture.test { client in
            let body = JSONValue.object(["cron": .string(cron), "timezone": timezone.isEmpty ? .null : .string(timezone)]).jsonText
            let api = try await client.execute(
                uri: "/api/schedules/daily-churn-analysis",
                method: .put,
                headers: HTTPFixture.admin,
                body: ByteBuffer(string: body)
            )
            #expect(api.status == .badRequest)
            #expect(api.json?["error"]?.stringValue == message)
            #expect(api.json?["field"]?.stringValue == field)

            let (session, csrf) = try await edges.signIn(client)
            let form = try await DashboardHarness.post(
                client,
                "/schedules/daily-churn-analysis",
                session: session,
                fields: [("csrf", csrf), ("cron", cron), ("timezone", timezone), ("action", "save")],
                origin: HTTPFixture.publicURL,
                extra: Self.english
            )
            #expect(form.status == .ok)
            #expect(form.text.contains(Self.escaped(message)), "the dashboard shows the same reason")
        }
        let cli = try await edges.cli(["schedules", "set", "daily-churn-analysis", cron] + (timezone.isEmpty ? [] : ["--tz", timezone]))
        #expect(cli.status == 1)
        #expect(cli.output.contains("Error: \(message)"), "\(cli.output)")
        #expect(try await edges.appliance.schedules.schedule("daily-churn-analysis") == before)
    }

    @Test func anExpressionThatNeverFiresIsRefusedByEveryEdge() async throws {
        try await expectEveryEdgeRefuses(
            cron: "0 0 30 2 *",
            timezone: "",
            field: "cron",
            message: "cron: '0 0 30 2 *' never fires (at 00:00 on 30 February (Europe/Paris), a date that never occurs)"
        )
    }

    @Test func anOffsetZoneSuchAsGMTPlus2IsRefusedByEveryEdge() async throws {
        try await expectEveryEdgeRefuses(
            cron: "0 2 * * *",
            timezone: "GMT+2",
            field: "timezone",
            message: "timezone: 'GMT+2' is not an IANA time zone such as Europe/Paris"
        )
        // The appliance's own zone follows the same rule: serve and doctor both refuse it.
        let folder = try TemporaryFolder()
        for command in ["serve", "doctor"] {
            let result = try await JarvisProcess.run([command, "--db", folder.file("site.db"), "--timezone", "GMT+2"])
            #expect(result.status != 0, "\(command)")
            #expect(
                result.output.contains("--timezone: 'GMT+2' is not an IANA time zone such as Europe/Paris or UTC"),
                "\(command): \(result.output)"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("site.db")), "nothing was created")
    }

    @Test func aScheduleChangedThroughTheAPIOrTheDashboardWakesTheSchedulerAtOnce() async throws {
        // Virtual time stands still at `start`: the scheduler, asleep until its next slot, can
        // only look at the schedules again if a change wakes it.
        let start = HTTPFixture.start
        let clock = VirtualClock(start: start, end: start)
        let logs = CapturedLog()
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        var configuration = AppConfiguration(timeZone: TimeZone(identifier: "Europe/Paris")!)
        configuration.adminSecret = Secret(HTTPFixture.adminSecret)
        let appliance = Appliance(
            configuration: configuration,
            database: try AppDatabase.open(path: path, access: .createOrMigrate),
            clock: clock,
            logger: logs.logger
        )
        let scheduler = appliance.makeScheduler()
        let running = Task { try await scheduler.run() }
        defer { running.cancel() }
        @Sendable func reloads() -> Int { logs.all.filter { $0.contains("schedules reloaded") }.count }
        @Sendable func waitForReloads(_ count: Int) async throws {
            for _ in 0..<400 where reloads() < count { try await Task.sleep(for: .milliseconds(5)) }
        }
        for _ in 0..<400 where !logs.text.contains("scheduler started") { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(reloads() == 0, "\(logs.text)")

        try await buildApplication(appliance: appliance).test(.router) { client in
            let api = try await client.execute(
                uri: "/api/schedules/daily-churn-analysis",
                method: .put,
                headers: HTTPFixture.admin,
                body: ByteBuffer(string: #"{"cron":"30 2 * * *"}"#)
            )
            #expect(api.status == .ok)
            try await waitForReloads(1)
            #expect(reloads() == 1, "the API's change woke the scheduler: \(logs.text)")

            let session = try await DashboardHarness.signIn(client, secret: HTTPFixture.adminSecret)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let form = try await DashboardHarness.post(
                client,
                "/schedules/daily-churn-analysis",
                session: session,
                fields: [("csrf", csrf), ("cron", "45 2 * * *"), ("timezone", ""), ("action", "save")]
            )
            #expect(form.status == .seeOther)
            try await waitForReloads(2)
            #expect(reloads() == 2, "the dashboard's change woke the scheduler")
        }
        #expect(clock.now == start, "no virtual time passed: the changes woke the scheduler, not a timer")

        // The CLI changes the file from another process, which cannot wake this one: its change is
        // seen at the scheduler's next wake-up, at most a minute later (here time stands still).
        let cli = try await JarvisProcess.run(["schedules", "pause", "daily-churn-analysis", "--db", path])
        #expect(cli.status == 0, "\(cli.output)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(reloads() == 2)
    }

    @Test func aRunStoppedBySIGTERMIsRecordedAbandonedWhicheverEdgeStartedIt() async throws {
        let reason = "stopped by the appliance's shutdown before it finished"
        // The API's background run and the dashboard's "run now": the application's graceful
        // shutdown (what SIGTERM starts in `jarvis serve`) stops them.
        for edge in ["api", "dashboard"] {
            let job = GatedJob()
            let edges = try await Edges(jobs: [job])
            let runID: Int64 = try await edges.fixture.test { client in
                let location: String
                if edge == "api" {
                    let response = try await client.execute(
                        uri: "/api/cron/gated",
                        method: .post,
                        headers: HTTPFixture.cron + [.prefer: "respond-async"]
                    )
                    #expect(response.status == .accepted)
                    location = try #require(response.headers[.location]).replacingOccurrences(of: "/api/runs/", with: "")
                } else {
                    let (session, csrf) = try await edges.signIn(client)
                    let response = try await DashboardHarness.post(
                        client,
                        "/schedules/gated/run",
                        session: session,
                        fields: [("csrf", csrf)],
                        origin: HTTPFixture.publicURL
                    )
                    #expect(response.status == .seeOther)
                    location = try #require(response.headers[.location]).replacingOccurrences(of: "/runs?started=", with: "")
                }
                for _ in 0..<400 where job.started == 0 { try await Task.sleep(for: .milliseconds(5)) }
                #expect(job.started == 1)
                return try #require(Int64(location))
            }
            let run = try await edges.appliance.history.run(runID)
            #expect(run.status == .abandoned, "\(edge)")
            #expect(run.error == reason, "\(edge)")
            let message = try await edges.appliance.database.read { db in
                try String.fetchOne(db, sql: "SELECT message FROM system_logs WHERE run_id = ?", arguments: [runID])
            }
            #expect(message == "Interrompu : Tâche bloquante", "\(edge)")
        }

        // `jarvis run`, sent SIGTERM while its job works, stops the same way.
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let demo = try await JarvisProcess.run(["demo", "--db", path, "--gyms", "12", "--members-per-gym", "2000", "--days", "14", "--seed", "42"])
        try #require(demo.status == 0, "\(demo.output)")
        let cli = try JarvisProcess.Running(["run", "daily-churn-analysis", "--db", path])
        try await cli.waitForOutput(containing: "progress: 0/", timeout: .seconds(60))
        #expect(try await cli.terminate() == 1, "a run that did not succeed exits non-zero")
        let database = try AppDatabase.open(path: path, access: .existing)
        let (status, error, message) = try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT status, error FROM job_runs WHERE job = 'daily-churn-analysis'")
            let message = try String.fetchOne(db, sql: "SELECT message FROM system_logs WHERE log_type = 'cron_daily_churn'")
            return (row?["status"] as String?, row?["error"] as String?, message)
        }
        #expect(status == "abandoned", "\(cli.output)")
        #expect(error == reason)
        #expect(message == "Interrompu : Analyse churn quotidienne")
    }

    @Test func week53OfA52WeekYearIsNotFoundByEveryEdgeAndMatchesNothingInALIst() async throws {
        let edges = try await Edges(demo: ["--gyms", "1", "--members-per-gym", "5", "--days", "3"])
        let gym = try #require(try await edges.appliance.database.read { db in try String.fetchOne(db, sql: "SELECT slug FROM gyms") })
        let message = "2027-W53 does not exist: 2027 has 52 ISO weeks"
        try await edges.fixture.test { client in
            let api = try await client.execute(uri: "/api/reports/\(gym)/2027-W53", method: .get, headers: HTTPFixture.admin)
            #expect(api.status == .notFound)
            #expect(api.json?["error"]?.stringValue == message)
            #expect(api.json?["field"]?.stringValue == "week")
            let listing = try await client.execute(uri: "/api/reports?week=2027-W53", method: .get, headers: HTTPFixture.admin)
            #expect(listing.status == .ok)
            #expect(listing.json == ["reports": []])

            let (session, _) = try await edges.signIn(client)
            let page = try await client.execute(uri: "/reports/\(gym)/2027-W53", method: .get, headers: [.cookie: "jarvis_session=\(session)"])
            #expect(page.status == .notFound)
            #expect(page.json?["error"]?.stringValue == message)
        }
        let show = try await edges.cli(["reports", "show", "--gym", gym, "--week", "2027-W53"])
        #expect(show.status == 1)
        #expect(show.output.contains("Error: \(message)"), "\(show.output)")
        let list = try await edges.cli(["reports", "--week", "2027-W53", "--json"])
        #expect(list.status == 0, "\(list.output)")
        #expect(JSONValue(jsonText: list.standardOutput) == ["reports": []])
    }

    @Test func aFailedRunIsRetriedWithItsSchedulesSettingsByEveryEdge() async throws {
        let edges = try await Edges(demo: ["--gyms", "1", "--members-per-gym", "20", "--days", "10"])
        let appliance = edges.appliance
        let churn = "daily-churn-analysis"
        // The schedule allows 7 retries; every churn write is refused, so every attempt fails
        // and its log row says "tentative n/8" with its schedule's own count.
        try await appliance.schedules.upsert(id: churn, .init(maxRetries: 7))
        try await appliance.database.write { db in
            try db.execute(
                sql: "CREATE TRIGGER refuse_scores BEFORE INSERT ON member_analytics BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        }
        let settings = try await appliance.schedules.settings(forJob: churn)
        let slot = HTTPFixture.start
        guard
            case .claimed(let first) = try await appliance.runner.claim(
                RunRequest(
                    job: churn,
                    scheduleID: churn,
                    trigger: .schedule,
                    slot: slot,
                    slotLocal: slotLocalText(slot, in: settings.timeZone),
                    settings: settings
                )
            )
        else {
            Issue.record("the slot was not claimed")
            return
        }
        #expect(await appliance.runner.execute(first, settings: settings).status == .failed)

        func attempt(_ id: Int64) async throws -> (attempt: Int, message: String?, retried: Bool) {
            let run = try await appliance.history.run(id)
            let message = try await appliance.database.read { db in
                try String.fetchOne(db, sql: "SELECT message FROM system_logs WHERE run_id = ?", arguments: [id])
            }
            return (run.attempt, message, run.nextRetryAt != nil)
        }

        var retries: [Int64] = try await edges.fixture.test { client in
            let api = try await client.execute(uri: "/api/runs/\(first.runID)/retry", method: .post, headers: HTTPFixture.admin)
            #expect(api.status == .internalServerError)
            let byAPI = try #require(api.json?["runId"]?.intValue).asInt64

            let (session, csrf) = try await edges.signIn(client)
            let form = try await DashboardHarness.post(
                client,
                "/runs/\(first.runID)/retry",
                session: session,
                fields: [("csrf", csrf)],
                origin: HTTPFixture.publicURL
            )
            #expect(form.status == .seeOther)
            let location = try #require(form.headers[.location]).replacingOccurrences(of: "/runs?retried=", with: "")
            let byDashboard = try #require(Int64(location))
            for _ in 0..<1000 where try await appliance.history.run(byDashboard).status == .running { try await Task.sleep(for: .milliseconds(5)) }
            return [byAPI, byDashboard]
        }
        let cli = try await edges.cli(["runs", "retry", "\(first.runID)"])
        #expect(cli.status == 1)
        let summary = try #require(JSONValue(jsonText: cli.standardOutput), "\(cli.output)")
        retries.append(try #require(summary["runId"]?.intValue).asInt64)

        for (index, id) in retries.enumerated() {
            let outcome = try await attempt(id)
            #expect(outcome.attempt == index + 2)
            #expect(outcome.message == "Échec : Analyse churn quotidienne (tentative \(index + 2)/8)", "edge \(index)")
            #expect(outcome.retried, "attempt \(index + 2) of 8 is retried automatically, as its schedule says")
        }
    }

    @Test func aBadZoneAndADuplicateBadgeAreRefusedAlikeByTheAPIAndTheCLI() async throws {
        let edges = try await Edges()
        let zone = "timezone: 'GMT+2' is not an IANA time zone such as Europe/Paris or America/Martinique"
        let badge = "badge_id: the badge 'B1' is held by another member of the gym"
        try await edges.fixture.test { client in
            func put(_ uri: String, _ body: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .put, headers: HTTPFixture.admin, body: ByteBuffer(string: body))
            }
            let api = try await put("/api/gyms/lyon", #"{"name":"Lyon","timezone":"GMT+2"}"#)
            #expect(api.status == .badRequest)
            #expect(api.json?["error"]?.stringValue == zone)
            #expect(api.json?["field"]?.stringValue == "timezone")
            #expect(try await put("/api/gyms/paris", #"{"name":"Paris","timezone":"Europe/Paris"}"#).status == .created)
            let member = #"{"badgeId":"B1","firstName":"Ana","lastName":"Li","memberSince":"2026-01-02"}"#
            #expect(try await put("/api/gyms/paris/members/m1", member).status == .created)
            let duplicate = try await put("/api/gyms/paris/members/m2", member)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json?["error"]?.stringValue == badge)
            #expect(duplicate.json?["field"]?.stringValue == "badgeId")
        }
        let cliZone = try await edges.cli(["gyms", "set", "lyon", "--name", "Lyon", "--timezone", "GMT+2"])
        #expect(cliZone.status == 1)
        #expect(cliZone.output.contains("Error: \(zone)"), "\(cliZone.output)")
        let cliBadge = try await edges.cli([
            "members", "set", "--gym", "paris", "m2", "--badge-id", "B1", "--first-name", "Bo", "--last-name", "Li", "--member-since", "2026-01-02",
        ])
        #expect(cliBadge.status == 1)
        #expect(cliBadge.output.contains("Error: \(badge)"), "\(cliBadge.output)")
        #expect(try await edges.appliance.gyms.list().map(\.slug) == ["paris"], "nothing half-written")
        #expect(try await edges.appliance.members.list(gym: "paris").members.map(\.externalId) == ["m1"])
        let shown = try await edges.cli(["members", "list", "--gym", "paris", "--json"])
        #expect(shown.status == 0)
        #expect(JSONValue(jsonText: shown.standardOutput)?["members"] != nil, "\(shown.output)")
    }

}

extension Int {
    fileprivate var asInt64: Int64 { Int64(self) }
}
