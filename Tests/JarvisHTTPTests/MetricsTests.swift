import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Metrics endpoint")
struct MetricsTests {
    static func scrape(_ client: some TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            return String(buffer: response.body)
        }
    }

    /// The exposition's sample lines (no comments), as a set.
    static func samples(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
    }

    @Test func finishedRunsAreCountedByJobAndStatusWithTheirDurations() async throws {
        let clock = SettableClock()
        let appliance = Appliance.testing(
            try AppDatabase.inMemory(),
            clock: clock,
            registry: JobRegistry([ScriptedJob(slug: "ok-job"), ScriptedJob(slug: "bad-job", fails: true)])
        )
        let app = buildApplication(appliance: appliance)
        for job in ["ok-job", "ok-job", "bad-job"] {
            _ = try await appliance.launcher.start(job: job, trigger: .cli, waiting: true)
        }
        try await app.test(.router) { client in
            let samples = Self.samples(try await Self.scrape(client))
            #expect(samples.contains(#"jarvis_job_runs_total{job="ok-job",status="succeeded"} 2"#))
            #expect(samples.contains(#"jarvis_job_runs_total{job="bad-job",status="failed"} 1"#))
            #expect(!samples.contains { $0.hasPrefix(#"jarvis_job_runs_total{job="bad-job",status="succeeded"}"#) })
            #expect(samples.contains(#"jarvis_job_run_duration_seconds_count{job="ok-job"} 2"#))
            #expect(samples.contains(#"jarvis_job_run_duration_seconds_count{job="bad-job"} 1"#))
            #expect(samples.contains(#"jarvis_job_run_duration_seconds_bucket{job="ok-job",le="0.1"} 2"#), "the virtual clock stood still: 0 s runs")
        }
    }

    @Test func schedulesExposeTheirNextFireLastSuccessAndPausedState() async throws {
        // 2027-03-28T10:00:00Z: the churn analysis (0 2 * * *, UTC) next fires on 2027-03-29 at 02:00.
        let clock = SettableClock(Date(timeIntervalSince1970: 1_806_228_000))
        let appliance = Appliance.testing(try AppDatabase.inMemory(), clock: clock)
        try await appliance.schedules.seedDefaults()
        _ = try await appliance.schedules.pause("weekly-reports")
        let app = buildApplication(appliance: appliance)
        _ = try await appliance.launcher.start(job: "health-check-kiosks", trigger: .cli, waiting: true)
        try await app.test(.router) { client in
            let samples = Self.samples(try await Self.scrape(client))
            let labels = #"{schedule="daily-churn-analysis",job="daily-churn-analysis"}"#
            #expect(
                samples.contains("jarvis_schedule_next_fire_timestamp_seconds\(labels) 1806285600.0"),
                "\(samples.filter { $0.contains("next_fire") })"
            )
            #expect(samples.contains("jarvis_schedule_paused\(labels) 0.0"))
            #expect(!samples.contains { $0.hasPrefix("jarvis_schedule_last_success_timestamp_seconds\(labels)") }, "never succeeded: no sample")
            let kiosks = #"{schedule="health-check-kiosks",job="health-check-kiosks"}"#
            #expect(samples.contains("jarvis_schedule_last_success_timestamp_seconds\(kiosks) 1806228000.0"))
            let reports = #"{schedule="weekly-reports",job="weekly-reports"}"#
            #expect(samples.contains("jarvis_schedule_paused\(reports) 1.0"))
            #expect(!samples.contains { $0.hasPrefix("jarvis_schedule_next_fire_timestamp_seconds\(reports)") }, "a paused schedule has no next fire")

            // A deleted schedule's series go away at the next scrape.
            try await appliance.schedules.delete("weekly-reports")
            let after = Self.samples(try await Self.scrape(client))
            #expect(!after.contains { $0.contains(#"schedule="weekly-reports""#) })
        }
    }

    @Test func runningRunsAreCountedPerJobWhileTheyRun() async throws {
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let appliance = Appliance.testing(
            try AppDatabase.inMemory(),
            registry: JobRegistry([HeldJob(started: startedContinuation, release: release), ScriptedJob(slug: "ok-job")])
        )
        let app = buildApplication(appliance: appliance)
        try await app.test(.router) { client in
            let run = Task { try await appliance.launcher.start(job: "held", trigger: .cli, waiting: true) }
            for await _ in started { break }
            let during = Self.samples(try await Self.scrape(client))
            #expect(during.contains(#"jarvis_job_runs_running{job="held"} 1.0"#))
            #expect(during.contains(#"jarvis_job_runs_running{job="ok-job"} 0.0"#))
            releaseContinuation.yield()
            _ = try await run.value
            let after = Self.samples(try await Self.scrape(client))
            #expect(after.contains(#"jarvis_job_runs_running{job="held"} 0.0"#))
            #expect(after.contains(#"jarvis_job_runs_total{job="held",status="succeeded"} 1"#))
        }
    }

    @Test func httpRequestsAreCountedByRoutePatternAndStatus() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { db in
            try db.execute(sql: "INSERT INTO gyms (slug, name, city, timezone) VALUES ('lyon', 'Lyon', 'Lyon', 'Europe/Paris')")
        }
        let clock = SettableClock()
        let issued = try await KioskStore(database: database, clock: clock).add(gym: "lyon", name: "Accueil")
        let app = buildApplication(appliance: .testing(database, clock: clock))
        try await app.test(.router) { client in
            for bearer in [issued.token.value, issued.token.value, "wrong"] {
                try await client.execute(
                    uri: "/api/kiosks/\(issued.kiosk.slug)/heartbeat",
                    method: .post,
                    headers: [.authorization: "Bearer \(bearer)"]
                ) { _ in }
            }
            try await client.execute(uri: "/api/health", method: .get) { _ in }
            try await client.execute(uri: "/no/such/page/4711", method: .get) { _ in }
            let text = try await Self.scrape(client)
            let samples = Self.samples(text)
            #expect(
                samples.contains(#"jarvis_http_requests_total{route="/api/kiosks/{slug}/heartbeat",method="POST",status="204"} 2"#),
                "\(samples.filter { $0.contains("http") })"
            )
            #expect(samples.contains(#"jarvis_http_requests_total{route="/api/kiosks/{slug}/heartbeat",method="POST",status="401"} 1"#))
            #expect(samples.contains(#"jarvis_http_requests_total{route="/api/health",method="GET",status="200"} 1"#))
            #expect(samples.contains(#"jarvis_http_requests_total{route="unmatched",method="GET",status="404"} 1"#))
            #expect(!text.contains("4711") && !text.contains(issued.kiosk.slug), "raw paths never become labels")
            #expect(!text.contains(issued.token.value))
        }
    }

    @Test func eachApplicationHasItsOwnRegistry() async throws {
        let first = Appliance.testing(try AppDatabase.inMemory(), registry: JobRegistry([ScriptedJob(slug: "ok-job")]))
        let second = Appliance.testing(try AppDatabase.inMemory(), registry: JobRegistry([ScriptedJob(slug: "ok-job")]))
        let firstApp = buildApplication(appliance: first)
        let secondApp = buildApplication(appliance: second)
        _ = try await first.launcher.start(job: "ok-job", trigger: .cli, waiting: true)
        let firstText = try await firstApp.test(.router) { client in try await Self.scrape(client) }
        let secondText = try await secondApp.test(.router) { client in try await Self.scrape(client) }
        #expect(Self.samples(firstText).contains(#"jarvis_job_runs_total{job="ok-job",status="succeeded"} 1"#))
        #expect(!secondText.contains("jarvis_job_runs_total"))
    }
}
