import Foundation
import GRDB
import Synchronization

/// Records kiosk events (heartbeats, check-ins, voice sessions, transcript lines, summaries)
/// with group commit: many requests' writes, one write transaction.
///
/// A chain's kiosks beat every 30 s each and check members in at the door, and a burst (a site
/// coming back online) can bring thousands of events a second. One transaction per event would
/// queue every request behind the single SQLite writer; instead, events queue up while a batch
/// is being written, and the next batch takes them all at once. There is no timer and no
/// background task:
///
/// - an event that finds the recorder idle starts a batch of its own at once;
/// - events that arrive meanwhile queue up; when a batch commits, the queue becomes the next
///   batch, started from the writer's own queue, so the writer never waits for a task to be
///   scheduled between two batches.
///
/// So batches grow with the load by themselves, and a caller gets its answer only once its
/// batch has committed: an event acknowledged to a kiosk is never lost. Each event is written
/// in a savepoint of its own: an event refused (a bad body, an unknown member) is rolled back
/// and answered with its own error, without failing the others of its batch. Tokens are checked
/// inside the batch's transaction against `kiosks.token_hash` (one query for all the kiosks of
/// the batch), so a rotated token is refused from the next batch on, with no cache to invalidate.
public final class KioskEventRecorder: Sendable {
    public let database: AppDatabase

    private struct Waiting: Sendable {
        let credential: KioskCredential
        /// Writes the event in its savepoint; returns how to answer its caller once committed.
        let write: @Sendable (Database, AuthenticatedKiosk?, DataReferences) -> @Sendable () -> Void
        /// Answers the caller with the batch's error: nothing of the batch was committed.
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var queue: [Waiting] = []
        var isWriting = false
        var committedBatches = 0
        var largestBatch = 0
    }

    private let state = Mutex(State())

    public init(database: AppDatabase) {
        self.database = database
    }

    /// How many batches were committed, and the largest: what tests and benchmarks look at.
    public var committedBatches: Int { state.withLock { $0.committedBatches } }
    public var largestBatch: Int { state.withLock { $0.largestBatch } }

    /// Records `heartbeat` and returns once its batch has committed (or failed, with the
    /// database's error).
    public func record(_ heartbeat: KioskHeartbeat) async throws -> HeartbeatVerdict {
        do {
            try await record(for: heartbeat.credential) { db, kiosk, _ in
                try Self.write(heartbeat, kiosk: kiosk, db: db)
            }
            return .recorded
        } catch is KioskTokenRefused {
            return .refused
        }
    }

    /// Runs `write` for the kiosk `credential` names, in a savepoint of the next batch's
    /// transaction, and returns its answer once the batch has committed.
    ///
    /// Throws ``KioskTokenRefused`` when the token is not the kiosk's (nothing written), the
    /// error `write` threw (its savepoint rolled back, the rest of the batch committed), or the
    /// batch's own error when its transaction failed.
    public func record<Answer: Sendable>(
        for credential: KioskCredential,
        _ write: @escaping @Sendable (Database, AuthenticatedKiosk, DataReferences) throws -> Answer
    ) async throws -> Answer {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            let waiting = Waiting(
                credential: credential,
                write: { db, kiosk, references in
                    let result: Result<Answer, any Error>
                    if let kiosk {
                        do {
                            var answer: Answer?
                            try db.inSavepoint {
                                answer = try write(db, kiosk, references)
                                return .commit
                            }
                            result = .success(answer!)
                        } catch {
                            references.removeAll()
                            result = .failure(error)
                        }
                    } else {
                        result = .failure(KioskTokenRefused())
                    }
                    return { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            let startsBatch = state.withLock { state in
                state.queue.append(waiting)
                guard !state.isWriting else { return false }
                state.isWriting = true
                return true
            }
            if startsBatch { writeNextBatch() }
        }
    }

    /// Takes the whole queue as one batch and writes it in one transaction; once it has
    /// committed, answers its callers and starts the next batch, if any queued up meanwhile.
    private func writeNextBatch() {
        let batch: [Waiting]? = state.withLock { state in
            guard !state.queue.isEmpty else {
                state.isWriting = false
                return nil
            }
            defer { state.queue.removeAll(keepingCapacity: true) }
            return state.queue
        }
        guard let batch else { return }
        database.asyncWrite(
            { db in
                let kiosks = try Self.authenticate(batch.map(\.credential), db: db)
                let references = DataReferences()
                return batch.enumerated().map { index, waiting in waiting.write(db, kiosks[index], references) }
            },
            completion: { [self] _, result in
                switch result {
                case .success(let answers):
                    state.withLock { state in
                        state.committedBatches += 1
                        state.largestBatch = max(state.largestBatch, batch.count)
                    }
                    for answer in answers { answer() }
                case .failure(let error):
                    for waiting in batch { waiting.fail(error) }
                }
                writeNextBatch()
            }
        )
    }

    /// The kiosk each credential names, or nil where the token is not its current one (or no
    /// such kiosk exists, or it has no token): one query for all of them.
    static func authenticate(_ credentials: [KioskCredential], db: Database) throws -> [AuthenticatedKiosk?] {
        let slugs = Array(Set(credentials.map(\.slug)))
        var kiosks: [String: (kiosk: AuthenticatedKiosk, tokenHash: String?)] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT k.id, k.slug, k.token_hash, k.gym_id, g.slug AS gym_slug, g.timezone
                    FROM kiosks k JOIN gyms g ON g.id = k.gym_id
                    WHERE k.slug IN (SELECT value FROM json_each(?))
                    """
            ),
            arguments: [JSONValue.array(slugs.map(JSONValue.string)).jsonText]
        )
        while let row = try rows.next() {
            let kiosk = AuthenticatedKiosk(
                id: row["id"],
                slug: row["slug"],
                gymID: row["gym_id"],
                gymSlug: row["gym_slug"],
                gymTimeZone: TimeZone(identifier: row["timezone"] ?? "UTC") ?? .gmt
            )
            kiosks[kiosk.slug] = (kiosk, row["token_hash"])
        }
        return credentials.map { credential in
            let known = kiosks[credential.slug]
            guard KioskToken.hashesMatch(credential.tokenHash, known?.tokenHash ?? KioskToken.unmatchableHash) else { return nil }
            return known?.kiosk
        }
    }

    /// Writes one heartbeat and moves its kiosk's last heartbeat forward, never back.
    static func write(_ heartbeat: KioskHeartbeat, kiosk: AuthenticatedKiosk, db: Database) throws {
        let receivedAt = Timestamp.string(from: heartbeat.receivedAt)
        try db.cachedStatement(
            sql: """
                INSERT INTO kiosk_heartbeats (kiosk_id, received_at, software_version, uptime_seconds)
                VALUES (?, ?, ?, ?)
                """
        ).execute(arguments: [kiosk.id, receivedAt, heartbeat.softwareVersion, heartbeat.uptimeSeconds])
        try db.cachedStatement(
            sql: """
                UPDATE kiosks
                SET last_heartbeat = :receivedAt, software_version = coalesce(:softwareVersion, software_version)
                WHERE id = :id AND (last_heartbeat IS NULL OR last_heartbeat <= :receivedAt)
                """
        ).execute(arguments: ["id": kiosk.id, "receivedAt": receivedAt, "softwareVersion": heartbeat.softwareVersion])
    }
}

/// Who an event claims to come from: a kiosk's slug and the hash of the bearer it came with
/// (never the bearer itself).
public struct KioskCredential: Sendable, Equatable {
    public var slug: String
    /// The SHA-256 hex of the presented bearer token.
    public var tokenHash: String

    public init(slug: String, bearer: String) {
        self.slug = slug
        self.tokenHash = KioskToken.hash(bearer)
    }

    init(slug: String, tokenHash: String) {
        self.slug = slug
        self.tokenHash = tokenHash
    }
}

/// A kiosk whose token matched, with its gym: what an event is written for.
public struct AuthenticatedKiosk: Sendable, Equatable {
    public let id: Int64
    public let slug: String
    public let gymID: Int64
    public let gymSlug: String
    public let gymTimeZone: TimeZone
}

/// The token is not the kiosk's current one, or no such kiosk exists: nothing was written.
public struct KioskTokenRefused: Error, Sendable, Equatable {
    public init() {}
}
