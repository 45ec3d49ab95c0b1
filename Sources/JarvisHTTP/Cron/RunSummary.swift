import Hummingbird
import JarvisCore

/// The answer to a triggered run: what the run did, as the job's `system_logs` row says it.
struct RunSummary: Encodable {
    var success: Bool
    var runId: Int64
    var job: String
    var status: String
    var trigger: String
    var startedAt: String?
    var finishedAt: String?
    var durationMs: Int?
    /// The job's counts (`{total, processed, errors, ...}`), once it succeeded.
    var details: JSONValue?
    /// True when this is an earlier run returned again for a repeated idempotency key.
    var replayed: Bool?

    init(_ run: JobRun, replayed: Bool) {
        success = run.status == .succeeded
        runId = run.runID
        job = run.job
        status = run.status.rawValue
        trigger = run.trigger.rawValue
        startedAt = run.startedAt.map(Timestamp.string(from:))
        finishedAt = run.finishedAt.map(Timestamp.string(from:))
        durationMs = run.durationMs
        details = run.summaryValue
        self.replayed = replayed ? true : nil
    }
}
