import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis db migrate | check | backup PATH`: the database's upkeep.
public struct DatabaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create or migrate, check, or back up the database.",
        subcommands: [Migrate.self, Check.self, Backup.self]
    )

    public init() {}

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the database if it is missing, migrate it to this binary's schema, and seed the default schedules."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let appliance = try await ProcessSettings.appliance(store: store, access: .createOrMigrate)
            print("ok: \(appliance.configuration.databasePath) is at schema version \(try await appliance.database.schemaVersion())")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity and foreign-key checks; exit non-zero on any problem."
        )

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let path = try ProcessSettings.configuration(store: store).databasePath
            let report = try AppDatabase.open(path: path, access: .existingAsIs).check()
            for line in report.integrityProblems { print("integrity: \(line)") }
            for line in report.foreignKeyViolations { print("foreign key: \(line)") }
            guard report.isOK else {
                throw CommandFailure(
                    "\(path): \(report.integrityProblems.count) integrity problem(s), \(report.foreignKeyViolations.count) foreign-key violation(s)"
                )
            }
            print("ok: \(path) passes the integrity and foreign-key checks")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the database to PATH, even while the server runs."
        )

        @OptionGroup var store: StoreOptions

        @Argument(help: "The new file to write (must not exist).")
        var path: String

        func run() async throws {
            let source = try ProcessSettings.configuration(store: store).databasePath
            try AppDatabase.open(path: source, access: .existingAsIs).backup(to: path)
            print("ok: backup written to \(path)")
        }
    }
}
