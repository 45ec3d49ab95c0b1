import Synchronization

/// Told of each run this process executes, as it starts and once its outcome is recorded:
/// how the metrics count runs without the runner knowing about them.
public protocol JobRunObserver: Sendable {
    func runStarted(_ run: JobRun)
    func runFinished(_ run: JobRun)
}

/// A runner's observers. Added once at start-up; told synchronously, so an observer must be
/// quick and must not block.
public final class JobRunObservers: Sendable {
    private let observers = Mutex<[any JobRunObserver]>([])

    public init() {}

    public func add(_ observer: any JobRunObserver) {
        observers.withLock { $0.append(observer) }
    }

    func runStarted(_ run: JobRun) {
        for observer in observers.withLock({ $0 }) { observer.runStarted(run) }
    }

    func runFinished(_ run: JobRun) {
        for observer in observers.withLock({ $0 }) { observer.runFinished(run) }
    }
}
