import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import Logging
import Synchronization

/// Log lines kept in memory, to check what the access log writes and what it never writes.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }
    var text: String { all.joined(separator: "\n") }

    var logger: Logger {
        Logger(label: "jarvis.tests") { [self] label in Handler(log: self) }
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.append("\(event.level) \(event.message) \(fields)")
        }
    }
}

/// The appliance and its HTTP application on an in-memory database, with known secrets.
struct HTTPFixture {
    static let cronSecret = "cron-secret-0123456789abcdefABCDEF"
    static let adminSecret = "admin-secret-0123456789abcdef"
    static let currentSigningKey = "sig_current_key_0123456789abcdef"
    static let nextSigningKey = "sig_next_key_fedcba9876543210XYZ"
    static let publicURL = "https://jarvis.example.fr"
    /// Monday 29 March 2027, 07:30 UTC.
    static let start = Date(timeIntervalSince1970: 1_806_305_400)

    let appliance: Appliance
    let clock: SettableClock
    let log: CapturedLog

    init(
        jobs: [any Job]? = nil,
        cronSecret: String? = HTTPFixture.cronSecret,
        adminSecret: String? = HTTPFixture.adminSecret,
        signingKeys: Bool = true,
        database: AppDatabase? = nil
    ) throws {
        var configuration = AppConfiguration(
            timeZone: TimeZone(identifier: "Europe/Paris")!, publicURL: Self.publicURL, cronSecret: cronSecret.map(Secret.init)
        )
        configuration.adminSecret = adminSecret.map(Secret.init)
        if signingKeys {
            configuration.qstashCurrentSigningKey = Secret(Self.currentSigningKey)
            configuration.qstashNextSigningKey = Secret(Self.nextSigningKey)
        }
        self.init(configuration: configuration, jobs: jobs, database: try database ?? AppDatabase.inMemory())
    }

    init(configuration: AppConfiguration, jobs: [any Job]? = nil, database: AppDatabase) {
        clock = SettableClock(Self.start)
        log = CapturedLog()
        appliance = Appliance(
            configuration: configuration, database: database, registry: jobs.map(JobRegistry.init), clock: clock, logger: log.logger
        )
    }

    var application: some ApplicationProtocol {
        buildApplication(appliance: appliance)
    }

    /// Runs `test` against the router, with the background runs service going.
    func test<Value: Sendable>(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application.test(.router, test)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    static var cron: HTTPFields { bearer(cronSecret) }
    static var admin: HTTPFields { bearer(adminSecret) }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue? { JSONValue(jsonText: String(buffer: body)) }
    var text: String { String(buffer: body) }
}

extension HTTPFields {
    static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var merged = lhs
        for field in rhs { merged.append(field) }
        return merged
    }
}

extension HTTPField.Name {
    static var prefer: Self { Self("Prefer")! }
}
