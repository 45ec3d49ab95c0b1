import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

/// The database cannot grow (`PRAGMA max_page_count` on the writer's connection, as a full disk
/// would do) while a job runs.
@Suite("Faults: database full")
struct DatabaseFullTests {
    /// Caps the writer's connection at the file's current size, then fills the last pages of
    /// `system_logs` and `job_runs` with rows no larger than the runner's own, until SQLite
    /// refuses: after that, neither a job's writes nor the record of its end fit.
    func fill(_ database: AppDatabase, now: Date) async throws {
        try await database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let stamp = Timestamp.string(from: now)
        for index in 0..<100_000 {
            do {
                try await database.write { db in
                    try db.execute(
                        sql: "INSERT INTO system_logs (timestamp, log_type, level, message) VALUES (?, 'cron_daily_churn', 'info', 'x')",
                        arguments: [stamp]
                    )
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                #expect(index > 0)
                break
            }
        }
        for _ in 0..<100_000 {
            do {
                try await database.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO job_runs (job, trigger, slot_utc, slot_local, status, finished_at)
                            VALUES ('daily-churn-analysis', 'cli', ?, 'x', 'missed', ?)
                            """,
                        arguments: [stamp, stamp]
                    )
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
                break
            }
        }
    }

    @Test func aJobThatFindsTheDatabaseFullFailsCleanlyAndIsRecordedOnceSpaceAllowsWhileTheStoreKeepsServing() async throws {
        let file = try TemporaryDatabase()
        try await DemoGenerator(options: DemoFixture.options, until: DemoFixture.until).generate(into: file.database)
        let clock = FixedClock(now: DemoFixture.until)
        let logs = CapturedLog()
        let registry = JobRegistry.standard()
        let runner = JobRunner(database: file.database, registry: registry, clock: clock, logger: logs.logger)
        let schedules = ScheduleStore(database: file.database, registry: registry, defaultTimeZone: Harness.paris, clock: clock)
        try await schedules.seedDefaults()
        let settings = try await schedules.settings(forJob: "daily-churn-analysis")
        let outcome = try await runner.claim(
            RunRequest(
                job: "daily-churn-analysis",
                scheduleID: "daily-churn-analysis",
                trigger: .schedule,
                slot: DemoFixture.until,
                slotLocal: "2027-03-29T09:30 Europe/Paris",
                settings: settings
            )
        )
        guard case .claimed(let run) = outcome else {
            Issue.record("no claim: \(outcome)")
            return
        }
        try await fill(file.database, now: clock.now)

        let execution = Task { await runner.execute(run, settings: settings) }
        #expect(try await logs.waitFor("could not record the end of a run; trying again", timeout: .seconds(60)))
        // Full, the store still answers reads (what /api/health asks) and passes its checks.
        #expect(try await file.database.schemaVersion() > 0)
        #expect(try file.database.check().isOK)
        #expect(
            try await file.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM member_analytics") } == 0,
            "the failed batch left nothing behind"
        )

        // Space comes back (the disk was cleaned): the run's end is recorded.
        try await file.database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = 1073741823")
        }
        let ended = await execution.value
        let message = "the database or its disk is full (database error 13: database or disk is full)"
        #expect(ended.status == .failed)
        #expect(ended.error == message)
        let stored = try #require(try await file.database.read { db in try JobRun.fetchOne(db, key: run.runID) })
        #expect(stored.status == .failed)
        #expect(stored.error == message)
        let log = try await file.database.read { db in
            try SystemLogEntry.fetchOne(db, sql: "SELECT * FROM system_logs WHERE run_id = ?", arguments: [run.runID])
        }
        #expect(log?.level == .error)

        // The runner keeps working: the slot's retry now succeeds and scores every active member.
        guard case .claimed(let retry) = try await runner.claimRetry(of: run.runID, settings: settings, byHand: false) else {
            Issue.record("the retry was not claimed")
            return
        }
        let retried = await runner.execute(retry, settings: settings)
        #expect(retried.status == .succeeded, "\(retried.error ?? "")")
        let counts = try await file.database.read { db in
            try (
                Int.fetchOne(db, sql: "SELECT count(*) FROM member_analytics") ?? 0,
                Int.fetchOne(db, sql: "SELECT count(*) FROM members WHERE is_active = 1") ?? -1
            )
        }
        #expect(counts.0 == counts.1)
        #expect(try file.database.check().isOK)
    }
}
