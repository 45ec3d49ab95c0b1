import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import Testing

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
}
