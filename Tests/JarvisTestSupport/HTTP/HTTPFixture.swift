import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP

/// The appliance and its HTTP application on an in-memory database, with known secrets.
public struct HTTPFixture: Sendable {
    public static let cronSecret = "cron-secret-0123456789abcdefABCDEF"
    public static let adminSecret = "admin-secret-0123456789abcdef"
    public static let currentSigningKey = "sig_current_key_0123456789abcdef"
    public static let nextSigningKey = "sig_next_key_fedcba9876543210XYZ"
    public static let publicURL = "https://jarvis.example.fr"
    /// Monday 29 March 2027, 07:30 UTC.
    public static let start = Date(timeIntervalSince1970: 1_806_305_400)

    public let appliance: Appliance
    public let clock: SettableClock
    public let log: CapturedLog

    public init(
        jobs: [any Job]? = nil,
        cronSecret: String? = HTTPFixture.cronSecret,
        adminSecret: String? = HTTPFixture.adminSecret,
        signingKeys: Bool = true,
        database: AppDatabase? = nil
    ) throws {
        var configuration = AppConfiguration(
            timeZone: TimeZone(identifier: "Europe/Paris")!,
            publicURL: Self.publicURL,
            cronSecret: cronSecret.map(Secret.init)
        )
        configuration.adminSecret = adminSecret.map(Secret.init)
        if signingKeys {
            configuration.qstashCurrentSigningKey = Secret(Self.currentSigningKey)
            configuration.qstashNextSigningKey = Secret(Self.nextSigningKey)
        }
        self.init(configuration: configuration, jobs: jobs, database: try database ?? AppDatabase.inMemory())
    }

    public init(configuration: AppConfiguration, jobs: [any Job]? = nil, database: AppDatabase) {
        clock = SettableClock(Self.start)
        log = CapturedLog()
        appliance = Appliance(
            configuration: configuration,
            database: database,
            registry: jobs.map(JobRegistry.init),
            clock: clock,
            logger: log.logger
        )
    }

    public var application: some ApplicationProtocol {
        buildApplication(appliance: appliance)
    }

    /// Runs `test` against the router, with the background runs service going.
    public func test<Value: Sendable>(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await application.test(.router, test)
    }

    public static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    public static var cron: HTTPFields { bearer(cronSecret) }
    public static var admin: HTTPFields { bearer(adminSecret) }
}
