import GRDB
import GRDBSQLite

/// Inserts rows into one table many at a time, with one multi-row
/// `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), ... [ON CONFLICT ...]` statement per batch.
///
/// Bulk writes (the demo load, a job's batch) spend most of their time on the cost of
/// executing a statement, not on storing a row: batching divides that cost by the batch
/// size. SQLite's part of that cost includes a temporary b-tree built at each execution for
/// every `CHECK (x IN (...))` of the table. Values are kept as plain integers, reals and
/// texts and bound straight to SQLite: boxing each one for GRDB's generic arguments cost
/// as much as SQLite's own work for a row. Call ``finish()`` before the transaction
/// commits, or the last rows are never written.
struct BatchInsert {
    /// A value as bound to SQLite.
    enum Value {
        case integer(Int64)
        case real(Double)
        case text(String)
        case null
    }

    /// Rows per statement: large enough to amortise a statement, small enough to stay far
    /// below SQLite's limit of 32,766 arguments.
    static let rowsPerBatch = 256

    private let db: Database
    private let table: String
    private let columns: [String]
    private let conflictClause: String
    private let batchStatement: Statement
    /// The values of the rows waiting, row after row.
    private var values: [Value] = []
    /// The number of rows inserted so far (written or waiting in the batch).
    private(set) var count = 0

    /// `conflictClause`, when given, ends each statement: `ON CONFLICT (id) DO UPDATE SET ...`.
    init(_ db: Database, into table: String, columns: [String], conflictClause: String = "") throws {
        self.db = db
        self.table = table
        self.columns = columns
        self.conflictClause = conflictClause
        self.batchStatement = try db.cachedStatement(
            sql: Self.sql(table: table, columns: columns, rows: Self.rowsPerBatch, conflictClause: conflictClause)
        )
        values.reserveCapacity(Self.rowsPerBatch * columns.count)
    }

    /// Adds one row, given in the order of the columns.
    mutating func insert<each Column: BatchInsertable>(_ row: repeat each Column) throws {
        let start = values.count
        for value in repeat each row {
            values.append(value.batchValue)
        }
        precondition(values.count - start == columns.count, "a row of \(table) has \(columns.count) values")
        count += 1
        if values.count == Self.rowsPerBatch * columns.count {
            try execute(batchStatement)
        }
    }

    /// Writes the rows still waiting in the batch.
    mutating func finish() throws {
        guard !values.isEmpty else { return }
        let rows = values.count / columns.count
        try execute(db.makeStatement(sql: Self.sql(table: table, columns: columns, rows: rows, conflictClause: conflictClause)))
    }

    /// Binds the waiting values to `statement`, which has exactly as many parameters, and runs it.
    private mutating func execute(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        for (index, value) in zip(Int32(1)..., values) {
            let code: Int32
            switch value {
            case .integer(let integer): code = sqlite3_bind_int64(handle, index, integer)
            case .real(let real): code = sqlite3_bind_double(handle, index, real)
            case .null: code = sqlite3_bind_null(handle, index)
            case .text(var text):
                code = text.withUTF8 { sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), Self.transient) }
            }
            try check(code, statement)
        }
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        try check(code == SQLITE_DONE ? SQLITE_OK : code, statement)
        values.removeAll(keepingCapacity: true)
    }

    private func check(_ code: Int32, _ statement: Statement) throws {
        guard code != SQLITE_OK else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
    }

    /// SQLite copies a text bound with this destructor (`SQLITE_TRANSIENT`, a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func sql(table: String, columns: [String], rows: Int, conflictClause: String) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows).joined(separator: ", ") + " " + conflictClause
    }
}

/// A Swift value ``BatchInsert`` can write to a column.
protocol BatchInsertable {
    var batchValue: BatchInsert.Value { get }
}

extension Int64: BatchInsertable {
    var batchValue: BatchInsert.Value { .integer(self) }
}

extension Int: BatchInsertable {
    var batchValue: BatchInsert.Value { .integer(Int64(self)) }
}

extension Double: BatchInsertable {
    var batchValue: BatchInsert.Value { .real(self) }
}

extension String: BatchInsertable {
    var batchValue: BatchInsert.Value { .text(self) }
}

extension Optional: BatchInsertable where Wrapped: BatchInsertable {
    var batchValue: BatchInsert.Value { self?.batchValue ?? .null }
}
