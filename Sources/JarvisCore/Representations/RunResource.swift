/// A row of the run history as the management API and `jarvis runs --json` show it.
public struct RunResource: Encodable, Sendable {
    public var id: Int64
    public var job: String
    public var scheduleId: String?
    public var trigger: String
    public var slotUtc: String
    public var slotLocal: String
    public var attempt: Int
    public var status: String
    public var startedAt: String?
    public var finishedAt: String?
    public var durationMs: Int?
    public var details: JSONValue?
    public var error: String?
    public var retryOf: Int64?
    public var nextRetryAt: String?
    /// A scheduled run that failed and will not be retried automatically any more.
    public var dead: Bool

    public init(_ run: JobRun) {
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
        dead = run.isDead
    }
}
