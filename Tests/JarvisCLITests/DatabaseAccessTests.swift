import Foundation
import JarvisTestSupport
import Testing

@testable import JarvisCore

/// Which commands may create or migrate the database, and what every command prints for a
/// script.
@Suite("jarvis: database access and output for scripts")
struct DatabaseAccessTests {
    static let readOnly: [[String]] = [
        ["runs"], ["schedules"], ["logs"], ["kiosks", "list"], ["reports"], ["doctor"], ["run", "daily-churn-analysis"],
    ]

    @Test(arguments: readOnly)
    func aCommandOtherThanServeDemoOrMigrateRefusesAMissingDatabaseAndCreatesNothing(_ command: [String]) async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("none/x.db")
        let result = try await JarvisProcess.run(command + ["--db", path])
        #expect(result.status != 0)
        #expect(result.output.contains("no database at \(path)"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("none")))

        let beside = folder.file("x.db")
        let refused = try await JarvisProcess.run(command + ["--db", beside])
        #expect(refused.status != 0)
        #expect(!FileManager.default.fileExists(atPath: beside), "a missing file in an existing folder is not created either")
    }

    @Test func aDatabaseWhoseSchemaIsNewerThanTheBinaryIsRefusedByEveryCommandNamingBothVersions() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        #expect(try await JarvisProcess.run(["db", "migrate", "--db", path]).status == 0)
        let database = try AppDatabase.open(path: path, access: .existing)
        try await database.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        let newer = AppDatabase.latestSchemaVersion + 1
        let message = "the database \(path) has schema version \(newer), newer than this binary's \(AppDatabase.latestSchemaVersion)"
        for command in Self.readOnly + [["serve"], ["db", "migrate"], ["db", "check"], ["schedules", "pause", "weekly-reports"]] {
            let result = try await JarvisProcess.run(command + ["--db", path])
            #expect(result.status != 0, "\(command)")
            #expect(result.output.contains(message), "\(command): \(result.output)")
        }
    }

    @Test func runPrintsItsSummaryAsJSONOnStandardOutputAndEveryListCommandTakesJSON() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let demo = try await JarvisProcess.run(["demo", "--db", path, "--gyms", "1", "--members-per-gym", "20", "--days", "10"])
        #expect(demo.status == 0, "\(demo.output)")

        let run = try await JarvisProcess.run(["run", "daily-churn-analysis", "--db", path])
        #expect(run.status == 0, "\(run.output)")
        let summary = try #require(JSONValue(jsonText: run.standardOutput), "standard output is the summary alone: \(run.standardOutput)")
        #expect(summary["status"]?.stringValue == "succeeded")
        #expect(summary["trigger"]?.stringValue == "cli")
        let processed = try #require(summary["details"]?["processed"]?.intValue)
        #expect(processed > 0 && processed == summary["details"]?["total"]?.intValue, "every active member scored")
        #expect(run.output.contains("progress: "), "the progress goes to standard error")
        _ = try await JarvisProcess.run(["run", "weekly-reports", "--db", path])

        for (command, key) in [
            (["runs"], "runs"), (["schedules"], "schedules"), (["logs"], "logs"), (["kiosks", "list"], "kiosks"), (["reports"], "reports"),
        ] {
            let result = try await JarvisProcess.run(command + ["--json", "--db", path])
            #expect(result.status == 0, "\(command): \(result.output)")
            let document = try #require(JSONValue(jsonText: result.standardOutput), "\(command): \(result.standardOutput)")
            guard case .array(let items)? = document[key] else {
                Issue.record("\(command): no '\(key)' list in \(result.standardOutput)")
                continue
            }
            #expect(!items.isEmpty, "\(command)")
        }
    }
}
