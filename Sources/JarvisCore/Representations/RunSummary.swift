/// The answer to a triggered run (`POST /api/cron/<job>`, `jarvis run <job>`): what the run
/// did, as the job's `system_logs` row says it.
public struct RunSummary: Encodable, Sendable {
    public var success: Bool
    public var runId: Int64
    public var job: String
    public var status: String
    public var trigger: String
    public var startedAt: String?
    public var finishedAt: String?
    public var durationMs: Int?
    /// The job's counts (`{total, processed, errors, ...}`), once it succeeded.
    public var details: JSONValue?
    /// True when this is an earlier run returned again for a repeated idempotency key.
    public var replayed: Bool?

    public init(_ run: JobRun, replayed: Bool) {
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
