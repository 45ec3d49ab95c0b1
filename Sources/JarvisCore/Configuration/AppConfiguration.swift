import Cron
import Foundation

/// Every setting of the appliance, resolved and validated once at start.
///
/// Each setting comes from a command-line flag, else from the environment, else from its
/// default. Secrets come only from the environment or a file, never from a flag: a flag
/// shows in `ps` and in shell history.
public struct AppConfiguration: Sendable {
    /// The SQLite file (`--db`, `JARVIS_DB`, default `./jarvis.db`).
    public var databasePath: String
    /// The address to listen on (`--host`, `JARVIS_HOST`, default `127.0.0.1`: loopback only).
    public var host: String
    /// The TCP port (`--port`, `JARVIS_PORT`, default 8080).
    public var port: Int
    /// The zone of schedules that name none (`--timezone`, `JARVIS_TIMEZONE`, default the system's).
    public var timeZone: TimeZone
    /// The public base URL of the cron endpoints, as a hosted cron service signs it
    /// (`JARVIS_PUBLIC_URL`, default `http://<host>:<port>`).
    public var publicURL: String
    /// The bearer secret of the cron endpoints (`CRON_SECRET`, `CRON_SECRET_FILE`, or the
    /// secret file beside the database). Nil: nobody is authorised.
    public var cronSecret: Secret?
    /// Where the cron secret was read from, for messages (never the secret itself).
    public var cronSecretSource: String?
    /// The hosted cron service's signing keys (`QSTASH_CURRENT_SIGNING_KEY`, `QSTASH_NEXT_SIGNING_KEY`).
    public var qstashCurrentSigningKey: Secret?
    public var qstashNextSigningKey: Secret?
    /// The bearer of the management API and the dashboard's sign-in (`JARVIS_ADMIN_SECRET`);
    /// when it is not set, the cron secret serves as the admin secret too.
    public var adminSecret: Secret?
    /// The secret that management requests and dashboard sign-ins are checked against: the
    /// admin secret, else the cron secret when it is strong enough (`minimumCronSecretLength`);
    /// a shorter cron secret still authorises cron triggers, never the management API.
    public var effectiveAdminSecret: Secret? {
        adminSecret ?? cronSecret.flatMap { $0.value.count >= Self.minimumCronSecretLength ? $0 : nil }
    }

    /// A cron secret shorter than this is weak: `serve` warns, `doctor` fails, and it is never
    /// taken as the admin secret. (`jarvis secret` makes 64 hex characters.)
    public static let minimumCronSecretLength = 32
    /// How long personal data is kept: the `retention` section of the configuration file
    /// (`--config`, `JARVIS_CONFIG`), else the product's defaults.
    public var retention = RetentionPolicy()

    /// Values given as command-line flags; each one wins over its environment variable.
    public struct Flags: Sendable {
        public var databasePath: String?
        public var host: String?
        public var port: String?
        public var timeZone: String?
        /// A JSON configuration file (`{"retention": {...}}`).
        public var configFile: String?

        public init(databasePath: String? = nil, host: String? = nil, port: String? = nil, timeZone: String? = nil, configFile: String? = nil) {
            self.configFile = configFile
            self.databasePath = databasePath
            self.host = host
            self.port = port
            self.timeZone = timeZone
        }
    }

    /// Resolves every setting from flags, then the environment, then defaults.
    ///
    /// - Parameter systemTimeZone: the machine's zone, passed in by the executable so that
    ///   nothing below it reads the system's settings.
    public static func resolve(
        flags: Flags = Flags(),
        environment: [String: String],
        systemTimeZone: TimeZone
    ) throws(ConfigurationError) -> AppConfiguration {
        func pick(_ flag: String?, _ flagName: String, _ variable: String) -> (value: String, setting: String)? {
            if let flag { return (flag, flagName) }
            if let value = environment[variable] { return (value, variable) }
            return nil
        }

        let databasePath = pick(flags.databasePath, "--db", "JARVIS_DB") ?? ("./jarvis.db", "--db")
        guard !databasePath.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigurationError(setting: databasePath.setting, reason: "the database path is empty")
        }

        let host = pick(flags.host, "--host", "JARVIS_HOST") ?? ("127.0.0.1", "--host")
        guard isValidHost(host.value) else {
            throw ConfigurationError(setting: host.setting, reason: "'\(host.value)' is not an IP address or host name")
        }

        var port = 8080
        if let given = pick(flags.port, "--port", "JARVIS_PORT") {
            guard let number = Int(given.value), (1...65_535).contains(number) else {
                throw ConfigurationError(setting: given.setting, reason: "'\(given.value)' is not a port number (1-65535)")
            }
            port = number
        }

        var timeZone = systemTimeZone
        if let given = pick(flags.timeZone, "--timezone", "JARVIS_TIMEZONE") {
            timeZone = try parseTimeZone(given.value, setting: given.setting)
        }

        var publicURL = defaultPublicURL(host: host.value, port: port)
        if let given = environment["JARVIS_PUBLIC_URL"] {
            let trimmed = given.hasSuffix("/") ? String(given.dropLast()) : given
            guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError(setting: "JARVIS_PUBLIC_URL", reason: "'\(given)' is not an http(s) URL such as https://jarvis.example.fr")
            }
            publicURL = trimmed
        }

        var configuration = AppConfiguration(
            databasePath: databasePath.value,
            host: host.value,
            port: port,
            timeZone: timeZone,
            publicURL: publicURL
        )
        if let file = pick(flags.configFile, "--config", "JARVIS_CONFIG") {
            configuration.retention = try loadFile(file.value, setting: file.setting)
        }
        configuration.qstashCurrentSigningKey = try signingKey("QSTASH_CURRENT_SIGNING_KEY", in: environment)
        configuration.qstashNextSigningKey = try signingKey("QSTASH_NEXT_SIGNING_KEY", in: environment)
        if let admin = environment["JARVIS_ADMIN_SECRET"] {
            guard admin.count >= 16, admin.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw ConfigurationError(
                    setting: "JARVIS_ADMIN_SECRET",
                    reason: "the admin secret is at least 16 printable ASCII characters without spaces"
                )
            }
            configuration.adminSecret = Secret(admin)
        }
        if let secret = try CronSecretFile.loadConfigured(environment: environment, databasePath: databasePath.value) {
            configuration.cronSecret = secret.secret
            configuration.cronSecretSource = secret.source
        }
        return configuration
    }

    public init(
        databasePath: String = "./jarvis.db",
        host: String = "127.0.0.1",
        port: Int = 8080,
        timeZone: TimeZone,
        publicURL: String? = nil,
        cronSecret: Secret? = nil
    ) {
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.timeZone = timeZone
        self.publicURL = publicURL ?? Self.defaultPublicURL(host: host, port: port)
        self.cronSecret = cronSecret
    }

    /// `http://<host>:<port>`, with an IPv6 address in brackets.
    static func defaultPublicURL(host: String, port: Int) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// An IANA zone such as `Europe/Paris`, or `UTC`: `TimeZone.iana`, the one rule of every
    /// zone the appliance takes (`GMT+2` is not one).
    public static func parseTimeZone(_ identifier: String, setting: String) throws(ConfigurationError) -> TimeZone {
        guard let zone = TimeZone.iana(identifier) else {
            throw ConfigurationError(setting: setting, reason: "'\(identifier)' is not an IANA time zone such as Europe/Paris or UTC")
        }
        return zone
    }

    private static func isValidHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
        return host.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// Reads the JSON configuration file: an object whose only section so far is `retention`.
    private static func loadFile(_ path: String, setting: String) throws(ConfigurationError) -> RetentionPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: setting, reason: "cannot read \(path)")
        }
        guard let value = JSONValue(jsonText: String(decoding: data, as: UTF8.self)), case .object(let sections) = value else {
            throw ConfigurationError(
                setting: setting,
                reason: "\(path) is not a JSON object such as {\"retention\": {\"conversationEvents\": \"90d\"}}"
            )
        }
        if let unknown = sections.keys.sorted().first(where: { $0 != "retention" }) {
            throw ConfigurationError(setting: setting, reason: "\(path): unknown section '\(unknown)'; known: retention")
        }
        guard let retention = sections["retention"] else { return RetentionPolicy() }
        return try RetentionPolicy(json: retention)
    }

    private static func signingKey(_ variable: String, in environment: [String: String]) throws(ConfigurationError) -> Secret? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        guard value.count >= 16, value.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw ConfigurationError(setting: variable, reason: "a signing key is at least 16 printable ASCII characters without spaces")
        }
        return Secret(value)
    }
}
