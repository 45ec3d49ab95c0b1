import Foundation
import GRDB

/// A row of `schedules`: when a job runs, in which zone, and how its runs are governed.
public struct Schedule: Codable, Sendable, Equatable, TimestampCodingRecord, PersistableRecord {
    public static let databaseTableName = "schedules"

    /// The schedule's id; the job's slug for the seeded defaults.
    public var id: String
    /// The slug of the job it runs.
    public var job: String
    /// A Debian cron expression, possibly with a `CRON_TZ=` prefix.
    public var cron: String
    /// An IANA zone; nil: the appliance's zone.
    public var timezone: String?
    public var paused: Bool
    public var catchUp: CatchUpPolicy
    /// How many times a failed slot is retried before its run is left dead.
    public var maxRetries: Int
    /// How long a run may take before it is cancelled and recorded `timed_out`.
    public var timeoutSeconds: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The defaults of a new schedule: 3 retries, 15 minutes, catch-up `latest`.
    public static let defaultMaxRetries = 3
    public static let defaultTimeoutSeconds = 900

    enum CodingKeys: String, CodingKey {
        case id, job, cron, timezone, paused
        case catchUp = "catch_up"
        case maxRetries = "max_retries"
        case timeoutSeconds = "timeout_seconds"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(
        id: String,
        job: String,
        cron: String,
        timezone: String? = nil,
        paused: Bool = false,
        catchUp: CatchUpPolicy = .latest,
        maxRetries: Int = Schedule.defaultMaxRetries,
        timeoutSeconds: Int = Schedule.defaultTimeoutSeconds,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.job = job
        self.cron = cron
        self.timezone = timezone
        self.paused = paused
        self.catchUp = catchUp
        self.maxRetries = maxRetries
        self.timeoutSeconds = timeoutSeconds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
