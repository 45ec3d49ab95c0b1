/// The runs this process is executing, so that the scheduler and tests can wait for them.
public actor RunActivity {
    private var running: Set<Int64> = []
    private var nextBatchToken: Int64 = 0
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    func begin(_ runID: Int64) {
        running.insert(runID)
    }

    func end(_ runID: Int64) {
        running.remove(runID)
        if running.isEmpty {
            let waiters = idleWaiters
            idleWaiters.removeAll()
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Marks work that will claim and execute runs later (a catch-up batch), so that waiting for
    /// idleness also waits for it. Returns a token to pass to `end(_:)`.
    func beginBatch() -> Int64 {
        nextBatchToken -= 1
        running.insert(nextBatchToken)
        return nextBatchToken
    }

    /// The ids of the runs executing now.
    public var runningRunIDs: Set<Int64> { running.filter { $0 > 0 } }

    /// Returns once no run is executing in this process.
    public func waitUntilIdle() async {
        guard !running.isEmpty else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }
}
