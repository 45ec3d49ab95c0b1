import Foundation
import Synchronization

/// Slows down guessing the admin secret: after `limit` wrong secrets within `window`, every
/// sign-in is refused (429) until the oldest of them leaves the window. Counted for the whole
/// process, since the dashboard usually sits behind a proxy or an SSH tunnel where every
/// request comes from the same address.
final class SignInThrottle: Sendable {
    let limit: Int
    let window: TimeInterval
    private let failures = Mutex<[Date]>([])

    init(limit: Int = 5, window: TimeInterval = 60) {
        self.limit = limit
        self.window = window
    }

    /// Nil when a sign-in may be tried now; else how many seconds to wait.
    func wait(now: Date) -> Int? {
        failures.withLock { failures in
            failures.removeAll { now.timeIntervalSince($0) >= window }
            guard failures.count >= limit, let oldest = failures.first else { return nil }
            return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
        }
    }

    func recordFailure(now: Date) {
        failures.withLock { $0.append(now) }
    }
}
