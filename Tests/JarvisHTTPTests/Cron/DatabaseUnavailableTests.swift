import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

/// A cron trigger while the database cannot take writes (another process holds its write lock):
/// the answer is 503 with the plain reason and `Retry-After`, never a bare 500, and a run that
/// was claimed is recorded failed with that reason.
@Suite("Cron triggers: database unavailable")
struct DatabaseUnavailableTests {
    /// A job that lets the test take the write lock, then writes.
    final class LockedWriteJob: Job, Sendable {
        var slug: String { "locked-write" }
        var logType: String { "cron_test_locked_write" }
        var displayName: String { "Tâche bloquée par un verrou" }
        var completionMessage: String { "Tâche bloquée par un verrou terminée" }
        var defaultSchedule: String { "0 2 * * *" }
        let lock: @Sendable () throws -> Void

        init(lock: @escaping @Sendable () throws -> Void) { self.lock = lock }

        func run(_ context: JobContext) async throws -> JSONValue {
            try lock()
            try await context.database.write { db in
                try db.execute(sql: "INSERT INTO appliance_state (key, value, updated_at) VALUES ('test', 'x', 'x')")
            }
            return [:]
        }
    }

    /// The shell that holds the lock, once the job has asked for it.
    final class ShellHolder: @unchecked Sendable {
        private let lock = NSLock()
        private var shell: LockingShell?

        func take(_ path: String) throws {
            let taken = try LockingShell(path: path)
            lock.withLock { shell = taken }
        }

        func release() { lock.withLock { shell?.release() } }
    }

    static let lockedMessage = "the database stayed locked by another connection for more than 5 s (database error 5: database is locked)"

    @Test func aTriggerWhoseClaimFindsTheDatabaseLockedAnswers503WithTheReason() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let fixture = try HTTPFixture(jobs: [CountingJob()], database: try AppDatabase.open(path: path, access: .createOrMigrate))
        try await fixture.test { client in
            let shell = try LockingShell(path: path)
            defer { shell.release() }
            let response = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.cron)
            #expect(response.status == .serviceUnavailable)
            #expect(response.json?["error"]?.stringValue == Self.lockedMessage)
            #expect(response.headers[.retryAfter] == "5")
        }
        let runs = try await fixture.appliance.history.list(.init())
        #expect(runs.runs.isEmpty, "the claim itself could not be written")
    }

    @Test func aRunWhoseWritesFindTheDatabaseLockedIsRecordedFailedAndAnswered503() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let shell = ShellHolder()
        let job = LockedWriteJob { try shell.take(path) }
        let fixture = try HTTPFixture(jobs: [job], database: try AppDatabase.open(path: path, access: .createOrMigrate))
        try await fixture.test { client in
            // The run's end is recorded once the lock is gone: release it when the runner says
            // it is trying again.
            let release = Task {
                for _ in 0..<12_000 where !fixture.log.text.contains("could not record the end of a run; trying again") {
                    try await Task.sleep(for: .milliseconds(5))
                }
                shell.release()
            }
            let response = try await client.execute(uri: "/api/cron/locked-write", method: .post, headers: HTTPFixture.cron)
            try await release.value
            #expect(response.status == .serviceUnavailable)
            #expect(response.json?["error"]?.stringValue == Self.lockedMessage)
            #expect(response.json?["status"]?.stringValue == "failed")
            #expect(response.headers[.retryAfter] == "5")
            let runID = try #require(response.json?["runId"]?.intValue)
            let run = try await fixture.appliance.history.run(Int64(runID))
            #expect(run.status == .failed)
            #expect(run.error == Self.lockedMessage)
        }
    }
}
