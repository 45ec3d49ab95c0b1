import Foundation
import GRDB
import Synchronization

/// Records kiosk heartbeats with group commit: many heartbeats, one write transaction.
///
/// A chain's kiosks beat every 30 s each, and a burst (a site coming back online) can bring
/// thousands a second. One transaction per heartbeat would queue every request behind the
/// single SQLite writer; instead, heartbeats queue up while a batch is being written, and the
/// next batch takes them all at once. There is no timer and no background task:
///
/// - a heartbeat that finds the recorder idle starts a batch of its own at once;
/// - heartbeats that arrive meanwhile queue up; when a batch commits, the queue becomes the
///   next batch, started from the writer's own queue, so the writer never waits for a task to
///   be scheduled between two batches.
///
/// So batches grow with the load by themselves, and a caller gets its verdict only once its
/// batch has committed: a heartbeat acknowledged to a kiosk is never lost. Tokens are checked
/// inside the batch's transaction against `kiosks.token_hash` (one query for all the kiosks of
/// the batch), so a token rotated by `jarvis kiosks rotate-token` — in this process or another —
/// is refused from the next batch on, with no cache to invalidate.
public final class KioskHeartbeatRecorder: Sendable {
    public let database: AppDatabase

    private struct Waiting {
        let heartbeat: KioskHeartbeat
        let continuation: CheckedContinuation<HeartbeatVerdict, any Error>
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
        try await withCheckedThrowingContinuation { continuation in
            let startsBatch = state.withLock { state in
                state.queue.append(Waiting(heartbeat: heartbeat, continuation: continuation))
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
        let heartbeats = batch.map(\.heartbeat)
        database.asyncWrite(
            { db in
                try Self.record(heartbeats, db: db)
            },
            completion: { [self] _, result in
                if case .success = result {
                    state.withLock { state in
                        state.committedBatches += 1
                        state.largestBatch = max(state.largestBatch, batch.count)
                    }
                }
                for (index, waiting) in batch.enumerated() {
                    waiting.continuation.resume(with: result.map { $0[index] })
                }
                writeNextBatch()
            }
        )
    }

    static func record(_ heartbeats: [KioskHeartbeat], db: Database) throws -> [HeartbeatVerdict] {
        let slugs = Array(Set(heartbeats.map(\.kioskSlug)))
        var kiosks: [String: (id: Int64, tokenHash: String?)] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT id, slug, token_hash FROM kiosks WHERE slug IN (SELECT value FROM json_each(?))"),
            arguments: [JSONValue.array(slugs.map(JSONValue.string)).jsonText]
        )
        while let row = try rows.next() {
            kiosks[row["slug"]] = (row["id"], row["token_hash"])
        }

        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO kiosk_heartbeats (kiosk_id, received_at, software_version, uptime_seconds)
                VALUES (?, ?, ?, ?)
                """
        )
        var latest: [Int64: KioskHeartbeat] = [:]
        var verdicts: [HeartbeatVerdict] = []
        verdicts.reserveCapacity(heartbeats.count)
        for heartbeat in heartbeats {
            let kiosk = kiosks[heartbeat.kioskSlug]
            let stored = kiosk?.tokenHash ?? KioskToken.unmatchableHash
            guard KioskToken.hashesMatch(heartbeat.tokenHash, stored), let kiosk else {
                verdicts.append(.refused)
                continue
            }
            try insert.execute(arguments: [
                kiosk.id, Timestamp.string(from: heartbeat.receivedAt), heartbeat.softwareVersion, heartbeat.uptimeSeconds,
            ])
            if latest[kiosk.id].map({ $0.receivedAt <= heartbeat.receivedAt }) ?? true {
                latest[kiosk.id] = heartbeat
            }
            verdicts.append(.recorded)
        }

        let update = try db.cachedStatement(
            sql: """
                UPDATE kiosks
                SET last_heartbeat = :receivedAt, software_version = coalesce(:softwareVersion, software_version)
                WHERE id = :id AND (last_heartbeat IS NULL OR last_heartbeat <= :receivedAt)
                """
        )
        for (id, heartbeat) in latest {
            try update.execute(arguments: [
                "id": id, "receivedAt": Timestamp.string(from: heartbeat.receivedAt), "softwareVersion": heartbeat.softwareVersion,
            ])
        }
        return verdicts
    }
}
