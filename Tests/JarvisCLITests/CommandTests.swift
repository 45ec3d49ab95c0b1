import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("jarvis secret, demo and db")
struct CommandTests {
    @Test func secretPrintsANewSixtyFourHexDigitSecretEachTime() async throws {
        let first = try await JarvisProcess.run(["secret"])
        let second = try await JarvisProcess.run(["secret"])
        #expect(first.status == 0)
        let value = first.output.trimmingCharacters(in: .newlines)
        #expect(value.count == 64 && value.allSatisfy(\.isHexDigit))
        #expect(first.output != second.output)
    }

    @Test func demoWithTheSameUntilWrittenInAnotherZoneGivesTheSameContent() async throws {
        let folder = try TemporaryFolder()
        let options = ["--gyms", "2", "--members-per-gym", "30", "--days", "15", "--seed", "9"]
        let utc = try await JarvisProcess.run(["demo", "--db", folder.file("utc.db"), "--until", "2027-03-29T07:30:00Z"] + options)
        let paris = try await JarvisProcess.run(["demo", "--db", folder.file("paris.db"), "--until", "2027-03-29T09:30:00+02:00"] + options)
        #expect(utc.status == 0, "\(utc.output)")
        #expect(paris.status == 0, "\(paris.output)")
        #expect(utc.output.contains("gyms 2, members 60"))
        let first = try content(folder.file("utc.db"))
        #expect(first.count > 500)
        #expect(first == (try content(folder.file("paris.db"))))
    }

    @Test func demoRefusesADatabaseThatHoldsGyms() async throws {
        let folder = try TemporaryFolder()
        let arguments = ["demo", "--db", folder.file("site.db"), "--gyms", "1", "--members-per-gym", "5", "--days", "5"]
        #expect(try await JarvisProcess.run(arguments).status == 0)
        let second = try await JarvisProcess.run(arguments)
        #expect(second.status != 0)
        #expect(second.output.contains("already holds gyms"))
    }

    @Test(arguments: [
        (["--gyms", "0"], "--gyms"),
        (["--members-per-gym", "0"], "--members-per-gym"),
        (["--days", "4000"], "--days"),
        (["--until", "yesterday"], "--until"),
    ])
    func demoRejectsBadOptionsNamingThem(_ options: [String], _ name: String) async throws {
        let folder = try TemporaryFolder()
        let result = try await JarvisProcess.run(["demo", "--db", folder.file("site.db")] + options)
        #expect(result.status != 0)
        #expect(result.output.contains(name), "\(result.output)")
    }

    @Test func dbCheckPassesOnDemoDataAndFailsOnABrokenForeignKey() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        #expect(try await JarvisProcess.run(["demo", "--db", path, "--gyms", "1", "--members-per-gym", "10", "--days", "5"]).status == 0)
        let good = try await JarvisProcess.run(["db", "check", "--db", path])
        #expect(good.status == 0)
        #expect(good.output.contains("ok: \(path) passes"))

        var raw = Configuration()
        raw.foreignKeysEnabled = false
        let connection = try DatabaseQueue(path: path, configuration: raw)
        try await connection.write { db in
            try db.execute(sql: "INSERT INTO members (id, gym_id, member_since) VALUES (990, 42, '2026-01-01T00:00:00.000Z')")
        }
        try connection.close()

        let bad = try await JarvisProcess.run(["db", "check", "--db", path])
        #expect(bad.status != 0)
        #expect(bad.output.contains("foreign key: members row 990 refers to a missing gyms row"))
    }

    @Test func dbBackupWritesAnOwnerOnlyCopyAndRefusesToOverwrite() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let copy = folder.file("copy.db")
        #expect(try await JarvisProcess.run(["demo", "--db", path, "--gyms", "1", "--members-per-gym", "10", "--days", "5"]).status == 0)

        let first = try await JarvisProcess.run(["db", "backup", copy, "--db", path])
        #expect(first.status == 0, "\(first.output)")
        #expect(try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? Int == 0o600)
        #expect(try content(copy) == (try content(path)))

        let second = try await JarvisProcess.run(["db", "backup", copy, "--db", path])
        #expect(second.status != 0)
        #expect(second.output.contains("already exists"))
    }

    @Test(arguments: [["db", "check"], ["db", "backup", "copy.db"]])
    func dbCommandsRefuseAMissingDatabaseInsteadOfCreatingOne(_ command: [String]) async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("typo.db")
        let result = try await JarvisProcess.run(command.map { $0 == "copy.db" ? folder.file($0) : $0 } + ["--db", path])
        #expect(result.status != 0)
        #expect(result.output.contains("no database at \(path)"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: folder.file("copy.db")))
    }

    /// Every row of every table but GRDB's, in rowid order.
    private func content(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            var lines: [String] = []
            for table in try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
                    """
            ) {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") {
                    lines.append(table + "|" + row.databaseValues.map(\.description).joined(separator: "|"))
                }
            }
            return lines
        }
    }
}
