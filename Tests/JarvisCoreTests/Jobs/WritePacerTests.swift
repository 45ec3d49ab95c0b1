import Foundation
import GRDB
@testable import JarvisCore
import Testing

/// Only what holds however loaded the machine is: a loaded machine may make a free lock look
/// busy (a rest too many), never the reverse.
@Suite("Cleanup pacing")
struct WritePacerTests {
    /// Another writer holds the lock when the loop asks: the loop rests before going on.
    @Test func theLoopRestsWhenAnotherWriterHeldTheLock() async throws {
        let database = try AppDatabase.inMemory()
        var pacer = CleanupJob.WritePacer(budget: .milliseconds(20), maximum: 100)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let other = Task {
            try await database.writer.write { db in
                signal.yield()
                Thread.sleep(forTimeInterval: 0.2)
                try db.execute(sql: "INSERT INTO system_logs (timestamp, log_type, level, message) VALUES ('2027-01-01T00:00:00.000Z', 'cron_test', 'info', 'x')")
            }
        }
        for await _ in started { break }
        let count = try await pacer.write(database) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM system_logs") }
        try await other.value
        #expect(count == 1, "the loop's batch ran after the other writer's transaction")
        #expect(pacer.rests == 1)
    }

    @Test func batchesHalvePastOneAndAHalfTimesTheBudget() async throws {
        var pacer = CleanupJob.WritePacer(budget: .milliseconds(100), maximum: 1000)
        #expect(pacer.size == 200)
        _ = try await pacer.write(try AppDatabase.inMemory()) { _ in Thread.sleep(forTimeInterval: 0.2) }
        #expect(pacer.size == 100)
        #expect(pacer.longest >= .milliseconds(200))
    }

    @Test func batchesDoubleUnderHalfTheBudgetUpToTheMaximum() async throws {
        let database = try AppDatabase.inMemory()
        var pacer = CleanupJob.WritePacer(budget: .seconds(20), maximum: 500)
        _ = try await pacer.write(database) { _ in }
        #expect(pacer.size == 400)
        _ = try await pacer.write(database) { _ in }
        #expect(pacer.size == 500)
    }
}
