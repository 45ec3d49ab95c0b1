import Foundation

/// How a run is governed: its zone, its timeout and how often a failure is retried.
public struct RunSettings: Sendable, Equatable {
    public var timeZone: TimeZone
    public var timeout: Duration
    public var maxRetries: Int

    public init(timeZone: TimeZone, timeout: Duration = .seconds(Schedule.defaultTimeoutSeconds), maxRetries: Int = Schedule.defaultMaxRetries) {
        self.timeZone = timeZone
        self.timeout = timeout
        self.maxRetries = maxRetries
    }
}

/// A request to run a job for one slot: what every trigger (scheduler, HTTP, CLI) hands the runner.
public struct RunRequest: Sendable {
    public var job: String
    /// The schedule whose slot this is; nil for a run asked for by hand (HTTP, CLI).
    public var scheduleID: String?
    public var trigger: RunTrigger
    /// The slot's nominal instant.
    public var slot: Date
    /// The slot's local wall time and zone, e.g. `2027-03-28T02:00 Europe/Paris`.
    public var slotLocal: String
    public var attempt: Int
    /// A caller's key (`Idempotency-Key`, `Upstash-Message-Id`): a second request with the same
    /// key gets the first run instead of a new one.
    public var idempotencyKey: String?
    public var retryOf: Int64?
    public var settings: RunSettings

    public init(
        job: String,
        scheduleID: String? = nil,
        trigger: RunTrigger,
        slot: Date,
        slotLocal: String,
        attempt: Int = 1,
        idempotencyKey: String? = nil,
        retryOf: Int64? = nil,
        settings: RunSettings
    ) {
        self.job = job
        self.scheduleID = scheduleID
        self.trigger = trigger
        self.slot = slot
        self.slotLocal = slotLocal
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
        self.retryOf = retryOf
        self.settings = settings
    }

    /// True for the slots of a schedule (on time or caught up), whose overlaps are recorded.
    var isScheduledSlot: Bool { trigger == .schedule || trigger == .catchup }
}

/// What claiming a slot gave.
public enum ClaimOutcome: Sendable, Equatable {
    /// The slot is ours: a `running` row was inserted and the job's overlap lock is held.
    case claimed(JobRun)
    /// The slot (or the idempotency key) was claimed before: here is that earlier run.
    case duplicate(JobRun)
    /// The job is running already (this run). A scheduled slot was recorded `skipped_overlap`.
    case overlap(running: JobRun)
}

/// Formats a slot's local wall time for `job_runs.slot_local`.
public func slotLocalText(_ date: Date, in zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(
        format: "%04d-%02d-%02dT%02d:%02d %@",
        parts.year ?? 0,
        parts.month ?? 0,
        parts.day ?? 0,
        parts.hour ?? 0,
        parts.minute ?? 0,
        zone.identifier
    )
}
