import ServiceLifecycle
import Synchronization

/// Holds services back until the HTTP server listens, so that a server that cannot bind its
/// address starts nothing: no scheduler, no catch-up run, no background run.
///
/// Opens once. Tasks waiting on it go on when it opens, or at once when they are cancelled.
final class ServerStartGate: Sendable {
    private enum State {
        case closed(waiting: [Int: CheckedContinuation<Void, Never>], nextID: Int)
        case open
    }

    private let state = Mutex(State.closed(waiting: [:], nextID: 0))

    var isOpen: Bool {
        state.withLock { if case .open = $0 { true } else { false } }
    }

    func open() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard case .closed(let waiting, _) = state else { return [] }
            state = .open
            return Array(waiting.values)
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once the gate is open, or when the task is cancelled (check ``isOpen``).
    func wait() async {
        let id = state.withLock { state -> Int? in
            guard case .closed(let waiting, let nextID) = state else { return nil }
            state = .closed(waiting: waiting, nextID: nextID + 1)
            return nextID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    guard case .closed(var waiting, let nextID) = state, !Task.isCancelled else { return true }
                    waiting[id] = continuation
                    state = .closed(waiting: waiting, nextID: nextID)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard case .closed(var waiting, let nextID) = state else { return nil }
                let continuation = waiting.removeValue(forKey: id)
                state = .closed(waiting: waiting, nextID: nextID)
                return continuation
            }
            continuation?.resume()
        }
    }
}

/// A service that starts once the server listens (``ServerStartGate``), and not at all if
/// the group stops first.
struct StartsOnceServerListens: Service, CustomStringConvertible {
    let service: any Service
    let gate: ServerStartGate

    var description: String { "\(service) (once the server listens)" }

    func run() async throws {
        await cancelWhenGracefulShutdown { [gate] in await gate.wait() }
        guard gate.isOpen, !Task.isCancelled else { return }
        try await service.run()
    }
}
