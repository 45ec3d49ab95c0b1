import GRDB

/// Inserts rows into one table many at a time, with one multi-row
/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), ... [ON CONFLICT ...]` statement per batch.
///
/// Bulk writes (the demo load, a job's batch) spend most of their time on the cost of
/// executing a statement, not on storing a row: batching divides that cost by the batch
/// size. SQLite's part of that cost includes a temporary b-tree built at each execution for
/// every `CHECK (x IN (...))` of the table. Call ``finish()`` before the transaction
/// commits, or the last rows are never written.
struct BatchInsert {
    /// Rows per statement: large enough to amortise a statement, small enough to stay far
    /// below SQLite's limit of 32,766 arguments.
    static let rowsPerBatch = 256

    private let db: Database
    private let table: String
    private let columns: [String]
    private let conflictClause: String
    private let batchStatement: Statement
    /// The values of the rows waiting, kept as given: `StatementArguments` converts them once.
    private var values: [(any DatabaseValueConvertible)?] = []
    /// The number of rows inserted so far (written or waiting in the batch).
    private(set) var count = 0

    /// `conflictClause`, when given, ends each statement: `ON CONFLICT (id) DO UPDATE SET ...`.
    init(_ db: Database, into table: String, columns: [String], conflictClause: String = "") throws {
        self.db = db
        self.table = table
        self.columns = columns
        self.conflictClause = conflictClause
        self.batchStatement = try db.cachedStatement(sql: Self.sql(table: table, columns: columns, rows: Self.rowsPerBatch, conflictClause: conflictClause))
        values.reserveCapacity(Self.rowsPerBatch * columns.count)
    }

    /// Adds one row, given in the order of the columns.
    mutating func insert(_ row: [(any DatabaseValueConvertible)?]) throws {
        precondition(row.count == columns.count, "a row of \(table) has \(columns.count) values")
        values.append(contentsOf: row)
        count += 1
        if values.count == Self.rowsPerBatch * columns.count {
            batchStatement.setUncheckedArguments(StatementArguments(values))
            try batchStatement.execute()
            values.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the rows still waiting in the batch.
    mutating func finish() throws {
        guard !values.isEmpty else { return }
        let rows = values.count / columns.count
        try db.execute(sql: Self.sql(table: table, columns: columns, rows: rows, conflictClause: conflictClause), arguments: StatementArguments(values))
        values.removeAll(keepingCapacity: true)
    }

    private static func sql(table: String, columns: [String], rows: Int, conflictClause: String) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " " + conflictClause
    }
}
