import Foundation
import JarvisCore
import Logging

extension ProcessSettings {
    /// Opens the store and wires the appliance for a CLI command, with the system clock and a
    /// logger on standard error (standard output is the command's own).
    static func appliance(store: StoreOptions, zone: ZoneOptions? = nil, logLevel: Logger.Level = .warning) throws -> Appliance {
        let configuration = try configuration(store: store, zone: zone)
        var logger = Logger(label: "jarvis", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = logLevel
        return Appliance(
            configuration: configuration,
            database: try AppDatabase.open(path: configuration.databasePath),
            clock: SystemClock(),
            logger: logger
        )
    }
}
