import Foundation
import JarvisCore
import Synchronization

/// A wall clock that stands still unless a test moves it.
public final class SettableClock: WallClock, Sendable {
    /// What a sleep on this clock does, whatever its deadline.
    public enum Sleeps: Sendable {
        /// Returns after a few milliseconds: loops that wait on the clock look again without
        /// spinning, and the test decides when time passes.
        case briefly
        /// Lasts until the sleeping task is cancelled: a loop only looks again when something
        /// else wakes it.
        case untilCancelled
    }

    private let current: Mutex<Date>
    private let sleeps: Sleeps

    public init(_ start: Date = Date(timeIntervalSince1970: 1_806_300_000), sleeps: Sleeps = .briefly) {
        current = Mutex(start)
        self.sleeps = sleeps
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    public func sleep(until deadline: Date) async throws {
        switch sleeps {
        case .briefly: try await Task.sleep(for: .milliseconds(5))
        case .untilCancelled: try await Task.sleep(for: .seconds(86_400))
        }
    }
}
