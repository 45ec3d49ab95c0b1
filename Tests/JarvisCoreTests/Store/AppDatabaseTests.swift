import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Store")
struct AppDatabaseTests {
    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func openCreatesTheFileAndItsWALAndSHMReadableByTheOwnerOnly() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let database = try AppDatabase.open(path: path)
        try await database.write { db in
            try db.execute(sql: "INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'nice', 'Nice', 'Europe/Paris')")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) exists while the pool is open")
            #expect(try mode(file) == 0o600, "\(file) is owner-only")
        }
    }

    @Test func everyConnectionHasWALForeignKeysSecureDeleteAndIncrementalVacuum() async throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase.open(path: folder.file("site.db"))
        let pragmas =
            "SELECT journal_mode, foreign_keys, secure_delete, auto_vacuum FROM pragma_journal_mode, pragma_foreign_keys, pragma_secure_delete, pragma_auto_vacuum"
        let writer = try await database.write { db in try Row.fetchOne(db, sql: pragmas)! }
        let reader = try await database.read { db in try Row.fetchOne(db, sql: pragmas)! }
        for row in [writer, reader] {
            #expect((row["journal_mode"] as String) == "wal")
            #expect((row["foreign_keys"] as Int) == 1)
            #expect((row["secure_delete"] as Int) == 1)
            #expect((row["auto_vacuum"] as Int) == 2, "2 is INCREMENTAL")
        }
    }

    @Test func foreignKeysAreEnforcedOnTheWriter() async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: DatabaseError.self) {
            try await database.write { db in
                try db.execute(sql: "INSERT INTO kiosks (id, gym_id, slug, name) VALUES (1, 999, 'k', 'K')")
            }
        }
    }

    @Test func openingInAMissingFolderNamesThePath() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("nowhere/site.db")
        let error = try #require(throws: JarvisError.self) { try AppDatabase.open(path: path) }
        #expect(error.code == .unusableDatabase)
        #expect(error.field == "db")
        #expect(error.description.contains(path))
        #expect(!FileManager.default.fileExists(atPath: folder.file("nowhere")))
    }

    @Test func checkPassesOnDemoData() async throws {
        let report = try await DemoFixture.shared().check()
        #expect(report.isOK)
        #expect(report.integrityProblems.isEmpty)
        #expect(report.foreignKeyViolations.isEmpty)
    }

    @Test func checkReportsAForeignKeyViolationPlantedWithForeignKeysOff() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        _ = try AppDatabase.open(path: path)

        var raw = Configuration()
        raw.foreignKeysEnabled = false
        let connection = try DatabaseQueue(path: path, configuration: raw)
        try connection.write { db in
            try db.execute(sql: "INSERT INTO gyms (id, slug, name, timezone) VALUES (1, 'lille', 'Lille', 'Europe/Paris')")
            try db.execute(
                sql: """
                    INSERT INTO members (id, gym_id, member_since) VALUES (7, 1, '2026-01-01T00:00:00.000Z');
                    INSERT INTO members (id, gym_id, member_since) VALUES (8, 42, '2026-01-01T00:00:00.000Z');
                    """
            )
        }
        try connection.close()

        let report = try AppDatabase.open(path: path).check()
        #expect(!report.isOK)
        #expect(report.integrityProblems.isEmpty)
        #expect(report.foreignKeyViolations == ["members row 8 refers to a missing gyms row"])
    }

    @Test func backupWhileAnotherConnectionHoldsAWriteTransactionIsConsistent() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let database = try AppDatabase.open(path: path)
        try await DemoGenerator(options: .init(gyms: 1, membersPerGym: 20, days: 10), until: DemoFixture.until)
            .generate(into: database)
        let committedMembers = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM members")! }

        // A second connection, as another process would have, holds an open write transaction.
        let other = try DatabaseQueue(path: path)
        let backupPath = folder.file("backup.db")
        try other.inDatabase { db in
            try db.beginTransaction(.immediate)
            try db.execute(sql: "INSERT INTO members (gym_id, member_since) VALUES (1, '2027-01-01T00:00:00.000Z')")
            try database.backup(to: backupPath)
            try db.rollback()
        }

        #expect(try mode(backupPath) == 0o600)
        let copy = try AppDatabase.open(path: backupPath)
        #expect(try copy.check().isOK)
        let copiedMembers = try await copy.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM members")! }
        #expect(copiedMembers == committedMembers, "the copy holds the committed rows and not the open transaction's")
        #expect(try await copy.schemaVersion() == AppDatabase.latestSchemaVersion)
    }

    @Test func backupRefusesAnExistingNonEmptyFileAndLeavesItAlone() throws {
        let folder = try TemporaryFolder()
        let database = try AppDatabase.open(path: folder.file("site.db"))
        let target = folder.file("precious.txt")
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: target))

        let error = try #require(throws: JarvisError.self) { try database.backup(to: target) }
        #expect(error.code == .invalidInput)
        #expect(error.field == "path")
        #expect(error.message.contains(target))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }
}
