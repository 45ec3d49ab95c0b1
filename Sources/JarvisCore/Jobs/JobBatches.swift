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
}
