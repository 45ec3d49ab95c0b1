import JarvisCore

/// A job that says when it has started, then works until it is released.
public struct HeldJob: TestJob {
    public var slug: String { "held" }
    public var displayName: String { "Tâche retenue" }
    public var defaultSchedule: String { "0 5 * * *" }
    public let started: AsyncStream<Void>.Continuation
    public let release: AsyncStream<Void>

    public init(started: AsyncStream<Void>.Continuation, release: AsyncStream<Void>) {
        self.started = started
        self.release = release
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        started.yield()
        for await _ in release { break }
        return [:]
    }
}
