import GRDB

/// A request the runner refuses, with a message for the operator. Converted to an HTTP status
/// or an exit status only at the edge.
public struct RunnerError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case unknownJob = "unknown_job"
        case notFound = "not_found"
        case notRetryable = "not_retryable"
        case invalidSchedule = "invalid_schedule"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// A one-line description of any error for `job_runs.error` and the logs: database errors
    /// keep SQLite's message, without the SQL that carried it, after a plain explanation of the
    /// two an operator can fix (another process holding the write lock, a full disk).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            let sqlite = "database error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
            switch error.resultCode {
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
