import Foundation
import JarvisCore

/// A job that succeeds at once, or fails when told to.
struct ScriptedJob: Job {
    let slug: String
    var fails = false
    var logType: String { "cron_test_\(slug)" }
    var displayName: String { "Tâche de test \(slug)" }
    var completionMessage: String { "Tâche de test \(slug) terminée" }
    var defaultSchedule: String { "0 2 * * *" }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "simulated failure" }
    }

    func run(_ context: JobContext) async throws -> JSONValue {
        if fails { throw Failure() }
        return ["processed": 1]
    }
}

/// A job that says when it has started, then works until it is released.
struct HeldJob: Job {
    let slug = "held"
    var logType: String { "cron_test_held" }
    var displayName: String { "Tâche retenue" }
    var completionMessage: String { "Tâche retenue terminée" }
    var defaultSchedule: String { "0 5 * * *" }
    let started: AsyncStream<Void>.Continuation
    let release: AsyncStream<Void>

    func run(_ context: JobContext) async throws -> JSONValue {
        started.yield()
        for await _ in release { break }
        return [:]
    }
}
