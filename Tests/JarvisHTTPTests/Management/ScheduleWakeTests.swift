import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Management API: schedule changes wake the scheduler")
struct ScheduleWakeTests {
    @Test func aChangeMadeOverTheAPIIsSeenByTheRunningSchedulerAtOnce() async throws {
        let job = CountingJob()
        // A clock that moves only when told, and whose sleeps never end on their own: the
        // scheduler can only look again when something wakes it.
        let clock = SettableClock(HTTPFixture.start, sleeps: .untilCancelled)
        let log = CapturedLog()
        let logger = log.logger
        var configuration = AppConfiguration(timeZone: TimeZone(identifier: "Europe/Paris")!, cronSecret: Secret(HTTPFixture.cronSecret))
        configuration.adminSecret = Secret(HTTPFixture.adminSecret)
        let appliance = Appliance(
            configuration: configuration,
            database: try AppDatabase.inMemory(),
            registry: JobRegistry([job]),
            clock: clock,
            logger: logger
        )
        let app = buildApplication(appliance: appliance, scheduler: appliance.makeScheduler())
        try await app.test(.router) { client in
            try await waitFor { log.all.contains { $0.contains("scheduler started") } }
            // Every minute from now: its first slot is 07:31 UTC.
            let created = try await client.execute(
                uri: "/api/schedules/every-minute",
                method: .put,
                headers: HTTPFixture.admin,
                body: ByteBuffer(string: #"{"job":"counting","cron":"* * * * *"}"#)
            )
            #expect(created.status == .created)
            // Let the woken loop load it while the clock still reads 07:30.
            try await Task.sleep(for: .milliseconds(300))

            // The slot is due now, but the scheduler sleeps until something wakes it.
            clock.advance(by: 61)
            try await Task.sleep(for: .milliseconds(200))
            #expect(job.runs == 0, "nothing wakes the scheduler yet")

            let paused = try await client.execute(uri: "/api/schedules/counting/pause", method: .post, headers: HTTPFixture.admin)
            #expect(paused.status == .ok)
            try await waitFor { job.runs == 1 }
            await appliance.runner.activity.waitUntilIdle()
        }
        let slots = try await appliance.database.read { db in
            try String.fetchAll(db, sql: "SELECT slot_utc FROM job_runs WHERE schedule_id = 'every-minute' AND status = 'succeeded'")
        }
        #expect(slots == ["2027-03-29T07:31:00.000Z"])
    }

    /// Polls `condition` for up to five seconds.
    private func waitFor(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 5 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
