import JarvisCore
import Synchronization

/// A job that fails its first `failures` runs, then succeeds.
public final class FlakyJob: TestJob, Sendable {
    public let slug: String
    public let failures: Int
    public var displayName: String { "Tâche instable" }
    public var defaultSchedule: String { "0 3 * * *" }
    private let attempts = Mutex(0)

    public struct Failure: Error, CustomStringConvertible {
        public let attempt: Int
        public var description: String { "simulated failure #\(attempt)" }
    }

    public init(slug: String = "flaky", failures: Int) {
        self.slug = slug
        self.failures = failures
    }

    /// How many runs have started.
    public var runs: Int { attempts.withLock { $0 } }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let attempt = attempts.withLock { count in
            count += 1
            return count
        }
        if attempt <= failures { throw Failure(attempt: attempt) }
        return ["attempt": .int(attempt)]
    }
}
