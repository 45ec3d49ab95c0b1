import Foundation
import JarvisCore
import Synchronization

/// A job that counts its runs and succeeds with `{processed, total}`.
final class CountingJob: Job, Sendable {
    let slug: String
    var logType: String { "cron_test_counting" }
    var displayName: String { "Tâche de test" }
    var completionMessage: String { "Tâche de test terminée" }
    var defaultSchedule: String { "0 2 * * *" }
    private let count = Mutex(0)

    init(slug: String = "counting") { self.slug = slug }

    var runs: Int { count.withLock { $0 } }

    func run(_ context: JobContext) async throws -> JSONValue {
        let runs = count.withLock { count in
            count += 1
            return count
        }
        return ["processed": 3, "total": .int(runs)]
    }
}

/// A job that always fails with a message quoting internals that must not reach a client.
struct FailingJob: Job {
    var slug: String { "failing" }
    var logType: String { "cron_test_failing" }
    var displayName: String { "Tâche en échec" }
    var completionMessage: String { "Tâche en échec terminée" }
    var defaultSchedule: String { "0 3 * * *" }

    static let internalMessage = "SQLITE_CORRUPT near SELECT secret_column FROM /var/lib/jarvis/jarvis.db"

    struct Failure: Error, CustomStringConvertible {
        var description: String { FailingJob.internalMessage }
    }

    func run(_ context: JobContext) async throws -> JSONValue { throw Failure() }
}

/// A job that waits until the test opens its gate, to hold the job's overlap lock.
final class GatedJob: Job, Sendable {
    var slug: String { "gated" }
    var logType: String { "cron_test_gated" }
    var displayName: String { "Tâche bloquée" }
    var completionMessage: String { "Tâche bloquée terminée" }
    var defaultSchedule: String { "0 4 * * *" }
    private let state = Mutex<(open: Bool, started: Int)>((false, 0))

    var started: Int { state.withLock { $0.started } }

    func open() { state.withLock { $0.open = true } }

    func run(_ context: JobContext) async throws -> JSONValue {
        state.withLock { $0.started += 1 }
        while !state.withLock({ $0.open }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        return ["processed": 1]
    }
}

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
