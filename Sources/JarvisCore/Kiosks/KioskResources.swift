import Foundation
import GRDB

/// What a kiosk shows of a member at check-in: never their last name, e-mail or phone.
public struct KioskMemberCard: Sendable, Equatable, Encodable {
    public var externalId: String
    public var firstName: String
    /// `active`, or `expired` once the membership's last day has passed in the gym's zone.
    public var membershipState: String
    /// `YYYY-MM-DD`; nil: open-ended.
    public var membershipExpires: String?

    enum CodingKeys: String, CodingKey { case externalId, firstName, membershipState, membershipExpires }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(externalId, forKey: .externalId)
        try container.encode(firstName, forKey: .firstName)
        try container.encode(membershipState, forKey: .membershipState)
        try container.encode(membershipExpires, forKey: .membershipExpires)
    }

    /// The active member of the kiosk's gym holding `badge`; else `notFound` "Badge non reconnu".
    static func fetch(_ db: Database, badge: String, kiosk: AuthenticatedKiosk, now: Date) throws -> KioskMemberCard {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT external_id, first_name, membership_expires FROM members
                        WHERE gym_id = ? AND badge_id = ? AND is_active = 1 AND anonymized_at IS NULL AND external_id IS NOT NULL
                        """
                ),
                arguments: [kiosk.gymID, badge]
            )
        else { throw JarvisError.notFound(StaffTexts.badgeUnknown) }
        let expires = (row["membership_expires"] as String?).map { String($0.prefix(10)) }
        let today = LocalDate(now, in: kiosk.gymTimeZone).description
        return KioskMemberCard(
            externalId: row["external_id"],
            firstName: row["first_name"] ?? "",
            membershipState: expires.map { $0 < today ? "expired" : "active" } ?? "active",
            membershipExpires: expires
        )
    }
}

/// A check-in as the kiosk API answers it.
public struct KioskVisit: Sendable, Equatable, Encodable {
    public var eventId: String
    /// The member's external id.
    public var member: String?
    public var visitedAt: String

    static func fetch(_ db: Database, gymID: Int64, eventID: String) throws -> KioskVisit? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT v.external_id, m.external_id AS member, v.visited_at
                    FROM member_visits v JOIN members m ON m.id = v.member_id WHERE v.gym_id = ? AND v.external_id = ?
                    """
            ),
            arguments: [gymID, eventID]
        ).map { KioskVisit(eventId: $0["external_id"], member: $0["member"], visitedAt: $0["visited_at"]) }
    }
}

/// A voice session as the kiosk API answers it.
public struct KioskSession: Sendable, Equatable, Encodable {
    public var sessionId: String
    public var kiosk: String?
    /// The member's external id; nil: an anonymous session.
    public var member: String?
    public var startedAt: String
    public var endedAt: String?
    /// Whole seconds from start to end, once ended.
    public var durationSeconds: Int?
    public var totalTokens: Int?
    public var metadata: JSONValue
    let id: Int64
    let kioskID: Int64?
    var metadataText: String { metadata.jsonText }

    enum CodingKeys: String, CodingKey { case sessionId, kiosk, member, startedAt, endedAt, durationSeconds, totalTokens, metadata }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionId, forKey: .sessionId)
        try container.encode(kiosk, forKey: .kiosk)
        try container.encode(member, forKey: .member)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(totalTokens, forKey: .totalTokens)
        try container.encode(metadata, forKey: .metadata)
    }

    static func fetch(_ db: Database, gymID: Int64, sessionID: String) throws -> KioskSession? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT s.id, s.external_id, s.kiosk_id, k.slug AS kiosk, m.external_id AS member, s.started_at, s.ended_at,
                               s.total_tokens, s.session_metadata
                        FROM voice_sessions s LEFT JOIN kiosks k ON k.id = s.kiosk_id LEFT JOIN members m ON m.id = s.member_id
                        WHERE s.gym_id = ? AND s.external_id = ?
                        """
                ),
                arguments: [gymID, sessionID]
            )
        else { return nil }
        let startedAt: String = row["started_at"]
        let endedAt: String? = row["ended_at"]
        var duration: Int?
        if let endedAt, let start = Timestamp.date(from: startedAt), let end = Timestamp.date(from: endedAt) {
            duration = Int(end.timeIntervalSince(start).rounded(.down))
        }
        return KioskSession(
            sessionId: row["external_id"],
            kiosk: row["kiosk"],
            member: row["member"],
            startedAt: startedAt,
            endedAt: endedAt,
            durationSeconds: duration,
            totalTokens: row["total_tokens"],
            metadata: JSONValue(jsonText: row["session_metadata"] ?? "{}") ?? .object([:]),
            id: row["id"],
            kioskID: row["kiosk_id"]
        )
    }

    /// The kiosk's own session with this id; another kiosk's, or none, is `notFound`.
    static func own(_ db: Database, kiosk: AuthenticatedKiosk, sessionID: String) throws -> KioskSession {
        guard let session = try fetch(db, gymID: kiosk.gymID, sessionID: sessionID), session.kioskID == kiosk.id else {
            throw JarvisError.notFound("sessionId: the kiosk has no voice session '\(sessionID.prefix(128))'", field: "sessionId")
        }
        return session
    }
}

/// A conversation summary as the kiosk API answers it.
public struct KioskSummary: Sendable, Equatable, Encodable {
    public var eventId: String
    public var sessionId: String?
    public var member: String?
    public var createdAt: String
    public var sentiment: String
    public var sentimentScore: Double
    public var topics: JSONValue
    public var summary: String?

    static func fetch(_ db: Database, gymID: Int64, eventID: String) throws -> KioskSummary? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT c.external_id, s.external_id AS session, m.external_id AS member, c.created_at, c.sentiment,
                           c.sentiment_score, c.topics, c.summary
                    FROM conversation_summaries c LEFT JOIN voice_sessions s ON s.id = c.session_id
                    LEFT JOIN members m ON m.id = c.member_id
                    WHERE c.gym_id = ? AND c.external_id = ?
                    """
            ),
            arguments: [gymID, eventID]
        ).map {
            KioskSummary(
                eventId: $0["external_id"],
                sessionId: $0["session"],
                member: $0["member"],
                createdAt: $0["created_at"],
                sentiment: $0["sentiment"],
                sentimentScore: $0["sentiment_score"],
                topics: JSONValue(jsonText: $0["topics"] ?? "[]") ?? .array([]),
                summary: $0["summary"]
            )
        }
    }
}
