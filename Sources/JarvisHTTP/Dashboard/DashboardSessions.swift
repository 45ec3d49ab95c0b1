import Foundation
import Synchronization

/// The signed-in browsers, kept in memory on the server: a session is a random 256-bit id in an
/// HttpOnly cookie, with its own random CSRF token and an expiry. Keeping them server-side
/// means signing out really ends a session (a copied cookie is worthless afterwards), and a
/// restart signs everybody out.
final class DashboardSessions: Sendable {
    struct Session: Sendable, Equatable {
        /// The cookie's value.
        let id: String
        /// The token every form of this session carries; checked on every POST.
        let csrfToken: String
        let expiresAt: Date
    }

    /// How long a session lasts after sign-in.
    let lifetime: TimeInterval
    /// At most this many sessions live at once; signing in beyond it drops the oldest.
    let capacity: Int
    private let sessions = Mutex<[String: Session]>([:])

    init(lifetime: TimeInterval = 12 * 3_600, capacity: Int = 1_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Opens a new session at `now`.
    func open(now: Date) -> Session {
        let session = Session(id: Self.randomToken(), csrfToken: Self.randomToken(), expiresAt: now.addingTimeInterval(lifetime))
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.values.min(by: { $0.expiresAt < $1.expiresAt }) {
                sessions[oldest.id] = nil
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this cookie value, or nil (unknown, forged or expired).
    func session(id: String?, now: Date) -> Session? {
        guard let id, id.utf8.count == 64 else { return nil }
        return sessions.withLock { sessions in
            // The dictionary lookup is keyed by a hash, so its timing tells nothing useful about
            // a 256-bit random id; the id is compared again in constant time all the same.
            guard let session = sessions[id], constantTimeEquals(session.id, id) else { return nil }
            guard session.expiresAt > now else {
                sessions[id] = nil
                return nil
            }
            return session
        }
    }

    /// Ends a session (signing out).
    func close(id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// 32 random bytes from the system's cryptographic generator, as 64 hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
