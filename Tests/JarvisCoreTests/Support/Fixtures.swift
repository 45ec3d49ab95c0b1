import Foundation
import GRDB

@testable import JarvisCore

enum Repository {
    /// The repository's root folder, found from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // JarvisCoreTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The text of the repository's `schema.sql`.
    static func schemaSQL() throws -> String {
        try String(contentsOf: root.appendingPathComponent("schema.sql"), encoding: .utf8)
    }
}

/// One line of `sqlite_master`: what makes two schemas the same.
struct SchemaEntry: Hashable, CustomStringConvertible {
    var type: String
    var name: String
    var table: String
    var sql: String?

    var description: String { "\(type) \(name) on \(table)" }

    /// Every table, index, view and trigger but GRDB's own bookkeeping, sorted.
    static func all(_ db: Database) throws -> [SchemaEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT type, name, tbl_name, sql FROM sqlite_master
                WHERE name <> 'grdb_migrations' AND name NOT LIKE 'sqlite_autoindex_grdb_migrations%'
                ORDER BY type, name
                """
        ).map { SchemaEntry(type: $0["type"], name: $0["name"], table: $0["tbl_name"], sql: $0["sql"]) }
    }
}

enum Dump {
    /// Every row of every table but GRDB's, in rowid order, as text: two databases with the
    /// same dump hold the same content.
    static func content(_ db: Database) throws -> [String] {
        let tables = try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master
                WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations'
                ORDER BY name
                """
        )
        var lines: [String] = []
        for table in tables {
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) ORDER BY rowid")
            while let row = try rows.next() {
                lines.append(table + "|" + row.databaseValues.map(\.description).joined(separator: "|"))
            }
        }
        return lines
    }
}

/// Demo data as the tests know it: a fixed end instant, and small sizes that keep the suite
/// fast while keeping every kind of gym (24/7, Paris, overseas) and member.
enum DemoFixture {
    /// Monday 2027-03-29, 07:30 UTC: the Sunday before was the spring DST change in Paris.
    static let until = Timestamp.date(from: "2027-03-29T07:30:00.000Z")!

    static let options = DemoGenerator.Options(gyms: 4, membersPerGym: 150, days: 60, seed: 42)

    /// A new in-memory database filled with the fixture's demo data.
    static func database(options: DemoGenerator.Options = options, until: Date = until) async throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        try await DemoGenerator(options: options, until: until).generate(into: database)
        return database
    }

    /// One shared, read-only demo database for the suites that only read it.
    static func shared() async throws -> AppDatabase {
        try await SharedDemo.instance.database()
    }
}

private actor SharedDemo {
    static let instance = SharedDemo()
    private var task: Task<AppDatabase, any Error>?

    func database() async throws -> AppDatabase {
        if let task { return try await task.value }
        let task = Task { try await DemoFixture.database() }
        self.task = task
        return try await task.value
    }
}
