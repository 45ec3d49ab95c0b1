import JarvisCore
import Synchronization

/// A job that counts its runs and succeeds with `{processed: 3, total}`.
public final class CountingJob: TestJob, Sendable {
    public let slug: String
    public var displayName: String { "Tâche de test" }
    public var defaultSchedule: String { "0 2 * * *" }
    private let count = Mutex(0)

    public init(slug: String = "counting") { self.slug = slug }

    /// How many runs have started.
    public var runs: Int { count.withLock { $0 } }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let runs = count.withLock { count in
            count += 1
            return count
        }
        return ["processed": 3, "total": .int(runs)]
    }
}
