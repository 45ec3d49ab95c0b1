import Foundation
import Hummingbird
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Logging
import NIOCore

/// An application listening on a loopback port for the length of a test, for tests that
/// speak raw TCP to it. The port is the one the server logs (`Server started and listening
/// on 127.0.0.1:<port>`), so the application is built as in production, on port 0.
enum LiveServer {
    struct NoPort: Error, CustomStringConvertible {
        let log: String
        var description: String { "the server did not log its port; log so far:\n\(log)" }
    }

    /// `fixture`'s production application (`buildApplication`) on a port the kernel picks.
    static func run<T: Sendable>(_ fixture: HTTPFixture, _ body: @escaping @Sendable (_ port: Int) async throws -> T) async throws -> T {
        try await run(fixture.application, log: fixture.log, body)
    }

    /// The application on `fixture`'s appliance with other connection timeouts.
    static func run<T: Sendable>(
        _ fixture: HTTPFixture,
        timeouts: ConnectionTimeouts,
        _ body: @escaping @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        let app = ApplianceApplication(
            router: buildRouter(appliance: fixture.appliance),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "jarvis"),
            services: [fixture.appliance.launcher],
            logger: fixture.log.logger,
            connectionTimeouts: timeouts
        )
        return try await run(app, log: fixture.log, body)
    }

    static func run<App: ApplicationProtocol, T: Sendable>(
        _ app: App,
        log: CapturedLog,
        _ body: @escaping @Sendable (_ port: Int) async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            let port = try await waitForPort(log)
            let value = try await body(port)
            group.cancelAll()
            while try await group.next() != nil {}
            return value
        }
    }

    private static func waitForPort(_ log: CapturedLog) async throws -> Int {
        let marker = "Server started and listening on 127.0.0.1:"
        for _ in 0..<1000 {
            if let line = log.all.first(where: { $0.contains(marker) }),
                let port = Int(line.components(separatedBy: marker)[1].prefix { $0.isNumber })
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw NoPort(log: log.text)
    }
}

extension HTTPFixture {
    /// The fixture's appliance configured to listen on a port the kernel picks.
    static func onAnyPort(jobs: [any Job]? = nil) throws -> HTTPFixture {
        var configuration = AppConfiguration(
            timeZone: TimeZone(identifier: "Europe/Paris")!,
            publicURL: publicURL,
            cronSecret: Secret(cronSecret)
        )
        configuration.host = "127.0.0.1"
        configuration.port = 0
        return HTTPFixture(configuration: configuration, jobs: jobs, database: try AppDatabase.inMemory())
    }
}
