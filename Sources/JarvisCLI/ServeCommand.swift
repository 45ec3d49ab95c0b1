import ArgumentParser
import Cron
import Foundation
import JarvisCore
import JarvisHTTP
import Logging

/// `jarvis serve`: the appliance itself, until SIGTERM or SIGINT.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the appliance: the scheduler and the HTTP API (graceful stop on SIGTERM/SIGINT)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var zone: ZoneOptions
    @OptionGroup var log: LogOptions

    @Flag(help: "Fill the database with demo data first, if it holds no gym yet.")
    var demo = false

    public init() {}

    public func run() async throws {
        var configuration = try ProcessSettings.configuration(store: store, server: server, zone: zone)
        let logger = log.makeLogger()
        let database = try AppDatabase.open(path: configuration.databasePath, access: .createOrMigrate)

        if demo, try await database.isEmptyOfGyms() {
            logger.info("generating demo data", metadata: ["db.path": "\(configuration.databasePath)"])
            let counts = try await DemoGenerator(options: .init(), until: Date()).generate(into: database)
            logger.info(
                "demo data ready",
                metadata: ["demo.gyms": "\(counts.gyms)", "demo.members": "\(counts.members)", "demo.rows": "\(counts.total)"]
            )
        }

        try ensureCronSecret(&configuration, logger: logger)

        let appliance = Appliance(configuration: configuration, database: database, clock: SystemClock(), logger: logger)
        try await appliance.schedules.seedDefaults()
        try await announce(appliance)
        let app = buildApplication(appliance: appliance, scheduler: appliance.makeScheduler())
        do {
            try await app.runService()
        } catch let error as ServerStartError {
            throw ConfigurationError(setting: server.setting(for: error), reason: error.message(host: configuration.host, port: configuration.port))
        }
    }

    /// What the operator wants to see at start, one line each: the dashboard's URL, the
    /// database, the zone, the version, and when each schedule runs next.
    private func announce(_ appliance: Appliance) async throws {
        let configuration = appliance.configuration
        let logger = appliance.logger
        logger.info("jarvis \(JarvisVersion.current)", metadata: ["version": "\(JarvisVersion.current)"])
        logger.info("dashboard at \(configuration.publicURL)/", metadata: ["http.url": "\(configuration.publicURL)/"])
        let schemaVersion = try await appliance.database.schemaVersion()
        logger.info(
            "database \(configuration.databasePath)",
            metadata: ["db.path": "\(configuration.databasePath)", "db.schema_version": "\(schemaVersion)"]
        )
        logger.info("time zone \(configuration.timeZone.identifier)", metadata: ["timezone": "\(configuration.timeZone.identifier)"])
        for status in try await appliance.schedules.statuses(now: appliance.clock.now) {
            let next = status.schedule.paused ? "paused" : status.nextFire.map { RFC3339Timestamp.string(from: $0, in: status.zone) } ?? "never"
            logger.info(
                "schedule \(status.schedule.id) next \(next)",
                metadata: ["schedule.id": "\(status.schedule.id)", "schedule.cron": "\(status.schedule.cron)", "schedule.next": "\(next)"]
            )
        }
    }

    /// Makes sure a cron secret exists: on the first start without one, a new random secret is
    /// written to an owner-only file beside the database. The secret itself is never printed.
    private func ensureCronSecret(_ configuration: inout AppConfiguration, logger: Logger) throws {
        if let secret = configuration.cronSecret, secret.value.count < AppConfiguration.minimumCronSecretLength {
            logger.warning(
                "the cron secret is shorter than \(AppConfiguration.minimumCronSecretLength) characters: it is weak, and it is not accepted as the admin secret; replace it with `jarvis secret`",
                metadata: ["secret.length": "\(secret.value.count)"]
            )
        }
        if let source = configuration.cronSecretSource {
            if let mode = CronSecretFile.permissions(of: source), mode & 0o077 != 0 {
                logger.warning(
                    "the cron secret file can be read by other users; run chmod 600 on it",
                    metadata: ["secret.file": "\(source)", "secret.mode": "\(String(mode, radix: 8))"]
                )
            }
            return
        }
        let path = CronSecretFile.defaultPath(forDatabase: configuration.databasePath)
        configuration.cronSecret = try CronSecretFile.generate(at: path)
        configuration.cronSecretSource = path
        logger.notice(
            "no CRON_SECRET was set: generated a new secret into an owner-only file; use it as the bearer of cron triggers",
            metadata: ["secret.file": "\(path)"]
        )
    }
}
