import Foundation
import GRDB
import Testing

@testable import JarvisCore

@Suite("Timestamp columns")
struct TimestampColumnTests {
    private let sql = """
        SELECT '2027-03-28T01:00:00.123Z', '2024-02-29T23:59:59Z', '2027-02-30T00:00:00.000Z', 'hier', NULL
        """

    private func check(_ row: Row) {
        #expect((row[0] as TimestampColumn).date == Timestamp.date(from: "2027-03-28T01:00:00.123Z"))
        #expect((row[1] as TimestampColumn).date == Date(timeIntervalSince1970: 1_709_251_199))
        #expect((row[2] as TimestampColumn).date == nil, "February 30 does not exist")
        #expect((row[3] as TimestampColumn).date == nil)
        #expect(row[4] as TimestampColumn? == nil)
    }

    @Test func readsStraightFromTheStatementAsTimestampParsesText() throws {
        let queue = try DatabaseQueue()
        try queue.read { db in
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() { check(row) }
        }
    }

    @Test func readsACopiedRowTheSameWay() throws {
        let rows = try DatabaseQueue().read { db in try Row.fetchAll(db, sql: sql) }
        #expect(rows.count == 1)
        rows.forEach(check)
    }
}
