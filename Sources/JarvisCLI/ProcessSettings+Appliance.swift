import Foundation
import JarvisCore
import Logging

extension ProcessSettings {
    /// Opens the store and wires the appliance for a CLI command, with the system clock and a
    /// logger on standard error (standard output is the command's own).
    ///
    /// Only `serve`, `demo` and `db migrate` pass `.createOrMigrate`: they create a missing file,
    /// migrate an older one and seed the default schedules. Every other command opens an
    /// existing file of this binary's schema as it is, and refuses anything else with a
    /// message that says what to run.
    static func appliance(
        store: StoreOptions,
        server: ServerOptions? = nil,
        zone: ZoneOptions? = nil,
        access: AppDatabase.Access = .existing,
        seedTime: Date? = nil,
        logLevel: Logger.Level = .warning
    ) async throws -> Appliance {
        let configuration = try configuration(store: store, server: server, zone: zone)
        var logger = Logger(label: "jarvis", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        let appliance = Appliance(
            configuration: configuration,
            database: try AppDatabase.open(path: configuration.databasePath, access: access),
            clock: SystemClock(),
            logger: logger
        )
        if access == .createOrMigrate {
            try await appliance.schedules.seedDefaults(at: seedTime)
        }
        return appliance
    }
}
