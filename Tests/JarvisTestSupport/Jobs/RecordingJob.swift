import Foundation
import JarvisCore
import Synchronization

/// A job that records the nominal time of each run and succeeds with `{processed: 1, total}`.
public final class RecordingJob: TestJob, Sendable {
    public let slug: String
    public let defaultSchedule: String
    public var displayName: String { "Tâche de test \(slug)" }
    private let recorded = Mutex<[Date]>([])

    public init(slug: String, defaultSchedule: String = "0 2 * * *") {
        self.slug = slug
        self.defaultSchedule = defaultSchedule
    }

    /// The nominal time of every run so far.
    public var nominalTimes: [Date] { recorded.withLock { $0 } }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let count = recorded.withLock { times in
            times.append(context.nominalTime)
            return times.count
        }
        context.progress.report(done: 1, total: 1)
        return ["processed": 1, "total": .int(count)]
    }
}
