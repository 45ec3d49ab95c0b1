import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import Testing

/// The production application over an in-memory database with the four default schedules,
/// a settable clock and captured logs; plus the steps a browser takes (sign in, read a form's
/// CSRF token).
public struct DashboardHarness: Sendable {
    public static let secret = "dashboard-test-secret-0123456789abcdef"
    /// Saturday 27 March 2027, 12:00 in Paris: the next night has the spring DST gap.
    public static let start = Date(timeIntervalSince1970: 1_806_145_200)

    public let database: AppDatabase
    public let clock: SettableClock
    public let logs = CapturedLog()
    public let appliance: Appliance

    public init(publicURL: String? = nil, adminSecret: String? = DashboardHarness.secret, database: AppDatabase? = nil) async throws {
        self.database = try database ?? AppDatabase.inMemory()
        clock = SettableClock(Self.start)
        var configuration = AppConfiguration(timeZone: TimeZone(identifier: "Europe/Paris")!, publicURL: publicURL)
        configuration.adminSecret = adminSecret.map(Secret.init)
        appliance = Appliance(configuration: configuration, database: self.database, clock: clock, logger: logs.logger)
        try await appliance.schedules.seedDefaults()
    }

    public func application() -> some ApplicationProtocol {
        buildApplication(appliance: appliance)
    }

    /// Signs in as a browser does: loads the form, posts it with its token and cookie.
    /// Returns the session cookie's value.
    public static func signIn(_ client: some TestClientProtocol, secret: String = DashboardHarness.secret) async throws -> String {
        let (token, cookie) = try await client.execute(uri: "/signin", method: .get) { response in
            let body = String(buffer: response.body)
            return (try #require(hiddenField("token", in: body)), try #require(cookieValue("jarvis_signin", in: response)))
        }
        return try await client.execute(
            uri: "/signin",
            method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "jarvis_signin=\(cookie)"],
            body: ByteBuffer(string: "token=\(token)&secret=\(formEncoded(secret))")
        ) { response in
            #expect(response.status == .seeOther)
            return try #require(cookieValue("jarvis_session", in: response))
        }
    }

    /// The CSRF token of the session's forms, read from a page as a browser would.
    public static func csrfToken(_ client: some TestClientProtocol, session: String) async throws -> String {
        try await client.execute(uri: "/schedules", method: .get, headers: [.cookie: "jarvis_session=\(session)"]) { response in
            try #require(hiddenField("csrf", in: String(buffer: response.body)))
        }
    }

    /// Posts a form as a signed-in browser of this site would, unless told otherwise.
    public static func post(
        _ client: some TestClientProtocol,
        _ uri: String,
        session: String?,
        fields: [(String, String)],
        origin: String? = "http://127.0.0.1:8080",
        extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let session { headers[.cookie] = "jarvis_session=\(session)" }
        if let origin { headers[.origin] = origin }
        headers.append(contentsOf: extra)
        let body = fields.map { "\($0.0)=\(formEncoded($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    public static func hiddenField(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    public static func cookieValue(_ name: String, in response: TestResponse) -> String? {
        setCookie(name, in: response).flatMap { header in
            header.split(separator: ";").first.map { String($0.dropFirst(name.count + 1)) }
        }
    }

    public static func setCookie(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }
    }

    public static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
    }
}
