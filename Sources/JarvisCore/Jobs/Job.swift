import Foundation
import Logging

/// A job of the appliance: what it is called, how it logs, when it runs by default, and its
/// work. Only the rules differ from job to job: claiming, timeouts, retries, history and
/// logging live once, in `JobRunner`.
public protocol Job: Sendable {
    /// The job's slug, as in `/api/cron/<slug>` and `jarvis run <slug>`.
    var slug: String { get }
    /// The `system_logs.log_type` of its runs, e.g. `cron_daily_churn`.
    var logType: String { get }
    /// What the job is, in French, for messages staff read ("Analyse churn quotidienne").
    var displayName: String { get }
    /// The French message of a successful run's log row ("Analyse churn quotidienne terminée").
    var completionMessage: String { get }
    /// The cron expression of the schedule seeded on first start.
    var defaultSchedule: String { get }

    /// Does the work for the context's slot and returns the run's details (true counts).
    /// Long work checks `Task.checkCancellation()` between batches so a timeout or a shutdown
    /// stops it cleanly.
    func run(_ context: JobContext) async throws -> JSONValue
}

/// Everything a job may use: nothing else reaches it.
public struct JobContext: Sendable {
    /// The run's id in `job_runs`.
    public let runID: Int64
    /// The run's attempt (1 for the first).
    public let attempt: Int
    public let trigger: RunTrigger
    /// The instant the run stands for: the slot's time, not the time it started. A report run
    /// late still covers the week of its slot.
    public let nominalTime: Date
    /// The zone of the run's schedule (or the appliance's).
    public let timeZone: TimeZone
    public let clock: any WallClock
    public let database: AppDatabase
    public let logger: Logger
    public let progress: JobProgress
}
