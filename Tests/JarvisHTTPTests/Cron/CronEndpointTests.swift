import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Cron endpoints: the contract")
struct CronEndpointTests {
    static let unauthorizedBody = #"{"error":"Unauthorized - Invalid cron secret"}"#

    @Test(arguments: ["daily-churn-analysis", "health-check-kiosks", "cleanup-old-data", "weekly-reports"])
    func aBearerWithTheCronSecretRunsTheJobAndAnswers200WithItsSummary(_ job: String) async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/cron/\(job)",
                method: .post,
                headers: HTTPFixture.cron + [.contentType: "application/json"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try #require(response.json)
                #expect(json["success"] == true)
                #expect(json["job"]?.stringValue == job)
                #expect(json["status"]?.stringValue == "succeeded")
                #expect(json["trigger"]?.stringValue == "http")
                #expect(json["runId"]?.intValue != nil)
                #expect(json["durationMs"]?.intValue != nil)
                #expect(json["details"]?["errors"]?.intValue == 0, "the job's own counts: \(response.text)")
            }
        }
        let logType = fixture.appliance.registry[job]!.logType
        let (runs, logs) = try await fixture.appliance.database.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT trigger, status FROM job_runs WHERE job = ?", arguments: [job]),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM system_logs WHERE log_type = ?", arguments: [logType]) ?? 0
            )
        }
        #expect(runs.count == 1)
        #expect(runs.first?["trigger"] as String? == "http")
        #expect(runs.first?["status"] as String? == "succeeded")
        #expect(logs == 1, "the finished run left its system_logs row")
    }

    @Test(
        arguments: [
            ("no header", nil),
            ("one character off", "Bearer cron-secret-0123456789abcdefABCDEG"),
            ("a prefix", "Bearer cron-secret-0123456789abcdef"),
            ("longer", "Bearer cron-secret-0123456789abcdefABCDEFx"),
            ("different case", "Bearer CRON-SECRET-0123456789ABCDEFABCDEF"),
            // HTTP drops the whitespace around a field's value (RFC 9110, 5.5), so a trailing space
            // never reaches the server; whitespace inside the value does.
            ("two spaces after the scheme", "Bearer  cron-secret-0123456789abcdefABCDEF"),
            ("a space inside", "Bearer cron-secret-0123456789 abcdefABCDEF"),
            ("a tab after the scheme", "Bearer\tcron-secret-0123456789abcdefABCDEF"),
            ("two tokens", "Bearer cron-secret-0123456789abcdefABCDEF cron-secret-0123456789abcdefABCDEF"),
            ("no scheme", "cron-secret-0123456789abcdefABCDEF"),
            ("basic scheme", "Basic cron-secret-0123456789abcdefABCDEF"),
            ("empty bearer", "Bearer "),
            ("the admin secret", "Bearer admin-secret-0123456789abcdef"),
        ] as [(String, String?)]
    )
    func aMissingOrNearMissBearerAnswers401WithTheExactBody(_ name: String, _ authorization: String?) async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            var headers: HTTPFields = [.contentType: "application/json"]
            if let authorization { headers[.authorization] = authorization }
            try await client.execute(uri: "/api/cron/daily-churn-analysis", method: .post, headers: headers) { response in
                #expect(response.status == .unauthorized, "\(name)")
                #expect(response.text == Self.unauthorizedBody, "\(name)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
        let runs = try await fixture.appliance.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM job_runs") }
        #expect(runs == 0, "a refused request runs nothing")
    }

    @Test func theBearerSchemeIsCaseInsensitiveButTheSecretIsNot() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/cron/health-check-kiosks",
                method: .post,
                headers: [.authorization: "bearer \(HTTPFixture.cronSecret)"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func withNoSecretConfiguredEveryBearerIsRefused() async throws {
        let fixture = try HTTPFixture(cronSecret: nil, adminSecret: nil, signingKeys: false)
        try await fixture.test { client in
            for authorization in ["Bearer ", "Bearer \(HTTPFixture.cronSecret)", "Bearer null", "Bearer undefined"] {
                try await client.execute(uri: "/api/cron/daily-churn-analysis", method: .post, headers: [.authorization: authorization]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.text == Self.unauthorizedBody)
                }
            }
        }
    }

    @Test func anEmptyCronSecretInTheEnvironmentCountsAsNoSecret() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jarvis-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try AppConfiguration.resolve(
            flags: .init(databasePath: folder.appendingPathComponent("site.db").path),
            environment: ["CRON_SECRET": ""],
            systemTimeZone: TimeZone(identifier: "UTC")!
        )
        #expect(configuration.cronSecret == nil)
        let fixture = HTTPFixture(configuration: configuration, database: try AppDatabase.inMemory())
        try await fixture.test { client in
            try await client.execute(uri: "/api/cron/daily-churn-analysis", method: .post, headers: [.authorization: "Bearer "]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.text == Self.unauthorizedBody)
            }
        }
    }

    @Test(arguments: [HTTPRequest.Method.get, .put, .delete, .patch])
    func anotherMethodAnswers405WithAllowPost(_ method: HTTPRequest.Method) async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/cron/daily-churn-analysis", method: method, headers: HTTPFixture.cron) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(response.json?["error"]?.stringValue?.contains("POST") == true)
            }
        }
    }

    @Test func anUnknownJobAnswers404InJSON() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            for headers in [HTTPFixture.cron, [:]] {
                try await client.execute(uri: "/api/cron/daily-churn", method: .post, headers: headers) { response in
                    #expect(response.status == .notFound)
                    #expect(response.json?["error"]?.stringValue?.hasPrefix("Not found") == true)
                }
            }
        }
    }

    @Test func aBodyOverOneMebibyteAnswers413AndRunsNothing() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            let large = ByteBuffer(repeating: UInt8(ascii: "a"), count: 1_048_577)
            try await client.execute(uri: "/api/cron/daily-churn-analysis", method: .post, headers: HTTPFixture.cron, body: large) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.json?["error"]?.stringValue?.contains("1 MiB") == true)
            }
            let limit = ByteBuffer(repeating: UInt8(ascii: " "), count: 1_048_576)
            try await client.execute(uri: "/api/cron/health-check-kiosks", method: .post, headers: HTTPFixture.cron, body: limit) { response in
                #expect(response.status == .ok, "exactly 1 MiB is accepted")
            }
        }
        let jobs = try await fixture.appliance.database.read { db in try String.fetchAll(db, sql: "SELECT job FROM job_runs") }
        #expect(jobs == ["health-check-kiosks"])
    }

    @Test func aFailedJobAnswers500WithTheRunIDAndNoInternals() async throws {
        let fixture = try HTTPFixture(jobs: [FailingJob()])
        try await fixture.test { client in
            try await client.execute(uri: "/api/cron/failing", method: .post, headers: HTTPFixture.cron) { response in
                #expect(response.status == .internalServerError)
                let json = try #require(response.json)
                let runID = try #require(json["runId"]?.intValue)
                #expect(json["status"]?.stringValue == "failed")
                #expect(json["error"]?.stringValue == "failing failed: run \(runID) ended failed; see GET /api/runs/\(runID)")
                #expect(!response.text.contains("SQLITE"))
                #expect(!response.text.contains("/var/lib"))
            }
        }
        let stored = try await fixture.appliance.database.read { db in try String.fetchOne(db, sql: "SELECT error FROM job_runs") }
        #expect(stored == FailingJob.internalMessage, "the run keeps its error for the operator")
    }

    @Test func aJobAlreadyRunningAnswers409WithTheRunningRunsID() async throws {
        let gated = GatedJob()
        let fixture = try HTTPFixture(jobs: [gated])
        try await fixture.test { client in
            let first = try await client.execute(
                uri: "/api/cron/gated",
                method: .post,
                headers: HTTPFixture.cron + [.prefer: "respond-async"]
            )
            #expect(first.status == .accepted)
            let runID = try #require(first.json?["runId"]?.intValue)
            #expect(first.json?["status"]?.stringValue == "running")
            #expect(first.headers[.location] == "/api/runs/\(runID)")

            try await client.execute(uri: "/api/cron/gated", method: .post, headers: HTTPFixture.cron) { response in
                #expect(response.status == .conflict)
                #expect(response.json?["runId"]?.intValue == runID)
                #expect(response.json?["error"]?.stringValue?.contains("already running") == true)
            }
            gated.open()
            await fixture.appliance.runner.activity.waitUntilIdle()
        }
        #expect(gated.started == 1)
        let statuses = try await fixture.appliance.database.read { db in try String.fetchAll(db, sql: "SELECT status FROM job_runs") }
        #expect(statuses == ["succeeded"], "the refused request left no row")
    }

    @Test func respondAsyncAnswers202AtOnceAndTheRunFinishesInTheBackground() async throws {
        let gated = GatedJob()
        let fixture = try HTTPFixture(jobs: [gated])
        try await fixture.test { client in
            let response = try await client.execute(
                uri: "/api/cron/gated",
                method: .post,
                headers: HTTPFixture.cron + [.prefer: "wait=10, respond-async"]
            )
            #expect(response.status == .accepted, "answered while the job still waits on its gate")
            let runID = try #require(response.json?["runId"]?.intValue)
            gated.open()
            await fixture.appliance.runner.activity.waitUntilIdle()
            try await client.execute(uri: "/api/runs/\(runID)", method: .get, headers: HTTPFixture.admin) { run in
                #expect(run.json?["status"]?.stringValue == "succeeded")
                #expect(run.json?["details"]?["processed"]?.intValue == 1)
            }
        }
    }

    @Test(arguments: ["Idempotency-Key", "Upstash-Message-Id"])
    func aRepeatedIdempotencyKeyReturnsTheFirstRunWithoutRunningAgain(_ header: String) async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        let field = HTTPField.Name(header)!
        try await fixture.test { client in
            let first = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.cron + [field: "msg_2027_03_29_a"])
            #expect(first.status == .ok)
            #expect(first.json?["replayed"] == nil)
            let runID = try #require(first.json?["runId"]?.intValue)

            let again = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.cron + [field: "msg_2027_03_29_a"])
            #expect(again.status == .ok)
            #expect(again.json?["runId"]?.intValue == runID)
            #expect(again.json?["replayed"] == true)
            #expect(again.json?["details"] == first.json?["details"])

            let other = try await client.execute(uri: "/api/cron/counting", method: .post, headers: HTTPFixture.cron + [field: "msg_2027_03_29_b"])
            #expect(other.json?["runId"]?.intValue != runID, "another key is another run")
        }
        #expect(job.runs == 2)
    }

    @Test func aMalformedIdempotencyKeyAnswers400NamingTheHeader() async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/cron/counting",
                method: .post,
                headers: HTTPFixture.cron + [.init("Idempotency-Key")!: "two words"]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.json?["field"]?.stringValue == "Idempotency-Key")
            }
            // Checked even beside a message id, which would win.
            try await client.execute(
                uri: "/api/cron/counting",
                method: .post,
                headers: HTTPFixture.cron + [.init("Upstash-Message-Id")!: "msg_1", .init("Idempotency-Key")!: String(repeating: "k", count: 201)]
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.json?["field"]?.stringValue == "Idempotency-Key")
            }
        }
        #expect(job.runs == 0)
    }
}
