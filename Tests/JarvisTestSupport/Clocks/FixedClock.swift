import Foundation
import JarvisCore

/// A clock that reads `now` forever, for tests (and the process that plays a crashed one) that
/// do not move time: its sleeps last until the sleeping task is cancelled.
public struct FixedClock: WallClock {
    public let now: Date

    public init(now: Date) { self.now = now }

    public func sleep(until deadline: Date) async throws { try await Task.sleep(for: .seconds(86_400)) }
}
