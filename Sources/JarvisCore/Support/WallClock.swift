import Foundation

/// The wall clock, injected into the scheduler, the runner and the jobs.
///
/// Nothing below the executable reads `Date()` itself: production passes the system clock,
/// tests pass a virtual clock and run a year of schedules in moments.
public protocol WallClock: Sendable {
    /// The current wall-clock time.
    var now: Date { get }

    /// Suspends until the wall clock reads `deadline` or later, or throws `CancellationError`
    /// when the task is cancelled. May return early; callers re-read `now`.
    func sleep(until deadline: Date) async throws
}
