import GRDB

/// Resolves the keys a row gives for other rows (a gym's slug, a member's or a session's
/// external id, a kiosk's slug) to their ids, refusing an unknown one with its field.
///
/// Successful look-ups are kept, so that a bulk import does not query the same gym or member
/// for each of its rows; the memory is bounded (``maxCachedRows``: when a map is full it is
/// emptied and refilled). Use one per transaction, or per import whose rows are not deleted
/// meanwhile; a single-row write makes a new one.
public final class DataReferences {
    /// The most keys kept per kind (about 100 bytes each): a chain of 150,000 members fits.
    public static let maxCachedRows = 250_000

    private struct Key: Hashable {
        let gym: Int64
        let externalID: String
    }

    private var gyms: [String: Int64] = [:]
    private var members: [Key: Int64] = [:]
    private var sessions: [Key: SessionReference] = [:]
    private var kiosks: [String: (id: Int64, gym: Int64)] = [:]

    /// A voice session: its id and its member's.
    public struct SessionReference: Sendable, Equatable {
        public let id: Int64
        public let memberID: Int64?
    }

    public init() {}

    /// The id of the gym with this slug; `field` names the column in the error.
    public func gym(_ slug: String, field: String = "gym", in db: Database) throws -> Int64 {
        if let id = gyms[slug] { return id }
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM gyms WHERE slug = ?"), arguments: [slug]) else {
            throw JarvisError.notFound("\(field): unknown gym '\(slug.prefix(64))'", field: field)
        }
        if gyms.count >= Self.maxCachedRows { gyms.removeAll() }
        gyms[slug] = id
        return id
    }

    /// The id of the gym's member with this external id.
    public func member(_ externalID: String, gym: Int64, field: String = "member", in db: Database) throws -> Int64 {
        let key = Key(gym: gym, externalID: externalID)
        if let id = members[key] { return id }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, anonymized_at FROM members WHERE gym_id = ? AND external_id = ?"),
                arguments: [gym, externalID]
            )
        else {
            throw JarvisError.notFound("\(field): the gym has no member with external id '\(externalID.prefix(128))'", field: field)
        }
        if let anonymizedAt: String = row["anonymized_at"] {
            throw Self.anonymized(externalID, at: anonymizedAt, field: field)
        }
        let id: Int64 = row["id"]
        if members.count >= Self.maxCachedRows { members.removeAll() }
        members[key] = id
        return id
    }

    /// The gym's voice session with this external id.
    public func session(_ externalID: String, gym: Int64, field: String = "session", in db: Database) throws -> SessionReference {
        let key = Key(gym: gym, externalID: externalID)
        if let session = sessions[key] { return session }
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, member_id FROM voice_sessions WHERE gym_id = ? AND external_id = ?"),
                arguments: [gym, externalID]
            )
        else {
            throw JarvisError.notFound("\(field): the gym has no voice session with external id '\(externalID.prefix(128))'", field: field)
        }
        let session = SessionReference(id: row["id"], memberID: row["member_id"])
        if sessions.count >= Self.maxCachedRows { sessions.removeAll() }
        sessions[key] = session
        return session
    }

    /// The id of the gym's kiosk with this slug; a kiosk of another gym is refused.
    public func kiosk(_ slug: String, gym: Int64, field: String = "kiosk", in db: Database) throws -> Int64 {
        let kiosk: (id: Int64, gym: Int64)
        if let known = kiosks[slug] {
            kiosk = known
        } else {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, gym_id FROM kiosks WHERE slug = ?"), arguments: [slug]) else {
                throw JarvisError.notFound("\(field): unknown kiosk '\(slug.prefix(64))'", field: field)
            }
            kiosk = (row["id"], row["gym_id"])
            if kiosks.count >= Self.maxCachedRows { kiosks.removeAll() }
            kiosks[slug] = kiosk
        }
        guard kiosk.gym == gym else {
            throw JarvisError.invalid(field, "\(field): the kiosk '\(slug.prefix(64))' belongs to another gym")
        }
        return kiosk.id
    }

    /// The refusal of a row about an anonymised member (erased on request, or past the
    /// retention of former members): nothing more is recorded about them, and they are not
    /// made again from a source that still has them.
    static func anonymized(_ externalID: String, at date: String, field: String) -> JarvisError {
        JarvisError(
            .conflict,
            "\(field): the member '\(externalID.prefix(128))' was anonymised on \(date.prefix(10)) (GDPR); nothing more is recorded about them",
            field: field
        )
    }

    /// Forgets every key: after a transaction that may have been rolled back.
    public func removeAll() {
        gyms.removeAll()
        members.removeAll()
        sessions.removeAll()
        kiosks.removeAll()
    }
}
