import GRDB

/// Why a use case refused a request or could not carry it out: a code an edge maps to its own
/// answer (an HTTP status, a dashboard message, an exit status), the field of the request that
/// was wrong when there is one, and a message written for the operator.
///
/// Every use case of JarvisCore throws this one type, so the HTTP API, the dashboard and the
/// CLI each map it once and always agree. The message never carries SQL, a file's contents or
/// a secret.
public struct JarvisError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        /// A value given by the caller cannot be used; `field` names it.
        case invalidInput = "invalid_input"
        /// What the request names does not exist: a run, a schedule, a gym, a report, a kiosk.
        case notFound = "not_found"
        /// The request is valid but clashes with what the database holds now: a run that is not
        /// a failure, a slug taken already.
        case conflict
        /// The database cannot take the request now (another process holds its write lock, its
        /// disk is full): the same request may succeed later.
        case unavailable
        /// The database file cannot be used by this binary: missing, or of another schema version.
        case unusableDatabase = "unusable_database"
        /// Something stored cannot be read back: a fault of the appliance, not of the caller.
        case internalFailure = "internal_failure"
    }

    public let code: Code
    /// The request's field or parameter that was wrong (`cron`, `timezone`, `week`), if any.
    public let field: String?
    public let message: String
    /// Values a client acts on, beside the message, e.g. `["runId": 42]`.
    public let details: [String: JSONValue]

    public init(_ code: Code, _ message: String, field: String? = nil, details: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    public var description: String { message }

    /// A refused value: `field` names it, and the message says what is accepted.
    public static func invalid(_ field: String, _ message: String) -> JarvisError {
        JarvisError(.invalidInput, message, field: field)
    }

    /// A value refused by a named rule: the field, the message, and details that say which rule
    /// (`reason`) and what value, for a client (or the French dashboard) to word it its own way:
    /// `{"error": ..., "field": "cron", "reason": "never_fires", "value": "0 0 30 2 *"}`.
    public static func refused(_ field: String, _ message: String, reason: String, value: String) -> JarvisError {
        JarvisError(.invalidInput, message, field: field, details: ["reason": .string(reason), "value": .string(value)])
    }

    public static func notFound(_ message: String, field: String? = nil) -> JarvisError {
        JarvisError(.notFound, message, field: field)
    }

    /// Any error as a `JarvisError`: itself, or a database error explained plainly (a write
    /// lock held too long and a full disk are `unavailable`), or an internal failure.
    public init(wrapping error: any Error) {
        if let error = error as? JarvisError {
            self = error
        } else if let error = error as? DatabaseError, [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL].contains(error.resultCode.primaryResultCode) {
            self.init(.unavailable, Self.describe(error))
        } else {
            self.init(.internalFailure, Self.describe(error))
        }
    }

    /// A database error as a `JarvisError`; nil for any other error.
    public init?(wrappingDatabaseError error: any Error) {
        guard error is DatabaseError else { return nil }
        self.init(wrapping: error)
    }

    /// A one-line description of any error for `job_runs.error` and the logs: database errors
    /// keep SQLite's message, without the SQL that carried it, after a plain explanation of the
    /// two an operator can fix (another process holding the write lock, a full disk).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            let sqlite = "database error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
            switch error.resultCode.primaryResultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return "the database stayed locked by another connection for more than \(Int(AppDatabase.busyTimeout)) s (\(sqlite))"
            case .SQLITE_FULL:
                return "the database or its disk is full (\(sqlite))"
            default:
                return sqlite
            }
        }
        return String(describing: error)
    }
}

extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// The case spelled `text`, or an error naming `field` and every accepted spelling:
    /// `status: 'done' is not one of running, succeeded, ...`.
    public static func parse(_ text: String, field: String) throws -> Self {
        guard let value = Self(rawValue: text) else {
            let accepted = allCases.map(\.rawValue).joined(separator: ", ")
            throw JarvisError.refused(field, "\(field): '\(text)' is not one of \(accepted)", reason: "unknown_choice", value: text)
        }
        return value
    }
}
