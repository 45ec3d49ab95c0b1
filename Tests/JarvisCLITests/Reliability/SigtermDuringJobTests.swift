import Foundation
import GRDB
import JarvisTestSupport
import Logging
import Testing

@testable import JarvisCore

/// `jarvis serve` receives SIGTERM (systemd stopping it) while a job is running.
@Suite("Faults: SIGTERM during a job")
struct SigtermDuringJobTests {
    static let churn = "daily-churn-analysis"

    @Test func theServerStopsGracefullyRecordsTheInterruptedRunAndItsRetrySucceedsAfterARestart() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let demo = try await JarvisProcess.run(["demo", "--db", path, "--gyms", "12", "--members-per-gym", "2000", "--days", "14", "--seed", "42"])
        try #require(demo.status == 0, "\(demo.output)")

        // A churn run left behind by a process that died: the server marks it abandoned when it
        // starts and retries it at once, so a job is running moments after the start. 24,000
        // members keep churn busy for about a second in a debug build, long enough for the
        // SIGTERM sent on its "run started" line to find it running.
        let database = try AppDatabase.open(path: path)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let appliance = Appliance(
            configuration: AppConfiguration(databasePath: path, timeZone: TimeZone(identifier: "Europe/Paris")!),
            database: database,
            clock: FixedClock(now: Date()),
            logger: logger
        )
        try await appliance.schedules.seedDefaults()
        let crashed = JobRunner(
            database: database,
            registry: appliance.registry,
            clock: FixedClock(now: Date()),
            logger: logger,
            holder: RunHolder(host: ProcessInfo.processInfo.hostName, pid: 999_999, nonce: "gone")
        )
        let settings = try await appliance.schedules.settings(forJob: Self.churn)
        let slot = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60)
        let claimed = try await crashed.claim(
            RunRequest(
                job: Self.churn,
                scheduleID: Self.churn,
                trigger: .schedule,
                slot: slot,
                slotLocal: slotLocalText(slot, in: settings.timeZone),
                settings: settings
            )
        )
        guard case .claimed(let first) = claimed else {
            Issue.record("no claim: \(claimed)")
            return
        }

        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(
            ["serve", "--db", path, "--port", "\(port)"],
            environment: ["CRON_SECRET": "sigterm-test-secret-0123456789"]
        )
        try await server.waitForOutput(containing: "run started", timeout: .seconds(60))
        #expect(try await server.terminate() == 0, "SIGTERM stops the server gracefully:\n\(server.output)")

        let runs = try await database.read { db in
            try JobRun.fetchAll(db, sql: "SELECT * FROM job_runs WHERE slot_utc = ? ORDER BY attempt", arguments: [Timestamp.string(from: slot)])
        }
        #expect(runs.map(\.status) == [.abandoned, .abandoned], "\(server.output)")
        #expect(runs.first?.runID == first.runID)
        let interrupted = try #require(runs.last)
        #expect(interrupted.attempt == 2)
        #expect(interrupted.error == "stopped by the appliance's shutdown before it finished")
        #expect(interrupted.nextRetryAt != nil, "its slot will be retried")
        let log = try await database.read { db in
            try SystemLogEntry.fetchOne(db, sql: "SELECT * FROM system_logs WHERE run_id = ?", arguments: [interrupted.runID])
        }
        #expect(log?.message == "Interrompu : Analyse churn quotidienne")
        #expect(server.output.contains("scheduler stopped"))

        // The next start retries the slot to success.
        let restarted = try JarvisProcess.Running(
            ["serve", "--db", path, "--port", "\(port)"],
            environment: ["CRON_SECRET": "sigterm-test-secret-0123456789"]
        )
        try await restarted.waitForOutput(containing: "run.status=succeeded", timeout: .seconds(120))
        #expect(try await restarted.terminate() == 0)
        let statuses = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT status FROM job_runs WHERE slot_utc = ? ORDER BY attempt", arguments: [Timestamp.string(from: slot)])
        }
        #expect(statuses == ["abandoned", "abandoned", "succeeded"])
        #expect(try database.check().isOK)
    }
}
