import Foundation
import JarvisCore
import Logging
import Synchronization

/// A wall clock that stands still unless a test moves it.
final class SettableClock: WallClock, Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_806_300_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// Sleeps a few milliseconds whatever the deadline: loops that wait on this clock move on
    /// without spinning, and the test decides when time passes.
    func sleep(until deadline: Date) async throws {
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension Appliance {
    /// An appliance on `database` in UTC, with a settable clock and a logger that drops everything.
    static func testing(_ database: AppDatabase, clock: SettableClock = SettableClock(), registry: JobRegistry? = nil) -> Appliance {
        Appliance(
            configuration: AppConfiguration(timeZone: TimeZone(identifier: "UTC")!),
            database: database,
            registry: registry,
            clock: clock,
            logger: Logger(label: "jarvis.tests", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }
}
