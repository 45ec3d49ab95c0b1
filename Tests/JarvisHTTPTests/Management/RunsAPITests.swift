import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Management API: runs")
struct RunsAPITests {
    private func trigger(_ client: any TestClientProtocol, _ job: String) async throws -> Int {
        let response = try await client.execute(uri: "/api/cron/\(job)", method: .post, headers: HTTPFixture.cron)
        return try #require(response.json?["runId"]?.intValue)
    }

    private func list(_ client: any TestClientProtocol, _ query: String) async throws -> (ids: [Int], next: String?, response: TestResponse) {
        let response = try await client.execute(uri: "/api/runs\(query)", method: .get, headers: HTTPFixture.admin)
        guard case .array(let runs) = response.json?["runs"] else { return ([], nil, response) }
        return (runs.compactMap { $0["id"]?.intValue }, response.json?["nextCursor"]?.stringValue, response)
    }

    @Test func listingFiltersByJobStatusAndSinceNewestFirst() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob(), FailingJob()])
        try await fixture.test { client in
            let a = try await trigger(client, "counting")
            let b = try await trigger(client, "failing")
            fixture.clock.advance(by: 3600)
            let c = try await trigger(client, "counting")

            #expect(try await list(client, "").ids == [c, b, a])
            #expect(try await list(client, "?job=counting").ids == [c, a])
            #expect(try await list(client, "?status=failed").ids == [b])
            #expect(try await list(client, "?job=counting&status=failed").ids.isEmpty)
            #expect(try await list(client, "?since=2027-03-29T08:00:00Z").ids == [c])
            #expect(try await list(client, "?since=2027-03-29T10:00:00%2B02:00").ids == [c], "an offset instant, + escaped")
        }
    }

    @Test func pagingByCursorOrOffsetWalksEveryRunOnce() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()])
        try await fixture.test { client in
            var all: [Int] = []
            for _ in 0..<5 { all.append(try await trigger(client, "counting")) }
            let newestFirst = Array(all.reversed())

            let first = try await list(client, "?limit=2")
            #expect(first.ids == Array(newestFirst[0..<2]))
            let cursor = try #require(first.next)
            let second = try await list(client, "?limit=2&cursor=\(cursor)")
            #expect(second.ids == Array(newestFirst[2..<4]))
            let third = try await list(client, "?limit=2&cursor=\(try #require(second.next))")
            #expect(third.ids == [newestFirst[4]])
            #expect(third.next == nil, "a short page is the last")

            #expect(try await list(client, "?limit=2&offset=2").ids == Array(newestFirst[2..<4]))
            // Both: the rows after the cursor, less the first `offset` of them.
            #expect(try await list(client, "?limit=2&cursor=\(newestFirst[0])&offset=1").ids == Array(newestFirst[2..<4]))
        }
    }

    @Test(arguments: [
        ("?status=done", "status"), ("?job=nope", "job"), ("?since=yesterday", "since"), ("?limit=0", "limit"),
        ("?limit=501", "limit"), ("?cursor=abc", "cursor"), ("?offset=-1", "offset"), ("?page=2", "page"),
    ])
    func aBadFilterAnswers400NamingIt(_ query: String, _ field: String) async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()])
        try await fixture.test { client in
            let response = try await list(client, query).response
            #expect(response.status == .badRequest, "\(query)")
            #expect(response.json?["field"]?.stringValue == field, "\(response.text)")
        }
    }

    @Test func oneRunShowsItsDetailsAndError() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob(), FailingJob()])
        try await fixture.test { client in
            let ok = try await trigger(client, "counting")
            let failed = try await trigger(client, "failing")
            try await client.execute(uri: "/api/runs/\(ok)", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.json?["status"]?.stringValue == "succeeded")
                #expect(response.json?["trigger"]?.stringValue == "http")
                #expect(response.json?["details"]?["processed"]?.intValue == 3)
                #expect(response.json?["slotUtc"]?.stringValue == "2027-03-29T07:30:00.000Z")
            }
            try await client.execute(uri: "/api/runs/\(failed)", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.json?["status"]?.stringValue == "failed")
                #expect(response.json?["error"]?.stringValue == FailingJob.internalMessage, "an administrator sees the run's error")
            }
            try await client.execute(uri: "/api/runs/999", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
                #expect(response.json?["error"]?.stringValue == "no run #999")
            }
            try await client.execute(uri: "/api/runs/abc", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .badRequest)
                #expect(response.json?["field"]?.stringValue == "id")
            }
        }
    }

    @Test func retryRunsAFailedRunAgainAsItsNextAttempt() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob(), FailingJob()])
        try await fixture.test { client in
            let failed = try await trigger(client, "failing")
            try await client.execute(uri: "/api/runs/\(failed)/retry", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .internalServerError, "the job fails again")
                let retryID = try #require(response.json?["runId"]?.intValue)
                #expect(retryID != failed)
            }
            let ok = try await trigger(client, "counting")
            try await client.execute(uri: "/api/runs/\(ok)/retry", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .conflict)
                #expect(response.json?["error"]?.stringValue?.contains("only failed, timed_out or abandoned runs can be retried") == true)
            }
            try await client.execute(uri: "/api/runs/4242/retry", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
            }
        }
        let retries = try await fixture.appliance.database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, trigger, attempt, retry_of FROM job_runs WHERE job = 'failing' ORDER BY id")
        }
        #expect(retries.count == 2)
        #expect(retries.last?["trigger"] as String? == "retry")
        #expect(retries.last?["attempt"] as Int? == 2)
        #expect(retries.last?["retry_of"] as Int64? == retries.first?["id"] as Int64?)
    }
}
