import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis db check | backup PATH`: the database's upkeep.
public struct DatabaseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Check or back up the database.",
        subcommands: [Check.self, Backup.self]
    )

    public init() {}

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity and foreign-key checks; exit non-zero on any problem."
        )

        @OptionGroup var store: StoreOptions

        func run() throws {
            let configuration = try ProcessSettings.configuration(store: store)
            let report = try openExisting(configuration.databasePath).check()
            for line in report.integrityProblems { print("integrity: \(line)") }
            for line in report.foreignKeyViolations { print("foreign key: \(line)") }
            guard report.isOK else {
                throw CommandFailure("\(configuration.databasePath): \(report.integrityProblems.count) integrity problem(s), \(report.foreignKeyViolations.count) foreign-key violation(s)")
            }
            print("ok: \(configuration.databasePath) passes the integrity and foreign-key checks")
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the database to PATH, even while the server runs."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The new file to write (must not exist).")
        var path: String

        func run() throws {
            let configuration = try ProcessSettings.configuration(store: store)
            try openExisting(configuration.databasePath).backup(to: path)
            print("ok: backup written to \(path)")
        }
    }
}

/// Opens a database that must already exist: checking or backing up a mistyped path must
/// not quietly create a new, empty database there.
private func openExisting(_ path: String) throws -> AppDatabase {
    guard FileManager.default.fileExists(atPath: path) else {
        throw CommandFailure("no database at \(path); give its path with --db or JARVIS_DB")
    }
    return try AppDatabase.open(path: path)
}
