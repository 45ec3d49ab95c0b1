import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Access log, request ids and errors")
struct AccessLogTests {
    @Test func eachRequestLogsOneLineWithMethodPathStatusDurationAndItsRequestID() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()])
        let ids = try await fixture.test { client in
            let health = try await client.execute(uri: "/api/health?probe=1", method: .get)
            let refused = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.bearer("wrong"))
            return [health.headers[.init("X-Request-Id")!], refused.headers[.init("X-Request-Id")!]]
        }
        let requestLines = fixture.log.all.filter { $0.contains(" request ") && $0.contains("http.status=") }
        #expect(requestLines.count == 2, "\(fixture.log.all)")
        let id0 = try #require(ids[0])
        let id1 = try #require(ids[1])
        #expect(id0 != id1)
        let health = try #require(requestLines.first { $0.contains("http.path=/api/health") })
        #expect(health.contains("http.method=GET"))
        #expect(health.contains("http.status=200"))
        #expect(health.contains("http.duration_ms="))
        #expect(health.contains(id0))
        #expect(!health.contains("probe"), "no query string in the log")
        let refused = try #require(requestLines.first { $0.contains("http.path=/api/cron/counting") })
        #expect(refused.contains("http.status=401"))
        #expect(refused.contains(id1))
    }

    @Test func noSecretTokenOrAuthorizationHeaderEverReachesTheLog() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob(), FailingJob()])
        let token = UpstashToken.make(
            key: HTTPFixture.currentSigningKey,
            url: HTTPFixture.publicURL + "/api/cron/counting",
            body: "",
            issuedAt: fixture.clock.now
        )
        try await fixture.test { client in
            _ = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.cron)
            _ = try await client.execute(uri: "/api/cron/failing", method: .post, headers: HTTPFixture.cron)
            _ = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.bearer(HTTPFixture.cronSecret + "x"))
            _ = try await client.execute(uri: "/api/cron/counting", method: .post, headers: [.init("Upstash-Signature")!: token])
            _ = try await client.execute(uri: "/api/runs?token=\(HTTPFixture.adminSecret)", method: .get, headers: HTTPFixture.admin)
            _ = try await client.execute(uri: "/api/nowhere", method: .get, headers: HTTPFixture.admin)
        }
        let log = fixture.log.all.joined(separator: "\n")
        #expect(!log.isEmpty)
        for secret in [HTTPFixture.cronSecret, HTTPFixture.adminSecret, HTTPFixture.currentSigningKey, token, "Bearer", "authorization"] {
            #expect(!log.localizedCaseInsensitiveContains(secret), "\(secret) in the log")
        }
    }

    @Test func anUnknownPathAnswers404JSONAndAKnownPathWithAnotherMethod405() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.json?["error"]?.stringValue == "Not found: no route for GET /nowhere")
                #expect(response.headers[.init("X-Request-Id")!] != nil)
            }
            try await client.execute(uri: "/api/health", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/api/schedules/daily-churn-analysis", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "DELETE, PUT")
            }
        }
    }

    @Test func aBodyOverTheLimitAnswers413OnManagementRoutesToo() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            let large = ByteBuffer(repeating: UInt8(ascii: "{"), count: 1_048_577)
            try await client.execute(uri: "/api/schedules/daily-churn-analysis", method: .put, headers: HTTPFixture.admin, body: large) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }
}
