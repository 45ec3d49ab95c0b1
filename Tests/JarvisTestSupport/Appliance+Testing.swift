import Foundation
import JarvisCore
import Logging

extension Appliance {
    /// An appliance on `database` in UTC, with a settable clock and a logger that drops everything.
    public static func testing(_ database: AppDatabase, clock: SettableClock = SettableClock(), registry: JobRegistry? = nil) -> Appliance {
        Appliance(
            configuration: AppConfiguration(timeZone: TimeZone(identifier: "UTC")!),
            database: database,
            registry: registry,
            clock: clock,
            logger: Logger(label: "jarvis.tests", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}
