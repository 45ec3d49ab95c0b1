import Foundation
import JarvisCore
import Synchronization

/// A job that records the nominal time of each run and succeeds.
final class RecordingJob: Job, Sendable {
    let slug: String
    let defaultSchedule: String
    var logType: String { "cron_test_\(slug)" }
    var displayName: String { "Tâche de test \(slug)" }
    var completionMessage: String { "Tâche de test \(slug) terminée" }
    private let recorded = Mutex<[Date]>([])

    init(slug: String, defaultSchedule: String = "0 2 * * *") {
        self.slug = slug
        self.defaultSchedule = defaultSchedule
    }

    var nominalTimes: [Date] { recorded.withLock { $0 } }

    func run(_ context: JobContext) async throws -> JSONValue {
        let count = recorded.withLock { times in
            times.append(context.nominalTime)
            return times.count
        }
        context.progress.report(done: 1, total: 1)
        return ["processed": 1, "total": .int(count)]
    }
}

/// A job that fails its first `failures` runs, then succeeds.
final class FlakyJob: Job, Sendable {
    let slug: String
    let failures: Int
    var logType: String { "cron_test_flaky" }
    var displayName: String { "Tâche instable" }
    var completionMessage: String { "Tâche instable terminée" }
    var defaultSchedule: String { "0 3 * * *" }
    private let attempts = Mutex(0)

    struct Failure: Error, CustomStringConvertible {
        let attempt: Int
        var description: String { "simulated failure #\(attempt)" }
    }

    init(slug: String = "flaky", failures: Int) {
        self.slug = slug
        self.failures = failures
    }

    var runs: Int { attempts.withLock { $0 } }

    func run(_ context: JobContext) async throws -> JSONValue {
        let attempt = attempts.withLock { count in
            count += 1
            return count
        }
        if attempt <= failures { throw Failure(attempt: attempt) }
        return ["attempt": .int(attempt)]
    }
}

/// A job that runs until the test opens its gate, or until it is cancelled.
final class GatedJob: Job, Sendable {
    let slug: String
    var logType: String { "cron_test_gated" }
    var displayName: String { "Tâche bloquante" }
    var completionMessage: String { "Tâche bloquante terminée" }
    var defaultSchedule: String { "0 4 * * *" }
    private let state = Mutex<(started: Int, open: Bool)>((0, false))

    init(slug: String = "gated") { self.slug = slug }

    var started: Int { state.withLock { $0.started } }

    func open() { state.withLock { $0.open = true } }

    /// Waits (in real time, briefly) until `count` runs have started.
    func waitForStart(_ count: Int = 1) async throws {
        for _ in 0..<2000 where started < count { try await Task.sleep(for: .milliseconds(5)) }
    }

    func run(_ context: JobContext) async throws -> JSONValue {
        state.withLock { $0.started += 1 }
        while !state.withLock({ $0.open }) {
            try await Task.sleep(for: .milliseconds(5))
        }
        return ["done": true]
    }
}
