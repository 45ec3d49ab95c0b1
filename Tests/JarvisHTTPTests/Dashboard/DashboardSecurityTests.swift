import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Dashboard security")
struct DashboardSecurityTests {
    static let pages = ["/", "/runs", "/schedules", "/kiosks", "/reports", "/reports/lyon/2027-W12", "/runs?status=failed"]
    static let actions = [
        "/signout", "/schedules/daily-churn-analysis", "/schedules/daily-churn-analysis/pause",
        "/schedules/daily-churn-analysis/resume", "/schedules/health-check-kiosks/run", "/runs/1/retry",
    ]

    private func isPaused(_ harness: DashboardHarness, _ id: String) async throws -> Bool {
        try await harness.appliance.schedules.schedule(id).paused
    }

    @Test func pagesWithoutASessionRedirectToTheSignInPage() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            for page in Self.pages {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .seeOther, "\(page)")
                    #expect(response.headers[.location] == "/signin", "\(page)")
                    #expect(!String(buffer: response.body).contains("daily-churn-analysis"))
                }
            }
        }
    }

    @Test func formPostsWithoutASessionAreRefusedWith401AndAJSONError() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            for action in Self.actions {
                let response = try await DashboardHarness.post(client, action, session: nil, fields: [("csrf", "x"), ("cron", "* * * * *")])
                #expect(response.status == .unauthorized, "\(action)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(String(buffer: response.body) == #"{"error":"Sign in to the dashboard first"}"#)
            }
        }
        #expect(try await isPaused(harness, "daily-churn-analysis") == false)
        #expect(try await harness.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM job_runs") } == 0)
    }

    @Test func aForgedSessionCookieIsRefused() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            _ = try await DashboardHarness.signIn(client)
            let forged = String(repeating: "ab", count: 32)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "jarvis_session=\(forged)"]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin")
            }
            let response = try await DashboardHarness.post(client, "/schedules/weekly-reports/pause", session: forged, fields: [("csrf", forged)])
            #expect(response.status == .unauthorized)
        }
        #expect(try await isPaused(harness, "weekly-reports") == false)
    }

    @Test func aSessionExpiresTwelveHoursAfterSignIn() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            harness.clock.advance(by: 12 * 3_600 - 60)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                #expect(response.status == .ok)
            }
            harness.clock.advance(by: 61)
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/signin")
            }
            let response = try await DashboardHarness.post(client, "/schedules/weekly-reports/pause", session: session, fields: [("csrf", csrf)])
            #expect(response.status == .unauthorized)
        }
        #expect(try await isPaused(harness, "weekly-reports") == false)
    }

    @Test func aFormPostWithoutTheSessionsCSRFTokenIsRefused() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let other = try await DashboardHarness.signIn(client)
            let otherToken = try await DashboardHarness.csrfToken(client, session: other)
            for fields in [[], [("csrf", "")], [("csrf", String(repeating: "0", count: 64))], [("csrf", otherToken)]] {
                let response = try await DashboardHarness.post(client, "/schedules/weekly-reports/pause", session: session, fields: fields)
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("CSRF"))
            }
        }
        #expect(try await isPaused(harness, "weekly-reports") == false)
    }

    @Test(arguments: [
        (origin: "https://evil.example" as String?, fetchSite: nil as String?),
        (origin: "null", fetchSite: nil),
        (origin: "http://127.0.0.1:8080.evil.example", fetchSite: nil),
        (origin: nil, fetchSite: "cross-site"),
        (origin: nil, fetchSite: "same-site"),
    ])
    func aCrossSiteFormPostIsRefusedEvenWithAValidToken(origin: String?, fetchSite: String?) async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            var extra: HTTPFields = [:]
            if let fetchSite { extra[HTTPField.Name("Sec-Fetch-Site")!] = fetchSite }
            let response = try await DashboardHarness.post(
                client,
                "/schedules/weekly-reports/pause",
                session: session,
                fields: [("csrf", csrf)],
                origin: origin,
                extra: extra
            )
            #expect(response.status == .forbidden)
            #expect(String(buffer: response.body) == #"{"error":"Cross-site form posts are refused"}"#)
        }
        #expect(try await isPaused(harness, "weekly-reports") == false)
    }

    @Test func theSameFormPostFromThisSiteWithItsTokenIsAccepted() async throws {
        let harness = try await DashboardHarness(publicURL: "https://jarvis.example.fr")
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let response = try await DashboardHarness.post(
                client,
                "/schedules/weekly-reports/pause",
                session: session,
                fields: [("csrf", csrf)],
                origin: "https://jarvis.example.fr",
                extra: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]
            )
            #expect(response.status == .seeOther)
        }
        #expect(try await isPaused(harness, "weekly-reports") == true)
    }

    @Test func aSignInFromAnotherSiteOrWithoutItsFormTokenIsRefused() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let withoutToken = try await DashboardHarness.post(client, "/signin", session: nil, fields: [("secret", DashboardHarness.secret)])
            #expect(withoutToken.status == .forbidden)
            #expect(DashboardHarness.setCookie("jarvis_session", in: withoutToken) == nil)
            let foreign = try await DashboardHarness.post(
                client,
                "/signin",
                session: nil,
                fields: [("secret", DashboardHarness.secret)],
                origin: "https://evil.example"
            )
            #expect(foreign.status == .forbidden)
        }
    }

    @Test func aWrongSecretIsRefusedWithoutASession() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let (token, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
                (
                    DashboardHarness.hiddenField("token", in: String(buffer: response.body))!,
                    DashboardHarness.cookieValue("jarvis_signin", in: response)!
                )
            }
            for guess in ["wrong", DashboardHarness.secret + "x", String(DashboardHarness.secret.dropLast()), ""] {
                try await client.execute(
                    uri: "/signin",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
                    body: ByteBuffer(string: "token=\(token)&secret=\(DashboardHarness.formEncoded(guess))")
                ) { response in
                    #expect(response.status == .unauthorized)
                    #expect(DashboardHarness.setCookie("jarvis_session", in: response) == nil)
                    #expect(String(buffer: response.body).contains("Secret incorrect"))
                }
            }
        }
    }

    @Test func afterFiveWrongSecretsInAMinuteSignInWaitsEvenForTheRightOne() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            func attempt(_ secret: String) async throws -> TestResponse {
                let (token, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
                    (
                        DashboardHarness.hiddenField("token", in: String(buffer: response.body))!,
                        DashboardHarness.cookieValue("jarvis_signin", in: response)!
                    )
                }
                return try await client.execute(
                    uri: "/signin",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
                    body: ByteBuffer(string: "token=\(token)&secret=\(DashboardHarness.formEncoded(secret))")
                )
            }
            for guess in 1...5 {
                #expect(try await attempt("guess-\(guess)").status == .unauthorized)
                harness.clock.advance(by: 5)
            }
            let refused = try await attempt(DashboardHarness.secret)
            #expect(refused.status == .tooManyRequests)
            #expect(String(buffer: refused.body) == #"{"error":"Too many wrong secrets: try again in 35 s"}"#)
            #expect(DashboardHarness.setCookie("jarvis_session", in: refused) == nil)
            harness.clock.advance(by: 35)
            let accepted = try await attempt(DashboardHarness.secret)
            #expect(accepted.status == .seeOther)
            #expect(DashboardHarness.setCookie("jarvis_session", in: accepted) != nil)
        }
    }

    @Test func withoutAnAdminSecretNobodyCanSignIn() async throws {
        let harness = try await DashboardHarness(adminSecret: nil)
        try await harness.application().test(.router) { client in
            let (token, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
                #expect(String(buffer: response.body).contains("Aucun secret d&#39;administration"))
                return (
                    DashboardHarness.hiddenField("token", in: String(buffer: response.body))!,
                    DashboardHarness.cookieValue("jarvis_signin", in: response)!
                )
            }
            try await client.execute(
                uri: "/signin",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
                body: ByteBuffer(string: "token=\(token)&secret=")
            ) { response in
                #expect(response.status == .unauthorized)
                #expect(DashboardHarness.setCookie("jarvis_session", in: response) == nil)
            }
        }
    }

    @Test func theSessionCookieIsHttpOnlySameSiteStrictAndSecureOnlyBehindHTTPS() async throws {
        for (publicURL, secure) in [("http://127.0.0.1:8080", false), ("https://jarvis.example.fr", true)] {
            let harness = try await DashboardHarness(publicURL: publicURL)
            try await harness.application().test(.router) { client in
                let (token, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
                    (
                        DashboardHarness.hiddenField("token", in: String(buffer: response.body))!,
                        DashboardHarness.cookieValue("jarvis_signin", in: response)!
                    )
                }
                try await client.execute(
                    uri: "/signin",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
                    body: ByteBuffer(string: "token=\(token)&secret=\(DashboardHarness.secret)")
                ) { response in
                    let header = try #require(DashboardHarness.setCookie("jarvis_session", in: response))
                    let attributes = Set(header.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
                    #expect(attributes.contains("httponly"))
                    #expect(attributes.contains("samesite=strict"))
                    #expect(attributes.contains("path=/"))
                    #expect(attributes.contains("max-age=43200"))
                    #expect(attributes.contains("secure") == secure, "\(publicURL)")
                }
            }
        }
    }

    @Test func signingOutEndsTheSessionForGood() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            let response = try await DashboardHarness.post(client, "/signout", session: session, fields: [("csrf", csrf)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin")
            #expect(DashboardHarness.setCookie("jarvis_session", in: response)?.contains("Max-Age=0") == true)
            // The old cookie, replayed, opens nothing.
            try await client.execute(uri: "/runs", method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                #expect(response.status == .seeOther)
            }
            let replay = try await DashboardHarness.post(client, "/schedules/weekly-reports/pause", session: session, fields: [("csrf", csrf)])
            #expect(replay.status == .unauthorized)
        }
    }

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let harness = try await DashboardHarness()
        try await harness.application().test(.router) { client in
            let session = try await DashboardHarness.signIn(client)
            for uri in ["/signin", "/", "/runs", "/schedules", "/kiosks", "/reports", "/reports/nowhere/2027-W12"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                    let policy = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                    #expect(policy.contains("default-src 'none'"))
                    #expect(policy.contains("frame-ancestors 'none'"))
                    #expect(!policy.contains("http"), "no external source")
                    #expect(!policy.contains("script-src"), "no script at all")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
        }
    }

    @Test func theSecretNeverAppearsInAnyPageOrLogLine() async throws {
        let harness = try await DashboardHarness()
        let secret = DashboardHarness.secret
        let bodies = try await harness.application().test(.router) { client -> [String] in
            var bodies: [String] = []
            // A wrong guess that shares a long prefix with the secret, then the right one.
            let (page, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
                (String(buffer: response.body), DashboardHarness.cookieValue("jarvis_signin", in: response)!)
            }
            bodies.append(page)
            let token = try #require(DashboardHarness.hiddenField("token", in: page))
            bodies.append(
                try await client.execute(
                    uri: "/signin",
                    method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
                    body: ByteBuffer(string: "token=\(token)&secret=\(secret.dropLast())Z")
                ) { response in String(buffer: response.body) }
            )
            let session = try await DashboardHarness.signIn(client)
            let csrf = try await DashboardHarness.csrfToken(client, session: session)
            for uri in ["/", "/runs", "/schedules", "/kiosks", "/reports"] {
                bodies.append(
                    try await client.execute(uri: uri, method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
                        String(buffer: response.body)
                    }
                )
            }
            let preview = try await DashboardHarness.post(
                client,
                "/schedules/weekly-reports",
                session: session,
                fields: [("csrf", csrf), ("cron", "61 * * * *"), ("action", "preview")]
            )
            bodies.append(String(buffer: preview.body))
            let run = try await DashboardHarness.post(client, "/schedules/health-check-kiosks/run", session: session, fields: [("csrf", csrf)])
            #expect(run.status == .seeOther)
            return bodies
        }
        try await waitForRuns(harness, count: 1)
        #expect(bodies.count == 8)
        let secretPrefix = String(secret.prefix(16))
        for body in bodies {
            #expect(!body.contains(secretPrefix))
        }
        let logs = harness.logs.text
        #expect(logs.contains("dashboard sign-in refused"), "the log is captured")
        #expect(logs.contains("dashboard sign-in "), "the log is captured")
        #expect(!logs.contains(secretPrefix))
    }

    private func waitForRuns(_ harness: DashboardHarness, count: Int) async throws {
        for _ in 0..<400 {
            let finished = try await harness.database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM job_runs WHERE status <> 'running'") ?? 0
            }
            if finished >= count { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the run did not finish")
    }
}
