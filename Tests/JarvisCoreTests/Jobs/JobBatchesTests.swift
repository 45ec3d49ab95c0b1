import Foundation
import Synchronization
import Testing

@testable import JarvisCore

@Suite("Job batches")
struct JobBatchesTests {
    /// The reads of a pipeline, as its read tasks record them.
    actor Record {
        var reading = 0, mostReadingAtOnce = 0
        var started: Set<Int64> = []
        var secondReadBeganDuringTheFirst = false

        func startRead(_ first: Int64) {
            reading += 1
            mostReadingAtOnce = max(mostReadingAtOnce, reading)
            started.insert(first)
        }

        func endRead() { reading -= 1 }

        /// Holds the first read until the second has begun (false after 10 s): a pipeline that
        /// reads one batch at a time would leave it waiting.
        func holdFirstRead(until second: Int64) async {
            for _ in 0..<1000 where !started.contains(second) {
                try? await Task.sleep(for: .milliseconds(10))
            }
            secondReadBeganDuringTheFirst = started.contains(second)
        }
    }

    @Test func everyBatchIsWrittenOnceInOrderWithItsRows() async throws {
        let ids = Array(Int64(1)...Int64(23))
        var written: [[Int64]] = []
        try await JobBatches.pipeline(ids, size: 5, readAhead: 3, progress: .ignored) { batch in
            // Later batches are read faster, so reads finish out of order.
            try await Task.sleep(for: .milliseconds(30 - 5 * Int(batch.first! / 5)))
            return Array(batch)
        } write: { rows in
            written.append(rows)
        }
        #expect(written == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20], [21, 22, 23]])
    }

    @Test func readsRunAheadOfTheWriterUpToTheLimit() async throws {
        let record = Record()
        let ids = Array(Int64(1)...Int64(40))
        try await JobBatches.pipeline(ids, size: 4, readAhead: 2, progress: .ignored) { batch in
            await record.startRead(batch.first!)
            if batch.first == 1 {
                await record.holdFirstRead(until: 5)
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
            await record.endRead()
            return batch.count
        } write: { _ in
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(await record.secondReadBeganDuringTheFirst)
        #expect(await record.mostReadingAtOnce == 2)
    }

    @Test func aFailedWriteStopsThePipelineWithItsError() async throws {
        struct WriteFailed: Error {}
        var written: [Int64] = []
        await #expect(throws: WriteFailed.self) {
            try await JobBatches.pipeline(Array(Int64(1)...Int64(30)), size: 3, progress: .ignored) { batch in
                Array(batch)
            } write: { rows in
                if rows.first == 7 { throw WriteFailed() }
                written.append(contentsOf: rows)
            }
        }
        #expect(written == [1, 2, 3, 4, 5, 6])
    }

    @Test func progressCountsTheItemsWritten() async throws {
        let reports = Mutex<[Int]>([])
        try await JobBatches.pipeline(
            Array(Int64(1)...Int64(12)),
            size: 5,
            progress: JobProgress { done, total in
                #expect(total == 12)
                reports.withLock { $0.append(done) }
            }
        ) { batch in
            Array(batch)
        } write: { _ in
        }
        #expect(reports.withLock { $0 } == [0, 5, 10, 12])
    }

    @Test func noIDsMeanNoReadAndNoWrite() async throws {
        var calls = 0
        try await JobBatches.pipeline([], size: 5, progress: .ignored) { _ in
            Issue.record("nothing to read")
            return 0
        } write: { _ in
            calls += 1
        }
        #expect(calls == 0)
    }
}
