import GRDB

/// Loading millions of rows into a new database in one go: the demo generator's engine.
///
/// Four things make a bulk load slow in SQLite, and all are set aside here for the load only:
/// - Secondary indexes. Rows of a gym are written together, but an index on time (say
///   `member_visits_time`) puts them between the rows of every gym written before: each
///   insert lands on a page of its own, and every transaction rewrites most of the index.
///   The indexes are dropped first and created again at the end, from their own SQL text, so
///   the schema ends byte for byte as migrated, and SQLite builds each one by sorting.
/// - Foreign-key checks. Rows go out in batches per table, so a child may be written before
///   its parent (a transcript line before its session); while such a violation is pending,
///   every parent row inserted makes SQLite scan the child tables, whose indexes are gone.
///   The tests run `PRAGMA foreign_key_check` on the loader's output instead.
/// - The write-ahead log. In WAL mode every page is written twice (log, then checkpoint). When
///   the loading connection is the only one open, the load runs with an in-memory rollback
///   journal instead (pages appended to the file need no journal) and WAL mode comes back
///   at the end. With other connections open, the load stays in WAL mode.
/// - Waiting for the disk: a load cut short leaves a demo file to delete, nothing of value
///   (`synchronous = OFF`).
///
/// The settings are the writer connection's own, and are restored before returning.
/// SQLite's default page cache and temporary storage are kept on purpose: a larger cache or
/// sorting in memory made `CREATE INDEX` of ten million rows slower, not faster.
enum BulkLoad {
    /// Runs `body` with the indexes of `tables` deferred to its end, and the settings above.
    /// The caller is outside any transaction; `body` opens its own, in batches.
    static func run<T>(in db: Database, tables: Set<String>, _ body: () throws -> T) throws -> T {
        let saved = try Row.fetchOne(
            db,
            sql: """
                SELECT foreign_keys, synchronous, journal_mode
                FROM pragma_foreign_keys, pragma_synchronous, pragma_journal_mode
                """
        )!
        try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF")
        defer {
            try? db.execute(
                sql: """
                    PRAGMA foreign_keys = \(saved["foreign_keys"] as Int);
                    PRAGMA synchronous = \(saved["synchronous"] as Int);
                    """
            )
        }

        // Leaving WAL mode fails at once (busy) while another connection has the file open.
        var leftWAL = false
        if saved["journal_mode"] == "wal" {
            let busyTimeout = try Int.fetchOne(db, sql: "PRAGMA busy_timeout")!
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            leftWAL = (try? String.fetchOne(db, sql: "PRAGMA journal_mode = MEMORY")) == "memory"
            try db.execute(sql: "PRAGMA busy_timeout = \(busyTimeout)")
        }

        // Unique indexes stay: they are constraints, and the load must honour them.
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, tbl_name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %'
                ORDER BY rowid
                """
        ).filter { tables.contains($0["tbl_name"]) }
        try db.inTransaction {
            for index in indexes {
                try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
            }
            return .commit
        }

        /// Puts back what the load set aside: the indexes, then WAL mode.
        func finish() throws {
            try db.inTransaction {
                for index in indexes { try db.execute(sql: index["sql"]) }
                return .commit
            }
            if leftWAL {
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw DatabaseError(message: "the database could not return to WAL mode after a bulk load")
                }
            } else if saved["journal_mode"] == "wal" {
                // Hand the load's log back to the main file and empty it. Best effort: a reader
                // may be using it, and the next checkpoint finishes the work.
                _ = try? db.checkpoint(.truncate)
            }
        }

        let result: T
        do {
            result = try body()
        } catch {
            try? finish()
            throw error
        }
        try finish()
        return result
    }
}
