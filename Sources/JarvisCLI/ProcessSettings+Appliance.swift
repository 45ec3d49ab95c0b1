import Foundation
import JarvisCore
import Logging

extension ProcessSettings {
    /// Opens the store and wires the appliance for a CLI command, with the system clock and a
    /// logger on standard error (standard output is the command's own). The default schedules
    /// are seeded, as `jarvis serve` would on its first start.
    static func appliance(store: StoreOptions, server: ServerOptions? = nil, zone: ZoneOptions? = nil, logLevel: Logger.Level = .warning) async throws -> Appliance {
        let configuration = try configuration(store: store, server: server, zone: zone)
        var logger = Logger(label: "jarvis", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        let appliance = Appliance(
            configuration: configuration,
            database: try AppDatabase.open(path: configuration.databasePath),
            clock: SystemClock(),
            logger: logger
        )
        try await appliance.schedules.seedDefaults()
        return appliance
    }
}
