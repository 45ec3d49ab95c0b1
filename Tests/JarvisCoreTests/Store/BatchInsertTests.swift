import Foundation
import GRDB
import Testing

@testable import JarvisCore

@Suite("Batch insert")
struct BatchInsertTests {
    private func table() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE t (
                        id INTEGER PRIMARY KEY, label TEXT, amount REAL, note TEXT,
                        kind TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b'))
                    )
                    """
            )
        }
        return queue
    }

    /// Row `n` of the tests, with every kind of value: a text beyond ASCII, a real, a NULL every third row.
    private func row(_ n: Int) -> (Int64, String, Double, String?) {
        (Int64(n), "Élodie n°\(n) 🏋️", Double(n) / 8, n % 3 == 0 ? nil : "note \(n)")
    }

    @Test func everyRowArrivesWithItsValuesAcrossStatementBoundaries() throws {
        let queue = try table()
        let total = BatchInsert.rowsPerBatch * 2 + 37
        try queue.write { db in
            var insert = try BatchInsert(db, into: "t", columns: ["id", "label", "amount", "note"])
            for n in 1...total {
                let (id, label, amount, note) = row(n)
                try insert.insert(id, label, amount, note)
            }
            try insert.finish()
            #expect(insert.count == total)
        }
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT id, label, amount, note FROM t ORDER BY id") }
        #expect(rows.count == total)
        for (n, stored) in zip(1..., rows) {
            let (id, label, amount, note) = row(n)
            #expect(stored[0] as Int64 == id)
            #expect(stored[1] as String == label)
            #expect(stored[2] as Double == amount)
            #expect(stored[3] as String? == note)
        }
    }

    @Test func rowsWaitingInTheBatchAreWrittenOnlyByFinish() throws {
        let queue = try table()
        let waiting = try queue.write { db in
            var insert = try BatchInsert(db, into: "t", columns: ["id", "label"])
            for n in 1...(BatchInsert.rowsPerBatch + 5) {
                try insert.insert(n, "row \(n)")
            }
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM t")
            try insert.finish()
            return before
        }
        #expect(waiting == BatchInsert.rowsPerBatch)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == BatchInsert.rowsPerBatch + 5)
    }

    @Test func theConflictClauseEndsEveryStatement() throws {
        let queue = try table()
        try queue.write { db in
            var first = try BatchInsert(db, into: "t", columns: ["id", "label"])
            for n in 1...300 { try first.insert(n, "old") }
            try first.finish()
            var second = try BatchInsert(
                db,
                into: "t",
                columns: ["id", "label"],
                conflictClause: "ON CONFLICT (id) DO UPDATE SET label = excluded.label"
            )
            for n in 1...300 { try second.insert(n, n.isMultiple(of: 2) ? "new" : "newer") }
            try second.finish()
        }
        let labels = try queue.read { db in try String.fetchAll(db, sql: "SELECT label FROM t ORDER BY id") }
        #expect(labels.count == 300)
        #expect(labels == (1...300).map { $0.isMultiple(of: 2) ? "new" : "newer" })
    }

    @Test func aRowSQLiteRefusesFailsTheStatementWithSQLitesError() throws {
        let queue = try table()
        let error = #expect(throws: DatabaseError.self) {
            try queue.write { db in
                var insert = try BatchInsert(db, into: "t", columns: ["id", "kind"])
                try insert.insert(1, "a")
                try insert.insert(2, "z")
                try insert.finish()
            }
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
        #expect(error?.message?.contains("CHECK constraint failed") == true)
        #expect(error?.sql?.hasPrefix("INSERT INTO t (id, kind) VALUES (?, ?), (?, ?)") == true)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 0)
    }
}
