import Foundation
import GRDB

/// Records kiosk heartbeats with group commit: many heartbeats, one write transaction.
///
/// A chain's kiosks beat every 30 s each, and a burst (a site coming back online) can bring
/// thousands a second. One transaction per heartbeat would queue every request behind the
/// single SQLite writer; instead, the heartbeats that arrive while a batch is being written
/// wait, and the next batch takes them all at once. There is no timer and no background task:
///
/// - a heartbeat that finds no batch in progress is written at once, by its own request (the
///   batch's *leader*), in one transaction;
/// - heartbeats that arrive meanwhile queue up; when the batch commits, the leader answers its
///   followers and hands the lead to the oldest queued heartbeat, whose request writes the whole
///   queue as the next batch.
///
/// So batches grow with the load by themselves, and a caller gets its verdict only once its
/// batch has committed: a heartbeat acknowledged to a kiosk is never lost. Tokens are checked
/// inside the batch's transaction against `kiosks.token_hash` (one query for all the kiosks of
/// the batch), so a token rotated by `jarvis kiosks rotate-token` — in this process or another —
/// is refused from the next batch on, with no cache to invalidate.
public actor KioskHeartbeatRecorder {
    public let database: AppDatabase

    /// A heartbeat waiting for its batch; the batch's leader has no continuation.
    private struct Waiting {
        let heartbeat: KioskHeartbeat
        var continuation: CheckedContinuation<Turn, Never>?
    }

    /// What a queued request is woken up with.
    private enum Turn {
        case done(Result<HeartbeatVerdict, any Error>)
        case lead
    }

    private var queue: [Waiting] = []
    private var isWriting = false
    /// How many batches were committed, and the largest: what tests and benchmarks look at.
    public private(set) var committedBatches = 0
    public private(set) var largestBatch = 0

    public init(database: AppDatabase) {
        self.database = database
    }

    /// Records `heartbeat` and returns once its batch has committed (or failed, with the
    /// database's error).
    public func record(_ heartbeat: KioskHeartbeat) async throws -> HeartbeatVerdict {
        if isWriting {
            let turn = await withCheckedContinuation { continuation in
                queue.append(Waiting(heartbeat: heartbeat, continuation: continuation))
            }
            if case .done(let result) = turn { return try result.get() }
            // Handed the lead: this heartbeat is still in the queue, which is the next batch.
        } else {
            isWriting = true
            queue.append(Waiting(heartbeat: heartbeat, continuation: nil))
        }
        return try await lead()
    }

    /// Writes the whole queue as one batch, answers the followers, hands the lead on.
    private func lead() async throws -> HeartbeatVerdict {
        let batch = queue
        queue.removeAll(keepingCapacity: true)
        let result = await Self.write(batch.map(\.heartbeat), to: database)
        if case .success = result {
            committedBatches += 1
            largestBatch = max(largestBatch, batch.count)
        }
        var own: Result<HeartbeatVerdict, any Error> = .failure(CancellationError())
        for (index, waiting) in batch.enumerated() {
            let verdict = result.map { $0[index] }
            if let continuation = waiting.continuation {
                continuation.resume(returning: .done(verdict))
            } else {
                own = verdict
            }
        }
        if let next = queue.first?.continuation {
            queue[0].continuation = nil
            next.resume(returning: .lead)
        } else {
            isWriting = false
        }
        return try own.get()
    }

    /// One transaction for the batch: check each token, insert the accepted heartbeats, move each
    /// kiosk's `last_heartbeat` forward. Runs in a task of its own, so that a cancelled request
    /// does not abort the batch of every other kiosk with it.
    private static func write(_ heartbeats: [KioskHeartbeat], to database: AppDatabase) async -> Result<[HeartbeatVerdict], any Error> {
        await Task.detached {
            do {
                return .success(try await database.writer.write { db in try record(heartbeats, db: db) })
            } catch {
                return .failure(error)
            }
        }.value
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

        let insert = try db.cachedStatement(sql: """
            INSERT INTO kiosk_heartbeats (kiosk_id, received_at, software_version, uptime_seconds)
            VALUES (?, ?, ?, ?)
            """)
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

        let update = try db.cachedStatement(sql: """
            UPDATE kiosks
            SET last_heartbeat = :receivedAt, software_version = coalesce(:softwareVersion, software_version)
            WHERE id = :id AND (last_heartbeat IS NULL OR last_heartbeat <= :receivedAt)
            """)
        for (id, heartbeat) in latest {
            try update.execute(arguments: [
                "id": id, "receivedAt": Timestamp.string(from: heartbeat.receivedAt), "softwareVersion": heartbeat.softwareVersion,
            ])
        }
        return verdicts
    }
}
