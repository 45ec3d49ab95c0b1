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

    /// Like `forEach`, with each batch read on a reader connection while the previous batch
    /// is written: in WAL mode the two run side by side, so a bulk job costs little more than
    /// its reads.
    public static func pipeline<Rows: Sendable>(
        _ ids: [Int64],
        size: Int,
        progress: JobProgress,
        read: @escaping @Sendable (_ batch: ArraySlice<Int64>) async throws -> Rows,
        write: (_ rows: Rows) async throws -> Void
    ) async throws {
        let size = max(1, size)
        let batches = stride(from: ids.startIndex, to: ids.endIndex, by: size).map { ids[$0..<min($0 + size, ids.endIndex)] }
        progress.report(done: 0, total: ids.count)
        guard let first = batches.first else { return }
        var current = try await read(first)
        for index in batches.indices {
            try Task.checkCancellation()
            let upcoming = index + 1 < batches.count ? batches[index + 1] : nil
            async let next: Rows? = upcoming == nil ? nil : read(upcoming!)
            try await write(current)
            progress.report(done: batches[index].endIndex - ids.startIndex, total: ids.count)
            guard let rows = try await next else { return }
            current = rows
        }
    }
}
