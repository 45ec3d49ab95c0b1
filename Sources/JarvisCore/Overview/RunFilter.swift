/// Which runs of the history to list: one job, one status, the newest `limit`.
public struct RunFilter: Sendable, Equatable {
    public var job: String?
    public var status: RunStatus?
    public var limit: Int

    /// At most this many rows are listed at once.
    public static let maximumLimit = 500

    public init(job: String? = nil, status: RunStatus? = nil, limit: Int = 100) {
        self.job = job
        self.status = status
        self.limit = min(max(1, limit), Self.maximumLimit)
    }
}
