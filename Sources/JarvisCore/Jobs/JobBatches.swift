/// Bulk work in bounded batches: each batch is read, then written in one short transaction, so
/// the HTTP layer and other writers never wait long; progress is reported and cancellation
/// (timeout, shutdown) is honoured between batches. Shared by every bulk job.
public enum JobBatches {
    /// Calls `body` with consecutive slices of `ids` (sorted ascending) of at most `size`
    /// items, reporting progress after each.
    public static func forEach(
        _ ids: [Int64],
        size: Int,
        progress: JobProgress,
        _ body: (_ batch: ArraySlice<Int64>) async throws -> Void
    ) async throws {
        var start = ids.startIndex
        progress.report(done: 0, total: ids.count)
        while start < ids.endIndex {
            try Task.checkCancellation()
            let end = min(start + max(1, size), ids.endIndex)
            try await body(ids[start..<end])
            progress.report(done: end, total: ids.count)
            start = end
        }
    }

    /// Like `forEach`, with batches read on reader connections while earlier batches are
    /// written: in WAL mode reads run beside the writer, so a bulk job costs little more than
    /// its reads. Up to `readAhead` batches are read at once (each on its own connection);
    /// batches are written one at a time, in order.
    public static func pipeline<Rows: Sendable>(
        _ ids: [Int64],
        size: Int,
        readAhead: Int = 2,
        progress: JobProgress,
        read: @escaping @Sendable (_ batch: ArraySlice<Int64>) async throws -> Rows,
        write: (_ rows: Rows) async throws -> Void
    ) async throws {
        let size = max(1, size)
        let batches = stride(from: ids.startIndex, to: ids.endIndex, by: size).map { ids[$0..<min($0 + size, ids.endIndex)] }
        progress.report(done: 0, total: ids.count)
        try await withThrowingTaskGroup(of: (Int, Rows).self) { group in
            var started = 0
            func startRead() {
                guard started < batches.count else { return }
                let (index, batch) = (started, batches[started])
                group.addTask { (index, try await read(batch)) }
                started += 1
            }
            for _ in 0..<max(1, readAhead) { startRead() }
            var ready: [Int: Rows] = [:]
            for index in batches.indices {
                try Task.checkCancellation()
                while ready[index] == nil, let (done, rows) = try await group.next() {
                    ready[done] = rows
                }
                guard let rows = ready.removeValue(forKey: index) else { preconditionFailure("batch \(index) was never read") }
                startRead()
                try await write(rows)
                progress.report(done: batches[index].endIndex - ids.startIndex, total: ids.count)
            }
        }
    }
}
