/// How far a run has got: a bulk job reports items done of a total, and whoever started the
/// run (the CLI's progress bar, the logs) sees it.
public struct JobProgress: Sendable {
    private let sink: @Sendable (_ done: Int, _ total: Int) -> Void

    public init(_ sink: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) {
        self.sink = sink
    }

    /// A reporter that discards everything.
    public static let ignored = JobProgress { _, _ in }

    /// Reports that `done` of `total` items are processed.
    public func report(done: Int, total: Int) {
        sink(done, total)
    }
}
