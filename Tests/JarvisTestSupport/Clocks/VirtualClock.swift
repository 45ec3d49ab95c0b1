import Foundation
import JarvisCore
import Synchronization

/// Virtual wall time, as a discrete-event simulation: time stands still while anyone works, and
/// once every participant (each scheduler loop sharing the clock) sleeps, it jumps to the
/// earliest deadline. A year of schedules passes in seconds.
///
/// `steps` model a wall clock stepped by an operator or NTP: when virtual time reaches `at`, it
/// reads `to` instead. Once the earliest deadline reaches `end`, time stops there and the
/// sleepers wait to be cancelled.
public final class VirtualClock: WallClock, Sendable {
    private struct Sleeper {
        let id: Int
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var steps: [(at: Date, to: Date)]
        var sleeps: [(from: Date, until: Date)] = []
        var sleepers: [Sleeper] = []
        var nextID = 0
        var ended = false
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    public let end: Date
    public let participants: Int

    public init(start: Date, end: Date, steps: [(at: Date, to: Date)] = [], participants: Int = 1) {
        self.state = Mutex(State(now: start, steps: steps.sorted { $0.at < $1.at }))
        self.end = end
        self.participants = participants
    }

    public var now: Date { state.withLock { $0.now } }

    /// Every sleep requested so far: (virtual time when asked, deadline).
    public var sleeps: [(from: Date, until: Date)] { state.withLock { $0.sleeps } }

    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (due, endWaiters) = state.withLock { state -> ([Sleeper], [CheckedContinuation<Void, Never>]) in
                    state.sleeps.append((state.now, deadline))
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return advanceIfAllAsleep(&state)
                }
                for sleeper in due { sleeper.continuation.resume() }
                for waiter in endWaiters { waiter.resume() }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    private func advanceIfAllAsleep(_ state: inout State) -> ([Sleeper], [CheckedContinuation<Void, Never>]) {
        guard state.sleepers.count >= participants, !state.ended,
            let next = state.sleepers.map(\.deadline).min()
        else { return ([], []) }
        if next >= end {
            state.now = max(state.now, end)
            state.ended = true
            let waiters = state.endWaiters
            state.endWaiters = []
            return ([], waiters)
        }
        var target = max(state.now, next)
        if let step = state.steps.first, target >= step.at {
            state.steps.removeFirst()
            target = step.to
        }
        state.now = target
        let due = state.sleepers.filter { $0.deadline <= next }
        state.sleepers.removeAll { $0.deadline <= next }
        return (due, [])
    }

    /// Returns once virtual time has reached its end.
    public func waitUntilEnd() async {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state in
                if state.ended { return true }
                state.endWaiters.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
    }
}
