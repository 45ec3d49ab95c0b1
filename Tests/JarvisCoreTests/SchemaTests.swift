import Foundation
import GRDB
@testable import JarvisCore
import Testing

@Suite("Schema")
struct SchemaTests {
    @Test func embeddedSchemaIsByteForByteTheRepositorysSchemaFile() throws {
        let file = try Repository.schemaSQL()
        #expect(Array(Schema.sql.utf8) == Array(file.utf8))
        #expect(Schema.sql.contains("CREATE TABLE system_logs"))
    }

    @Test func migratedDatabaseHasExactlyTheSchemaOfSchemaSQLRunDirectly() throws {
        let reference = try DatabaseQueue()
        try reference.write { db in try db.execute(sql: try Repository.schemaSQL()) }
        let expected = try reference.read(SchemaEntry.all)

        let migrated = try AppDatabase.inMemory().writer.read(SchemaEntry.all)

        #expect(expected.count > 40, "the reference schema has every table and index")
        #expect(migrated == expected)
    }

    @Test func migratingAnEmptyDatabaseInMemoryReachesTheLatestVersion() async throws {
        let database = try AppDatabase.inMemory()
        #expect(AppDatabase.latestSchemaVersion >= 1)
        #expect(try await database.schemaVersion() == AppDatabase.latestSchemaVersion)
    }

    @Test func migratingAnEmptyFileReachesTheLatestVersion() async throws {
        let folder = try TemporaryDirectory()
        let database = try AppDatabase.open(path: folder.file("new.db"))
        #expect(try await database.schemaVersion() == AppDatabase.latestSchemaVersion)
        let tables = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("job_runs"))
        #expect(tables.contains("members"))
    }

    @Test func reopeningAMigratedFileRunsNoMigrationAgainAndKeepsItsRows() async throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("site.db")
        do {
            let database = try AppDatabase.open(path: path)
            try await database.writer.write { db in
                try db.execute(sql: "INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'lyon', 'Lyon', 'Europe/Paris')")
            }
            try (database.writer as? DatabasePool)?.close()
        }

        let reopened = try AppDatabase.open(path: path)
        let (migrations, gyms) = try await reopened.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
             try String.fetchAll(db, sql: "SELECT slug FROM gyms"))
        }
        #expect(migrations == ["v1"])
        #expect(gyms == ["lyon"])
        #expect(try await reopened.schemaVersion() == AppDatabase.latestSchemaVersion)
    }
}
