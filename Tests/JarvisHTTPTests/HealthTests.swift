import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import Synchronization
import Testing

@testable import JarvisHTTP

@Suite("Health endpoint")
struct HealthTests {
    struct Health: Decodable {
        var status: String
        var version: String
        var database: String
        var schemaVersion: Int?
    }

    private func application(_ database: AppDatabase) -> some ApplicationProtocol {
        buildApplication(appliance: .testing(database))
    }

    @Test func healthAnswers200WithStatusOKAndTheSchemaVersion() async throws {
        let app = application(try AppDatabase.inMemory())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let health = try JSONDecoder().decode(Health.self, from: Data(String(buffer: response.body).utf8))
                #expect(health.status == "ok")
                #expect(health.database == "ok")
                #expect(health.version == JarvisVersion.current)
                #expect(health.schemaVersion == AppDatabase.latestSchemaVersion)
            }
        }
    }

    /// A database read that works until the test breaks it, counting its calls.
    final class FlakyDatabase: Sendable {
        private let state = Mutex((broken: false, reads: 0))
        var reads: Int { state.withLock { $0.reads } }
        func breakIt() { state.withLock { $0.broken = true } }

        struct Unreachable: Error {}

        func readSchemaVersion() async throws -> Int {
            let broken = state.withLock { state in
                state.reads += 1
                return state.broken
            }
            try await Task.sleep(for: .milliseconds(20))
            if broken { throw Unreachable() }
            return 7
        }
    }

    private func healthApplication(_ database: FlakyDatabase, probeInterval: Duration) -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        HealthController(probeInterval: probeInterval) { try await database.readSchemaVersion() }.addRoutes(to: router.group("api"))
        return Application(router: router)
    }

    @Test func requestsShareOneProbeAndItsVerdictStandsForTheProbeInterval() async throws {
        let database = FlakyDatabase()
        try await healthApplication(database, probeInterval: .seconds(3600)).test(.router) { client in
            // 20 requests at once: one probe.
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await client.execute(uri: "/api/health", method: .get).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 20))
            #expect(database.reads == 1)
            database.breakIt()
            #expect(try await client.execute(uri: "/api/health", method: .get).status == .ok, "the last verdict, within the interval")
            #expect(database.reads == 1)
        }
    }

    @Test func aDatabaseThatBecomesUnreachableAnswers503DegradedOnceTheVerdictIsOlderThanTheInterval() async throws {
        let database = FlakyDatabase()
        try await healthApplication(database, probeInterval: .zero).test(.router) { client in
            #expect(try await client.execute(uri: "/api/health", method: .get).status == .ok)
            database.breakIt()
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let health = try JSONDecoder().decode(Health.self, from: Data(String(buffer: response.body).utf8))
                #expect(health.status == "degraded")
                #expect(health.database == "unreachable")
                #expect(health.schemaVersion == nil)
            }
            #expect(database.reads == 2)
        }
    }
}
