/// Where a run stands. Stored as readable text in `job_runs.status`.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Claimed and executing; holds the job's overlap lock.
    case running
    case succeeded
    /// The job threw; retried per its schedule until the retries are spent ("dead" after that).
    case failed
    /// The job outlived its timeout and was cancelled.
    case timedOut = "timed_out"
    /// Its process died (crash, SIGKILL) or stopped before it finished; its slot is retried.
    case abandoned
    /// A slot that fell while the appliance was down and the catch-up policy did not run.
    case missed
    /// A scheduled slot that found the previous run of its job still going.
    case skippedOverlap = "skipped_overlap"

    /// True once the run will not change any more.
    public var isFinal: Bool { self != .running }

    /// True for the outcomes that may be retried.
    public var isFailure: Bool { self == .failed || self == .timedOut || self == .abandoned }
}

/// What started a run. Stored as readable text in `job_runs.trigger`.
public enum RunTrigger: String, Sendable, Codable, CaseIterable {
    /// A slot of a schedule, on time.
    case schedule
    /// A slot of a schedule, run late after downtime under the catch-up policy.
    case catchup
    /// `POST /api/cron/<job>`.
    case http
    /// `jarvis run <job>`.
    case cli
    /// An automatic retry, or one asked for by hand.
    case retry
}

/// What the scheduler does with slots that fell while the appliance was down.
public enum CatchUpPolicy: String, Sendable, Codable, CaseIterable {
    /// Run the most recent missed slot once and record the others as `missed`: the default,
    /// because a nightly job wants to run once after an outage, not once per lost night.
    case latest
    /// Run every missed slot, oldest first.
    case all
    /// Run none of them; record them as `missed`.
    case skip
}
