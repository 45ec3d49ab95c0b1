import Foundation
import GRDB
import GRDBSQLite

/// A column of ``Timestamp`` text, parsed straight from the bytes SQLite holds: a bulk read
/// makes no `String` for it. `date` is nil when the text is not a timestamp.
struct TimestampColumn: DatabaseValueConvertible, StatementColumnConvertible, Sendable {
    let date: Date?

    init(date: Date?) {
        self.date = date
    }

    init(sqliteStatement: SQLiteStatement, index: CInt) {
        // The text first, then its length: the order SQLite documents.
        let text = sqlite3_column_text(sqliteStatement, index)
        let count = Int(sqlite3_column_bytes(sqliteStatement, index))
        date = text.flatMap { Timestamp.date(utf8: UnsafeBufferPointer(start: $0, count: count)) }
    }

    var databaseValue: DatabaseValue {
        date.map { Timestamp.string(from: $0) }.databaseValue
    }

    static func fromDatabaseValue(_ value: DatabaseValue) -> TimestampColumn? {
        String.fromDatabaseValue(value).map { TimestampColumn(date: Timestamp.date(from: $0)) }
    }
}
