import Foundation
import Logging

/// The appliance's parts, wired once: what `jarvis serve`, the CLI and the HTTP layer share.
public struct Appliance: Sendable {
    public let configuration: AppConfiguration
    public let database: AppDatabase
    public let registry: JobRegistry
    public let clock: any WallClock
    public let logger: Logger
    public let runner: JobRunner
    public let schedules: ScheduleStore

    public init(
        configuration: AppConfiguration,
        database: AppDatabase,
        registry: JobRegistry? = nil,
        clock: any WallClock,
        logger: Logger
    ) {
        self.configuration = configuration
        self.database = database
        let registry = registry ?? .standard(retention: configuration.retention)
        self.registry = registry
        self.clock = clock
        self.logger = logger
        self.runner = JobRunner(database: database, registry: registry, clock: clock, logger: logger)
        self.schedules = ScheduleStore(database: database, registry: registry, defaultTimeZone: configuration.timeZone, clock: clock)
    }

    /// The scheduler service over this appliance's schedules.
    public func makeScheduler() -> Scheduler {
        Scheduler(runner: runner, schedules: schedules)
    }

    /// A run of `job` asked for now by hand (CLI or HTTP), with the settings of the job's schedule.
    public func manualRequest(job: String, trigger: RunTrigger, idempotencyKey: String? = nil) async throws -> RunRequest {
        guard registry[job] != nil else {
            throw RunnerError(.unknownJob, "unknown job '\(job)'; known jobs: \(registry.slugs.joined(separator: ", "))")
        }
        let settings = try await schedules.settings(forJob: job)
        let now = clock.now
        return RunRequest(
            job: job, trigger: trigger, slot: now, slotLocal: slotLocalText(now, in: settings.timeZone),
            idempotencyKey: idempotencyKey, settings: settings
        )
    }
}

extension JobRegistry {
    /// The appliance's four jobs.
    public static func standard(retention: RetentionPolicy = RetentionPolicy()) -> JobRegistry {
        JobRegistry([ChurnAnalysisJob(), KioskHealthJob(), CleanupJob(retention: retention), WeeklyReportsJob()])
    }
}
