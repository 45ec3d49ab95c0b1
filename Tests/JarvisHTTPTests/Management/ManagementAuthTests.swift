import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Management API: the admin bearer")
struct ManagementAuthTests {
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/schedules"), (.put, "/api/schedules/nightly"), (.delete, "/api/schedules/nightly"),
        (.post, "/api/schedules/nightly/pause"), (.post, "/api/schedules/nightly/resume"),
        (.get, "/api/runs"), (.get, "/api/runs/1"), (.post, "/api/runs/1/retry"),
        (.get, "/api/reports"), (.get, "/api/reports/paris-bastille/2027-W12"),
    ]

    @Test func everyManagementRouteRefusesAMissingOrWrongBearerWith401JSON() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            for (method, path) in Self.routes {
                for headers: HTTPFields in [
                    [:], HTTPFixture.cron, HTTPFixture.bearer(HTTPFixture.adminSecret + "x"),
                    HTTPFixture.bearer(String(HTTPFixture.adminSecret.dropLast())),
                ] {
                    try await client.execute(uri: path, method: method, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(method) \(path)")
                        #expect(response.text == #"{"error":"Unauthorized - Invalid admin secret"}"#)
                    }
                }
            }
        }
    }

    @Test func withoutAnAdminSecretTheCronSecretServesAsAdminBearer() async throws {
        let fixture = try HTTPFixture(adminSecret: nil)
        try await fixture.test { client in
            try await client.execute(uri: "/api/schedules", method: .get, headers: HTTPFixture.cron) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func withNoSecretAtAllTheManagementAPIIsClosed() async throws {
        let fixture = try HTTPFixture(cronSecret: nil, adminSecret: nil)
        try await fixture.test { client in
            try await client.execute(uri: "/api/runs", method: .get, headers: [.authorization: "Bearer "]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
