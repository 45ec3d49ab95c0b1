import Foundation
import GRDB

/// The use cases of the kiosk API: what a kiosk, with its own token, reads and writes.
///
/// Every write goes through the kiosk group commit (``KioskEventRecorder``) and is answered
/// once committed. Bodies are JSON objects with camelCase keys, parsed by the records of the
/// data format (``VisitRecord``, ``SessionRecord``…) so that an event and an import row obey
/// the same rules; an error names the body's key (`visitedAt`, `lines[3].content`). Each event
/// carries a client-chosen id (the row's external id): a replay of an id already stored
/// writes nothing and answers the stored row (``Recorded/created`` false).
public struct KioskEvents: Sendable {
    public let database: AppDatabase
    public let recorder: KioskEventRecorder
    public let clock: any WallClock

    /// The most lines of one transcript batch.
    public static let maxTranscriptLines = 500

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.recorder = KioskEventRecorder(database: database)
        self.clock = clock
    }

    /// Records a heartbeat (see ``KioskEventRecorder/record(_:)``).
    public func heartbeat(_ heartbeat: KioskHeartbeat) async throws -> HeartbeatVerdict {
        try await recorder.record(heartbeat)
    }

    /// The member a badge names, for the kiosk to greet: an active member of the kiosk's gym
    /// only; anything else is `notFound` with ``StaffTexts/badgeUnknown``.
    public func lookUp(badge: String, kiosk credential: KioskCredential) async throws -> KioskMemberCard {
        let now = clock.now
        return try await database.read { db in
            guard let kiosk = try KioskEventRecorder.authenticate([credential], db: db)[0] else { throw KioskTokenRefused() }
            return try KioskMemberCard.fetch(db, badge: badge, kiosk: kiosk, now: now)
        }
    }

    /// A check-in: `{"eventId", "badge" or "member", "visitedAt"}`; a visit in `member_visits`
    /// and the member's last visit moved forward.
    public func checkIn(kiosk credential: KioskCredential, body: [String: JSONValue]) async throws -> Recorded<KioskVisit> {
        let now = clock.now
        return try await recorder.record(for: credential) { db, kiosk, references in
            var body = body
            try Self.refuseUnknownKeys(body, allowed: ["eventId", "badge", "member", "visitedAt"])
            try Self.resolveBadge(&body, db: db, kiosk: kiosk, now: now)
            let fields = JSONBodyFields(body, renamed: ["eventId": "external_id"], fixed: ["gym": .string(kiosk.gymSlug)])
            return try Self.naming(fields) {
                let record = try VisitRecord(fields: fields, now: now)
                guard let eventID = record.externalID else { throw JarvisError.invalid("eventId", "eventId: required") }
                if let stored = try KioskVisit.fetch(db, gymID: kiosk.gymID, eventID: eventID) { return Recorded(stored, created: false) }
                _ = try record.upsert(db, references: references)
                return Recorded(try KioskVisit.fetch(db, gymID: kiosk.gymID, eventID: eventID)!, created: true)
            }
        }
    }

    /// A voice session starts: `{"sessionId", "badge" or "member" (none: anonymous), "startedAt", "metadata"}`.
    public func startSession(kiosk credential: KioskCredential, body: [String: JSONValue]) async throws -> Recorded<KioskSession> {
        let now = clock.now
        return try await recorder.record(for: credential) { db, kiosk, references in
            var body = body
            try Self.refuseUnknownKeys(body, allowed: ["sessionId", "badge", "member", "startedAt", "metadata"])
            try Self.resolveBadge(&body, db: db, kiosk: kiosk, now: now)
            let fields = JSONBodyFields(
                body,
                renamed: ["sessionId": "external_id", "metadata": "session_metadata"],
                fixed: ["gym": .string(kiosk.gymSlug), "kiosk": .string(kiosk.slug)]
            )
            return try Self.naming(fields, keys: ["external_id": "sessionId", "session_metadata": "metadata"]) {
                let record = try SessionRecord(fields: fields, now: now)
                if let stored = try KioskSession.fetch(db, gymID: kiosk.gymID, sessionID: record.externalID) {
                    return Recorded(stored, created: false)
                }
                _ = try record.upsert(db, references: references)
                return Recorded(try KioskSession.fetch(db, gymID: kiosk.gymID, sessionID: record.externalID)!, created: true)
            }
        }
    }

    /// A voice session ends: `{"endedAt", "totalTokens", "metadata"}` (the metadata's keys are
    /// added to the start's). A session ended already is answered as stored, unchanged.
    public func endSession(
        kiosk credential: KioskCredential,
        session sessionID: String,
        body: [String: JSONValue]
    ) async throws
        -> Recorded<KioskSession>
    {
        let now = clock.now
        return try await recorder.record(for: credential) { db, kiosk, references in
            try Self.refuseUnknownKeys(body, allowed: ["endedAt", "totalTokens", "metadata"])
            let stored = try KioskSession.own(db, kiosk: kiosk, sessionID: sessionID)
            if stored.endedAt != nil { return Recorded(stored, created: false) }
            var body = body
            if case .object(let added)? = body["metadata"], case .object(let started)? = JSONValue(jsonText: stored.metadataText) {
                body["metadata"] = .object(started.merging(added) { $1 })
            } else if body["metadata"] == nil {
                body["metadata"] = JSONValue(jsonText: stored.metadataText)
            }
            var fixed: [String: JSONValue] = [
                "gym": .string(kiosk.gymSlug), "kiosk": .string(kiosk.slug), "external_id": .string(stored.sessionId),
                "started_at": .string(stored.startedAt),
            ]
            if let member = stored.member { fixed["member"] = .string(member) }
            let fields = JSONBodyFields(body, renamed: ["metadata": "session_metadata"], fixed: fixed)
            return try Self.naming(fields, keys: ["session_metadata": "metadata"]) {
                let record = try SessionRecord(fields: fields, now: now)
                guard record.endedAt != nil else { throw JarvisError.invalid("endedAt", "endedAt: required") }
                _ = try record.upsert(db, references: references)
                return Recorded(try KioskSession.fetch(db, gymID: kiosk.gymID, sessionID: sessionID)!, created: true)
            }
        }
    }

    /// A batch of transcript lines, all or nothing: `{"lines": [{"eventId", "occurredAt",
    /// "speaker", "content"}, …]}`, 1 to ``maxTranscriptLines``.
    public func recordTranscript(
        kiosk credential: KioskCredential,
        session sessionID: String,
        body: [String: JSONValue]
    ) async throws
        -> TranscriptBatch
    {
        let now = clock.now
        return try await recorder.record(for: credential) { db, kiosk, references in
            try Self.refuseUnknownKeys(body, allowed: ["lines"])
            guard case .array(let lines)? = body["lines"], (1...Self.maxTranscriptLines).contains(lines.count) else {
                throw JarvisError.invalid("lines", "lines: expected an array of 1 to \(Self.maxTranscriptLines) transcript lines")
            }
            let session = try KioskSession.own(db, kiosk: kiosk, sessionID: sessionID)
            let records = try lines.enumerated().map { index, line in
                guard case .object(let object) = line else {
                    throw JarvisError.invalid("lines[\(index)]", "lines[\(index)]: expected an object")
                }
                try Self.refuseUnknownKeys(object, allowed: ["eventId", "occurredAt", "speaker", "content"], prefix: "lines[\(index)].")
                let fields = JSONBodyFields(
                    object,
                    renamed: ["eventId": "external_id"],
                    fixed: ["gym": .string(kiosk.gymSlug), "session": .string(session.sessionId)]
                )
                return try Self.naming(fields, prefix: "lines[\(index)].") { try TranscriptLineRecord(fields: fields, now: now) }
            }
            var batch = TranscriptBatch(written: 0, replayed: 0)
            let exists = try db.cachedStatement(
                sql: "SELECT 1 FROM conversation_events WHERE session_id = ? AND external_id = ?"
            )
            for record in records {
                if try Bool.fetchOne(exists, arguments: [session.id, record.externalID]) != nil {
                    batch.replayed += 1
                } else {
                    _ = try record.upsert(db, references: references)
                    batch.written += 1
                }
            }
            return batch
        }
    }

    /// A voice session's summary: `{"eventId", "createdAt", "sentiment", "sentimentScore",
    /// "topics", "summary"}`; its member is the session's.
    public func recordSummary(
        kiosk credential: KioskCredential,
        session sessionID: String,
        body: [String: JSONValue]
    ) async throws
        -> Recorded<KioskSummary>
    {
        let now = clock.now
        return try await recorder.record(for: credential) { db, kiosk, references in
            try Self.refuseUnknownKeys(body, allowed: ["eventId", "createdAt", "sentiment", "sentimentScore", "topics", "summary"])
            let session = try KioskSession.own(db, kiosk: kiosk, sessionID: sessionID)
            let fields = JSONBodyFields(
                body,
                renamed: ["eventId": "external_id"],
                fixed: ["gym": .string(kiosk.gymSlug), "session": .string(session.sessionId)]
            )
            return try Self.naming(fields) {
                let record = try SummaryRecord(fields: fields, now: now)
                if let stored = try KioskSummary.fetch(db, gymID: kiosk.gymID, eventID: record.externalID) {
                    return Recorded(stored, created: false)
                }
                _ = try record.upsert(db, references: references)
                return Recorded(try KioskSummary.fetch(db, gymID: kiosk.gymID, eventID: record.externalID)!, created: true)
            }
        }
    }

    // MARK: Helpers

    /// Replaces a body's `badge` by the `member` it names (an active member of the kiosk's gym).
    private static func resolveBadge(_ body: inout [String: JSONValue], db: Database, kiosk: AuthenticatedKiosk, now: Date) throws {
        guard let badge = body.removeValue(forKey: "badge"), badge != .null else { return }
        guard body["member"] == nil || body["member"] == .null else {
            throw JarvisError.invalid("badge", "badge: give either a badge or a member, not both")
        }
        guard case .string(let text) = badge else { throw JarvisError.invalid("badge", "badge: expected a text") }
        let card = try KioskMemberCard.fetch(db, badge: text, kiosk: kiosk, now: now)
        body["member"] = .string(card.externalId)
    }

    /// Refuses a key the event does not know, naming it.
    private static func refuseUnknownKeys(_ body: [String: JSONValue], allowed: [String], prefix: String = "") throws {
        if let unknown = body.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw JarvisError.invalid(
                prefix + unknown,
                "\(prefix)\(unknown): unknown field; the fields are \(allowed.joined(separator: ", "))"
            )
        }
    }

    /// Runs `body`, naming the column of an error it throws as the body's key, after `prefix`:
    /// `visited_at: …` becomes `visitedAt: …`.
    /// `keys` names the columns the body names otherwise.
    private static func naming<Value>(
        _ fields: JSONBodyFields,
        prefix: String = "",
        keys: [String: String] = ["external_id": "eventId"],
        _ body: () throws -> Value
    ) throws -> Value {
        do {
            return try body()
        } catch let error as JarvisError {
            guard let column = error.field else { throw error }
            let key = prefix + (keys[column] ?? fields.key(for: column))
            let message = error.message.hasPrefix(column + ":") ? key + error.message.dropFirst(column.count) : error.message
            throw JarvisError(error.code, message, field: key, details: error.details)
        }
    }
}

/// An event's answer, and whether this request wrote it (false: a replay of a stored event).
public struct Recorded<Value: Sendable>: Sendable {
    public let value: Value
    public let created: Bool

    public init(_ value: Value, created: Bool) {
        self.value = value
        self.created = created
    }
}

/// What a transcript batch did: lines written, and lines already stored (replays).
public struct TranscriptBatch: Sendable, Equatable, Codable {
    public var written: Int
    public var replayed: Int
}
