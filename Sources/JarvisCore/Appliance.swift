import Foundation
import Logging

/// The appliance's parts, wired once: what `jarvis serve`, the CLI and the HTTP layer share.
/// Each use case is a method of one of these domain types; the edges only parse, call and render.
public struct Appliance: Sendable {
    public let configuration: AppConfiguration
    public let database: AppDatabase
    public let registry: JobRegistry
    public let clock: any WallClock
    public let logger: Logger
    public let runner: JobRunner
    public let schedules: ScheduleStore
    public let history: RunHistory
    public let launcher: RunLauncher
    public let reports: WeeklyReports
    public let logs: SystemLogs
    public let overview: OverviewStore
    public let kiosks: KioskStore
    public let alerts: AlertStore
    public let kioskEvents: KioskEvents
    public let importer: DataImporter
    public let exporter: DataExporter
    public let privacy: MemberPrivacy
    public let gyms: GymStore
    public let members: MemberStore
    public let facts: FactStore

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
        self.history = RunHistory(database: database, registry: registry)
        self.launcher = RunLauncher(runner: runner, schedules: schedules)
        self.reports = WeeklyReports(database: database)
        self.logs = SystemLogs(database: database)
        self.overview = OverviewStore(database: database)
        self.kiosks = KioskStore(database: database, clock: clock)
        self.alerts = AlertStore(database: database, clock: clock)
        self.kioskEvents = KioskEvents(database: database, clock: clock)
        self.importer = DataImporter(database: database, clock: clock)
        self.exporter = DataExporter(database: database)
        self.privacy = MemberPrivacy(database: database, clock: clock)
        self.gyms = GymStore(database: database, clock: clock)
        self.members = MemberStore(database: database, clock: clock)
        self.facts = FactStore(database: database, clock: clock)
    }

    /// The scheduler service over this appliance's schedules.
    public func makeScheduler() -> Scheduler {
        Scheduler(runner: runner, schedules: schedules)
    }
}

extension JobRegistry {
    /// The appliance's four jobs.
    public static func standard(retention: RetentionPolicy = RetentionPolicy()) -> JobRegistry {
        JobRegistry([ChurnAnalysisJob(), KioskHealthJob(), CleanupJob(retention: retention), WeeklyReportsJob()])
    }
}
