import JarvisCore
import Synchronization

/// A job that works until the test opens its gate (holding the job's overlap lock meanwhile),
/// or until it is cancelled; then succeeds with `{processed: 1}`.
public final class GatedJob: TestJob, Sendable {
    public let slug: String
    public var displayName: String { "Tâche bloquante" }
    public var defaultSchedule: String { "0 4 * * *" }
    private let state = Mutex<(started: Int, open: Bool)>((0, false))

    public init(slug: String = "gated") { self.slug = slug }

    /// How many runs have started.
    public var started: Int { state.withLock { $0.started } }

    /// Lets every run, running or to come, finish.
    public func open() { state.withLock { $0.open = true } }

    /// Waits (in real time, briefly) until `count` runs have started.
    public func waitForStart(_ count: Int = 1) async throws {
        for _ in 0..<2000 where started < count { try await Task.sleep(for: .milliseconds(5)) }
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        state.withLock { $0.started += 1 }
        while !state.withLock({ $0.open }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        return ["processed": 1]
    }
}
