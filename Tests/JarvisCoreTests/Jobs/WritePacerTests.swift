import Foundation
import GRDB
import Testing

@testable import JarvisCore

/// Only what holds however loaded the machine is: a transaction may take longer than its
/// body, and a rest longer than asked, never shorter.
@Suite("Cleanup pacing")
struct WritePacerTests {
    /// After each transaction the loop rests a quarter of the time the transaction held the
    /// lock, a gap for other writers.
    @Test func eachTransactionIsFollowedByARestOfAQuarterOfItsTime() async throws {
        let database = try AppDatabase.inMemory()
        var pacer = CleanupJob.WritePacer(budget: .milliseconds(20), maximum: 100)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            _ = try await pacer.write(database) { _ in Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(pacer.longest >= .milliseconds(100))
        #expect(elapsed >= pacer.longest * 1.25, "\(elapsed) for a transaction of \(pacer.longest)")
    }

    @Test func batchesHalvePastOneAndAHalfTimesTheBudget() async throws {
        var pacer = CleanupJob.WritePacer(budget: .milliseconds(100), maximum: 1000)
        #expect(pacer.size == 200)
        _ = try await pacer.write(try AppDatabase.inMemory()) { _ in Thread.sleep(forTimeInterval: 0.2) }
        #expect(pacer.size == 100)
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
