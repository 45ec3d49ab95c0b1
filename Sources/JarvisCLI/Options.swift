import ArgumentParser
import Foundation
import JarvisCore
import JarvisHTTP
import Logging

/// `--db`: taken by every subcommand that opens the store.
public struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The SQLite file (env JARVIS_DB, default ./jarvis.db).")
    var databasePath: String?

    @Option(
        name: .customLong("config"),
        help: "A JSON configuration file, e.g. {\"retention\": {\"conversationEvents\": \"60d\"}} (env JARVIS_CONFIG)."
    )
    var configFile: String?

    public init() {}
}

/// `--host`, `--port`: where the server listens.
public struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on (env JARVIS_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "The TCP port (env JARVIS_PORT, default 8080).")
    var port: String?

    public init() {}

    /// The setting to change when the server cannot listen, as the operator gave it.
    func setting(for error: ServerStartError) -> String {
        let (flag, variable, given) = error.concernsHost ? ("--host", "JARVIS_HOST", host) : ("--port", "JARVIS_PORT", port)
        return given == nil && ProcessInfo.processInfo.environment[variable] != nil ? variable : flag
    }
}

/// `--timezone`: the zone of schedules that name none.
public struct ZoneOptions: ParsableArguments {
    @Option(help: "The appliance's IANA time zone (env JARVIS_TIMEZONE, default the system's).")
    var timezone: String?

    public init() {}
}

/// The process's view of the outside world, read here (in the executable's layer) and passed
/// down: the environment and the system's time zone.
enum ProcessSettings {
    static func configuration(
        store: StoreOptions,
        server: ServerOptions? = nil,
        zone: ZoneOptions? = nil
    ) throws -> AppConfiguration {
        try AppConfiguration.resolve(
            flags: .init(
                databasePath: store.databasePath,
                host: server?.host,
                port: server?.port,
                timeZone: zone?.timezone,
                configFile: store.configFile
            ),
            environment: ProcessInfo.processInfo.environment,
            systemTimeZone: TimeZone.current
        )
    }
}

/// An error the CLI reports as one line on stderr and a non-zero exit status.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `--json`: a list printed as JSON, in the shape the HTTP API answers it.
struct JSONFlag: ParsableArguments {
    @Flag(help: "Print the list as JSON, as the HTTP API answers it.")
    var json = false
}

/// What commands print on standard output as JSON: sorted keys, indented.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Standard error, for what a command says beside its output.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
