import JarvisCore

/// A row of the run history as the management API shows it.
struct RunResource: Encodable {
    var id: Int64
    var job: String
    var scheduleId: String?
    var trigger: String
    var slotUtc: String
    var slotLocal: String
    var attempt: Int
    var status: String
    var startedAt: String?
    var finishedAt: String?
    var durationMs: Int?
    var details: JSONValue?
    var error: String?
    var retryOf: Int64?
    var nextRetryAt: String?
    /// A scheduled run that failed and will not be retried automatically any more.
    var dead: Bool

    init(_ run: JobRun) {
        id = run.runID
        job = run.job
        scheduleId = run.scheduleID
        trigger = run.trigger.rawValue
        slotUtc = Timestamp.string(from: run.slotUTC)
        slotLocal = run.slotLocal
        attempt = run.attempt
        status = run.status.rawValue
        startedAt = run.startedAt.map(Timestamp.string(from:))
        finishedAt = run.finishedAt.map(Timestamp.string(from:))
        durationMs = run.durationMs
        details = run.summaryValue
        error = run.error
        retryOf = run.retryOf
        nextRetryAt = run.nextRetryAt.map(Timestamp.string(from:))
        dead = run.status.isFailure && run.nextRetryAt == nil && run.scheduleID != nil
    }
}
