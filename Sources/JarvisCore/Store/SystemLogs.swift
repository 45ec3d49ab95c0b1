import GRDB

/// The operator's log, `system_logs`, as the contract's `sqlite3` query lists it.
public struct SystemLogs: Sendable {
    private let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// A row with each column's text as stored (NULL as nil), in the table's column order:
    /// `id|timestamp|log_type|level|message|details|run_id`.
    public struct Row: Sendable, Equatable, Encodable {
        public var id: Int64
        public var timestamp: String
        public var logType: String
        public var level: String
        public var message: String
        public var details: String
        public var runId: Int64?

        /// As the `sqlite3` shell prints it: columns joined by `|`, NULL as nothing.
        public var shellLine: String {
            [String(id), timestamp, logType, level, message, details, runId.map(String.init) ?? ""].joined(separator: "|")
        }
    }

    /// The newest rows whose `log_type` matches the `LIKE` pattern, newest first: the rows of
    /// `SELECT * FROM system_logs WHERE log_type LIKE 'cron_%' ORDER BY timestamp DESC LIMIT 50`.
    public func list(typeLike pattern: String = "cron_%", limit: Int = 50) async throws -> [Row] {
        guard (1...10_000).contains(limit) else {
            throw JarvisError.invalid("limit", "limit: \(limit) is not a number from 1 to 10000")
        }
        return try await database.read { db in
            try GRDB.Row.fetchAll(
                db,
                sql:
                    "SELECT id, timestamp, log_type, level, message, details, run_id FROM system_logs WHERE log_type LIKE ? ORDER BY timestamp DESC LIMIT ?",
                arguments: [pattern, limit]
            ).map { row in
                Row(
                    id: row["id"],
                    timestamp: row["timestamp"],
                    logType: row["log_type"],
                    level: row["level"],
                    message: row["message"],
                    details: row["details"],
                    runId: row["run_id"]
                )
            }
        }
    }
}
