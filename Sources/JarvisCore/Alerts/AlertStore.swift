import Foundation
import GRDB

/// The use cases of manager alerts: listing (filtered, paged), one alert, and the four actions
/// a manager takes — acknowledge, resolve, dismiss, reopen. What `/api/alerts`, the dashboard's
/// alerts page and `jarvis alerts` do, through the same methods.
///
/// Each action is one write transaction: the status change and its `system_logs` row (log type
/// `alert`, details `{alertId, from, to}`, no personal data) are committed together.
public struct AlertStore: Sendable {
    private let database: AppDatabase
    private let clock: any WallClock

    public init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// The `system_logs.log_type` of the managers' actions.
    public static let logType = "alert"
    /// The longest note accepted, in characters.
    public static let maxNoteLength = 2_000

    /// The newest alerts matching `query`. An unknown gym is `notFound` (field `gym`); an
    /// out-of-range limit or cursor is refused with its field named.
    public func list(_ query: AlertQuery) async throws -> AlertPage {
        guard (1...AlertQuery.maximumLimit).contains(query.limit) else {
            throw JarvisError.invalid("limit", "limit: \(query.limit) is not a number from 1 to \(AlertQuery.maximumLimit)")
        }
        if let cursor = query.cursor, cursor <= 0 {
            throw JarvisError.invalid("cursor", "cursor: '\(cursor)' is not an alert id; pass the nextCursor of the previous page")
        }
        let statuses = query.statuses.isEmpty ? nil : JSONValue.array(query.statuses.map { .string($0.rawValue) }).jsonText
        let alerts = try await database.read { db in
            if let gym = query.gym, try Int64.fetchOne(db, sql: "SELECT id FROM gyms WHERE slug = ?", arguments: [gym]) == nil {
                throw JarvisError.notFound("no gym '\(gym)'", field: "gym")
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT \(AlertResource.columns)
                    FROM \(AlertResource.tables)
                    WHERE (:gym IS NULL OR g.slug = :gym)
                      AND (:type IS NULL OR a.alert_type = :type)
                      AND (:statuses IS NULL OR a.status IN (SELECT value FROM json_each(:statuses)))
                      AND (:priority IS NULL OR a.priority = :priority)
                      AND (:cursor IS NULL OR a.id < :cursor)
                    ORDER BY a.id DESC
                    LIMIT :limit
                    """,
                arguments: [
                    "gym": query.gym, "type": query.type?.rawValue, "statuses": statuses, "priority": query.priority?.rawValue,
                    "cursor": query.cursor, "limit": query.limit,
                ]
            ).map(AlertResource.init(row:))
        }
        return AlertPage(alerts: alerts, nextCursor: alerts.count == query.limit ? alerts.last?.id : nil)
    }

    /// One alert, or a `notFound` error.
    public func alert(id: Int64) async throws -> AlertResource {
        try await database.read { db in try Self.fetch(db, id: id) }
    }

    /// open → acknowledged; the note, if given, is kept.
    @discardableResult
    public func acknowledge(id: Int64, note: String? = nil) async throws -> AlertResource {
        try await act(.acknowledge, id: id, note: note)
    }

    /// open or acknowledged → resolved; a note saying what was done is required.
    @discardableResult
    public func resolve(id: Int64, note: String) async throws -> AlertResource {
        try await act(.resolve, id: id, note: note)
    }

    /// open or acknowledged → dismissed: no action needed. The job that raised it does not raise
    /// it again until the situation changes.
    @discardableResult
    public func dismiss(id: Int64, note: String? = nil) async throws -> AlertResource {
        try await act(.dismiss, id: id, note: note)
    }

    /// resolved or dismissed → open again, unless another open alert holds the same dedup key
    /// (a conflict naming it, with its id in the details as `openAlertId`).
    @discardableResult
    public func reopen(id: Int64) async throws -> AlertResource {
        try await act(.reopen, id: id, note: nil)
    }

    /// A note: trimmed; empty counts as none; at most ``maxNoteLength`` characters.
    static func validate(note: String?, required: Bool) throws -> String? {
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let note, !note.isEmpty else {
            if required { throw JarvisError.invalid("note", "note: required; say what was done (1 to \(maxNoteLength) characters)") }
            return nil
        }
        guard note.count <= maxNoteLength else {
            throw JarvisError.refused(
                "note",
                "note: \(note.count) characters long; at most \(maxNoteLength) are accepted",
                reason: "too_long",
                value: "\(note.count) characters"
            )
        }
        return note
    }

    private func act(_ action: AlertAction, id: Int64, note: String?) async throws -> AlertResource {
        let note = try Self.validate(note: note, required: action.requiresNote)
        let now = clock.now
        return try await database.write { db in
            let alert = try Self.fetch(db, id: id)
            guard action.applies(to: alert.status) else {
                throw JarvisError(
                    .conflict,
                    "alert #\(id) is \(alert.status.rawValue); \(action.rawValue) applies only to \(action.sources.map(\.rawValue).joined(separator: " or ")) alerts",
                    field: "status",
                    details: ["status": .string(alert.status.rawValue)]
                )
            }
            let stamp = Timestamp.string(from: now)
            if action == .reopen {
                let open = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM manager_alerts
                        WHERE dedup_key = (SELECT dedup_key FROM manager_alerts WHERE id = ?) AND resolved_at IS NULL
                        """,
                    arguments: [id]
                )
                if let open {
                    throw JarvisError(
                        .conflict,
                        "alert #\(id) cannot be reopened: alert #\(open) is open for the same situation",
                        field: "id",
                        details: ["openAlertId": .int(Int(open))]
                    )
                }
            }
            try db.execute(
                sql: """
                    UPDATE manager_alerts SET
                        status = :status,
                        updated_at = :now,
                        note = coalesce(:note, note),
                        acknowledged_at = CASE :action WHEN 'acknowledge' THEN :now WHEN 'reopen' THEN NULL ELSE acknowledged_at END,
                        resolved_at = CASE WHEN :closes THEN :now ELSE NULL END
                    WHERE id = :id
                    """,
                arguments: [
                    "status": action.target.rawValue, "now": stamp, "note": note, "action": action.rawValue,
                    "closes": action.target.isClosed, "id": id,
                ]
            )
            try SystemLogEntry(
                timestamp: now,
                logType: Self.logType,
                level: .info,
                message: action.logMessage,
                details: ["alertId": .int(Int(id)), "from": .string(alert.status.rawValue), "to": .string(action.target.rawValue)]
            ).insert(db)
            return try Self.fetch(db, id: id)
        }
    }

    private static func fetch(_ db: Database, id: Int64) throws -> AlertResource {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT \(AlertResource.columns) FROM \(AlertResource.tables) WHERE a.id = ?",
                arguments: [id]
            )
        else {
            throw JarvisError.notFound("no alert #\(id)", field: "id")
        }
        return try AlertResource(row: row)
    }
}
