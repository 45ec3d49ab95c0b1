import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Schema")
struct SchemaTests {
    @Test func embeddedSchemaIsByteForByteTheRepositorysSchemaFile() throws {
        let file = try Repository.schemaSQL()
        #expect(Array(Schema.sql.utf8) == Array(file.utf8))
        #expect(Schema.sql.contains("CREATE TABLE system_logs"))
    }

    @Test func migratedDatabaseHasExactlyTheSchemaOfSchemaSQLAndTheLaterMigrationsRunDirectly() throws {
        let reference = try DatabaseQueue()
        try reference.write { db in
            try db.execute(sql: try Repository.schemaSQL())
            for (_, sql) in AppDatabase.laterMigrations { try db.execute(sql: sql) }
        }
        let expected = try reference.read(SchemaEntry.all)

        let migrated = try AppDatabase.inMemory().read(SchemaEntry.all)

        #expect(expected.count > 40, "the reference schema has every table and index")
        #expect(migrated == expected)
    }

    @Test func migratingAnEmptyDatabaseInMemoryReachesTheLatestVersion() async throws {
        let database = try AppDatabase.inMemory()
        #expect(AppDatabase.latestSchemaVersion >= 1)
        #expect(try await database.schemaVersion() == AppDatabase.latestSchemaVersion)
    }

    @Test func migratingAnEmptyFileReachesTheLatestVersion() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase.open(path: folder.file("new.db"))
        #expect(try await database.schemaVersion() == AppDatabase.latestSchemaVersion)
        let tables = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        #expect(tables.contains("job_runs"))
        #expect(tables.contains("members"))
    }

    @Test func reopeningAMigratedFileRunsNoMigrationAgainAndKeepsItsRows() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        do {
            let database = try AppDatabase.open(path: path)
            try await database.write { db in
                try db.execute(sql: "INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'lyon', 'Lyon', 'Europe/Paris')")
            }
            try database.close()
        }

        let reopened = try AppDatabase.open(path: path)
        let (migrations, gyms) = try await reopened.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchAll(db, sql: "SELECT slug FROM gyms")
            )
        }
        #expect(migrations == ["v1"] + AppDatabase.laterMigrations.map(\.identifier))
        #expect(gyms == ["lyon"])
        #expect(try await reopened.schemaVersion() == AppDatabase.latestSchemaVersion)
    }

    @Test func aVersion1FileKeepsItsAnalyticsAndTheirRulesThroughVersion2() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v1.db")
        do {
            let v1 = try DatabaseQueue(path: path)
            try AppDatabase.migrator.migrate(v1, upTo: "v1")
            try await v1.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'lyon', 'Lyon', 'Europe/Paris');
                        INSERT INTO members (id, gym_id, member_since) VALUES (7, 1, '2025-01-01T00:00:00.000Z'), (8, 1, '2025-01-01T00:00:00.000Z');
                        INSERT INTO member_analytics VALUES (7, 0.55, 'high', '{"absence":{"days":25,"points":0.40}}', '2027-03-10T01:00:00.000Z');
                        """
                )
            }
            try v1.close()
        }

        let database = try AppDatabase.open(path: path)
        #expect(try await database.schemaVersion() == AppDatabase.latestSchemaVersion)
        try await database.write { db in
            let kept = try Row.fetchAll(db, sql: "SELECT * FROM member_analytics")
            #expect(
                kept.map(\.description) == [
                    #"[member_id:7 churn_score:0.55 churn_level:"high" factors:"{\"absence\":{\"days\":25,\"points\":0.40}}" analyzed_at:"2027-03-10T01:00:00.000Z"]"#
                ]
            )
            let table = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'member_analytics'") ?? ""
            #expect(!table.contains("json_valid"))
            #expect(
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'member_analytics' AND type = 'index'") == [
                    "member_analytics_level"
                ]
            )
            // The other rules hold as before: score range, level names, the member it belongs to.
            for values in ["(8, 1.5, 'high', '{}', 'x')", "(8, 0.5, 'moyen', '{}', 'x')", "(999, 0.5, 'high', '{}', 'x')"] {
                #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO member_analytics VALUES \(values)") }
            }
            try db.execute(sql: "DELETE FROM members WHERE id = 7")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM member_analytics") == 0)
        }
    }
}
