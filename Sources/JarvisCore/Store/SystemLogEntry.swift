import Foundation
import GRDB

/// A row of `system_logs`: what the operator reads with the contract's `sqlite3` query.
public struct SystemLogEntry: Codable, Sendable, Equatable, TimestampCodingRecord, PersistableRecord {
    public static let databaseTableName = "system_logs"

    public enum Level: String, Codable, Sendable, DatabaseValueConvertible {
        case debug, info, warning, error
    }

    public var id: Int64?
    public var timestamp: Date
    /// e.g. `cron_daily_churn`.
    public var logType: String
    public var level: Level
    /// In French, as staff read it.
    public var message: String
    /// JSON text.
    public var details: String
    public var runID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, timestamp, level, message, details
        case logType = "log_type"
        case runID = "run_id"
    }

    public init(timestamp: Date, logType: String, level: Level, message: String, details: JSONValue = [:], runID: Int64? = nil) {
        self.timestamp = timestamp
        self.logType = logType
        self.level = level
        self.message = message
        self.details = details.jsonText
        self.runID = runID
    }

    public var detailsValue: JSONValue? { JSONValue(jsonText: details) }
}
