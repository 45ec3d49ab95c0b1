import ArgumentParser
import GRDB
import JarvisCore

/// `jarvis logs`: the rows of the contract's `sqlite3` query, in the shell's own format.
public struct LogsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print system_logs rows, newest first (the same rows as the contract's sqlite3 query)."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "A LIKE pattern on log_type.") var type = "cron_%"
    @Option(help: "How many rows.") var limit = 50

    public init() {}

    private static func shellText(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case .int64(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): text
        case .blob(let data): String(decoding: data, as: UTF8.self)
        }
    }

    public func run() async throws {
        let appliance = try await ProcessSettings.appliance(store: store)
        let (type, limit) = (type, limit)
        let lines = try await appliance.database.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM system_logs WHERE log_type LIKE ? ORDER BY timestamp DESC LIMIT ?",
                arguments: [type, max(1, limit)]
            ).map { row in
                // As `sqlite3` prints it: columns joined by '|', NULL as nothing.
                row.databaseValues.map(Self.shellText).joined(separator: "|")
            }
        }
        for line in lines { print(line) }
    }
}
