import GRDB
import GRDBSQLite

/// What an upsert did to its row.
public enum UpsertOutcome: String, Sendable, Equatable {
    /// No row had the key: one was inserted.
    case inserted
    /// The row with the key was changed.
    case updated
    /// The row with the key already held these values: nothing was written.
    case unchanged

    /// Runs an upsert statement (`INSERT … ON CONFLICT … DO UPDATE … WHERE <something changed>`,
    /// or `INSERT … SELECT … WHERE NOT EXISTS`) and tells what it did: SQLite counts no change
    /// for an update its WHERE skips, and leaves the last inserted rowid alone for an update.
    static func run(_ db: Database, _ statement: Statement, _ arguments: StatementArguments) throws -> UpsertOutcome {
        sqlite3_set_last_insert_rowid(db.sqliteConnection, 0)
        try statement.execute(arguments: arguments)
        if db.changesCount == 0 { return .unchanged }
        return db.lastInsertedRowID != 0 ? .inserted : .updated
    }
}
