import Foundation
import GRDB
import JarvisTestSupport
import Logging

@testable import JarvisCore

/// An appliance on an in-memory (or file) database with the given jobs and clock.
struct Harness {
    let database: AppDatabase
    let clock: any WallClock
    let runner: JobRunner
    let schedules: ScheduleStore

    static let paris = TimeZone(identifier: "Europe/Paris")!

    init(
        jobs: [any Job],
        clock: any WallClock,
        database: AppDatabase? = nil,
        zone: TimeZone = Harness.paris,
        holder: RunHolder = .thisProcess()
    ) throws {
        let database = try database ?? AppDatabase.inMemory()
        self.database = database
        self.clock = clock
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let registry = JobRegistry(jobs)
        runner = JobRunner(database: database, registry: registry, clock: clock, logger: logger, holder: holder)
        schedules = ScheduleStore(database: database, registry: registry, defaultTimeZone: zone, clock: clock)
    }

    /// A scheduler that, before each sleep, lets the runs it dispatched finish (or does `settle`).
    func scheduler(maxSleep: Duration = .seconds(60), settle: (@Sendable () async -> Void)? = nil) -> Scheduler {
        Scheduler(runner: runner, schedules: schedules, maxSleep: maxSleep, settle: settle ?? { [runner] in await runner.activity.waitUntilIdle() })
    }

    /// Runs a scheduler until the virtual clock reaches its end, then stops it as a shutdown would.
    func runScheduler(_ clock: VirtualClock, maxSleep: Duration = .seconds(60)) async throws {
        let scheduler = scheduler(maxSleep: maxSleep)
        let task = Task { try await scheduler.run() }
        await clock.waitUntilEnd()
        await runner.activity.waitUntilIdle()
        task.cancel()
        _ = try await task.value
    }

    func runs(sql: String = "SELECT * FROM job_runs ORDER BY id", arguments: StatementArguments = []) throws -> [JobRun] {
        try database.read { db in try JobRun.fetchAll(db, sql: sql, arguments: arguments) }
    }

    func logs() throws -> [SystemLogEntry] {
        try database.read { db in try SystemLogEntry.fetchAll(db, sql: "SELECT * FROM system_logs ORDER BY id") }
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }
}

/// `2027-03-27T12:00:00+01:00` and friends.
func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test instant \(text)") }
    return date
}
