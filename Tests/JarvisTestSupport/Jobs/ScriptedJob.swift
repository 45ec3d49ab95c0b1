import JarvisCore

/// A job that succeeds at once with `{processed: 1}`, or fails when told to.
public struct ScriptedJob: TestJob {
    public let slug: String
    public var fails: Bool
    public var displayName: String { "Tâche de test \(slug)" }
    public var defaultSchedule: String { "0 2 * * *" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String { "simulated failure" }
    }

    public init(slug: String, fails: Bool = false) {
        self.slug = slug
        self.fails = fails
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        if fails { throw Failure() }
        return ["processed": 1]
    }
}
