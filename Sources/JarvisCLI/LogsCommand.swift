import ArgumentParser
import JarvisCore

/// `jarvis logs`: the rows of the contract's `sqlite3` query, in the shell's own format.
public struct LogsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print system_logs rows, newest first (the same rows as the contract's sqlite3 query)."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "A LIKE pattern on log_type.") var type = "cron_%"
    @Option(help: "How many rows (1-10000).") var limit = 50
    @OptionGroup var output: JSONFlag

    public init() {}

    public func run() async throws {
        let appliance = try await ProcessSettings.appliance(store: store)
        let rows = try await appliance.logs.list(typeLike: type, limit: limit)
        if output.json { return try JSONOutput.print(["logs": rows]) }
        for row in rows { print(row.shellLine) }
    }
}
