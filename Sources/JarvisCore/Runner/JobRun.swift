import Foundation
import GRDB

/// A row of `job_runs`: one attempt at one slot of a job, from its claim to its end.
public struct JobRun: Codable, Sendable, Equatable, Identifiable, TimestampCodingRecord, MutablePersistableRecord {
    public static let databaseTableName = "job_runs"

    public var id: Int64?
    public var job: String
    public var scheduleID: String?
    public var trigger: RunTrigger
    /// The nominal instant the run stands for.
    public var slotUTC: Date
    /// The same as the local wall time the schedule named, e.g. `2027-03-28T02:00 Europe/Paris`.
    public var slotLocal: String
    public var attempt: Int
    public var status: RunStatus
    public var startedAt: Date?
    public var finishedAt: Date?
    public var durationMs: Int?
    /// The job's details, JSON text.
    public var summary: String?
    public var error: String?
    public var idempotencyKey: String?
    public var retryOf: Int64?
    /// When a failed scheduled run will be retried; nil once retried or dead.
    public var nextRetryAt: Date?
    public var holder: String?
    public var leaseExpiresAt: Date?
    /// Not stored: why this process's execution of the run went wrong, when that matters to the
    /// caller who waited for it: the error a failed job threw, or why its end could not be
    /// recorded (then `status` is what the database holds, `running`).
    public var cause: JarvisError? = nil

    enum CodingKeys: String, CodingKey {
        case id, job, trigger, attempt, status, summary, error, holder
        case scheduleID = "schedule_id"
        case slotUTC = "slot_utc"
        case slotLocal = "slot_local"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationMs = "duration_ms"
        case idempotencyKey = "idempotency_key"
        case retryOf = "retry_of"
        case nextRetryAt = "next_retry_at"
        case leaseExpiresAt = "lease_expires_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The run's id; every run read from the database has one.
    public var runID: Int64 { id ?? 0 }

    /// The details as a JSON value.
    public var summaryValue: JSONValue? { summary.flatMap(JSONValue.init(jsonText:)) }

    /// A scheduled run that failed and will not be retried automatically any more: it stays
    /// listed as dead until it is retried by hand.
    public var isDead: Bool { status.isFailure && nextRetryAt == nil && scheduleID != nil }
}

extension JobRun {
    /// A new row for the slot `request` names, in `status`.
    init(_ request: RunRequest, status: RunStatus) {
        self.init(
            job: request.job,
            scheduleID: request.scheduleID,
            trigger: request.trigger,
            slotUTC: request.slot,
            slotLocal: request.slotLocal,
            attempt: request.attempt,
            status: status
        )
    }
}
