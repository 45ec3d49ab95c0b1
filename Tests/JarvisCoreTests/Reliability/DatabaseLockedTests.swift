import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

/// Another process (the `sqlite3` shell) holds the database's write lock while a job runs.
@Suite("Faults: database locked by another process")
struct DatabaseLockedTests {
    static let churn = "daily-churn-analysis"

    /// A demo database file, the standard jobs and a runner whose log the test reads.
    struct Setup {
        let file: TemporaryDatabase
        let logs = CapturedLog()
        let runner: JobRunner
        let settings: RunSettings

        init() async throws {
            file = try TemporaryDatabase()
            try await DemoGenerator(options: DemoFixture.options, until: DemoFixture.until).generate(into: file.database)
            let clock = FixedClock(now: DemoFixture.until)
            let registry = JobRegistry.standard()
            runner = JobRunner(database: file.database, registry: registry, clock: clock, logger: logs.logger)
            let schedules = ScheduleStore(database: file.database, registry: registry, defaultTimeZone: Harness.paris, clock: clock)
            try await schedules.seedDefaults()
            settings = try await schedules.settings(forJob: DatabaseLockedTests.churn)
        }

        /// Claims the churn job's slot (before anyone holds the lock).
        func claim() async throws -> JobRun {
            let outcome = try await runner.claim(
                RunRequest(
                    job: DatabaseLockedTests.churn,
                    scheduleID: DatabaseLockedTests.churn,
                    trigger: .schedule,
                    slot: DemoFixture.until,
                    slotLocal: "2027-03-29T09:30 Europe/Paris",
                    settings: settings
                )
            )
            guard case .claimed(let run) = outcome else { throw LockingShell.Failure(description: "no claim: \(outcome)") }
            return run
        }

        func stored(_ runID: Int64) throws -> JobRun? {
            try file.database.read { db in try JobRun.fetchOne(db, key: runID) }
        }
    }

    @Test func aJobWaitsForALockReleasedWithinTheBusyTimeoutAndSucceeds() async throws {
        let setup = try await Setup()
        let run = try await setup.claim()
        let shell = try LockingShell(path: setup.file.path)
        let release = Task {
            try await Task.sleep(for: .seconds(2))
            shell.release()
        }
        let started = ContinuousClock.now
        let ended = await setup.runner.execute(run, settings: setup.settings)
        let took = ContinuousClock.now - started
        try await release.value
        #expect(ended.status == .succeeded, "\(ended.error ?? "")")
        #expect(took >= .milliseconds(1500), "the job waited for the lock (\(took))")
        #expect(try setup.stored(run.runID)?.status == .succeeded)
        let analysed = try await setup.file.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM member_analytics") }
        #expect((analysed ?? 0) > 0)
    }

    @Test func aLockHeldPastTheBusyTimeoutFailsTheJobWithAClearMessageRecordedOnceTheLockIsGone() async throws {
        let setup = try await Setup()
        let run = try await setup.claim()
        let shell = try LockingShell(path: setup.file.path)
        defer { shell.release() }
        let started = ContinuousClock.now
        let (runner, settings) = (setup.runner, setup.settings)
        let execution = Task { await runner.execute(run, settings: settings) }

        // The job's first write waits out the busy timeout and fails; recording its end then
        // waits for the lock too, and is tried again rather than given up.
        #expect(try await setup.logs.waitFor("could not record the end of a run; trying again", timeout: .seconds(60)))
        #expect(ContinuousClock.now - started >= .seconds(AppDatabase.busyTimeout), "the job waited for the lock")
        #expect(try setup.stored(run.runID)?.status == .running, "nothing is recorded while the lock is held")
        shell.release()

        let ended = await execution.value
        let message = "the database stayed locked by another connection for more than 5 s (database error 5: database is locked)"
        #expect(ended.status == .failed)
        #expect(ended.error == message)
        let stored = try #require(try setup.stored(run.runID))
        #expect(stored.status == .failed)
        #expect(stored.error == message)
        #expect(stored.nextRetryAt != nil, "a scheduled run that failed is retried")
        let log = try await setup.file.database.read { db in
            try SystemLogEntry.fetchOne(db, sql: "SELECT * FROM system_logs WHERE run_id = ?", arguments: [run.runID])
        }
        #expect(log?.level == .error)
        #expect(log?.message == "Échec : Analyse churn quotidienne (tentative 1/4)")
        #expect(ContinuousClock.now - started < .seconds(Int64(setup.settings.timeout.components.seconds)), "within the job's timeout")
    }
}
