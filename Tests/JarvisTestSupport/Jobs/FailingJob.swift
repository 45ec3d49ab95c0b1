import JarvisCore

/// A job that always fails with a message quoting internals that must not reach a client.
public struct FailingJob: TestJob {
    public var slug: String { "failing" }
    public var displayName: String { "Tâche en échec" }
    public var defaultSchedule: String { "0 3 * * *" }

    public static let internalMessage = "SQLITE_CORRUPT near SELECT secret_column FROM /var/lib/jarvis/jarvis.db"

    public struct Failure: Error, CustomStringConvertible {
        public var description: String { FailingJob.internalMessage }
    }

    public init() {}

    public func run(_ context: JobContext) async throws -> JSONValue { throw Failure() }
}
