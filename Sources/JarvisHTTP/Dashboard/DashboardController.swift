import Foundation
import Hummingbird
import JarvisCore
import Logging

/// The operator's dashboard at `/`: sign-in with the admin secret, then the overview, runs,
/// schedules, kiosks, alerts and reports pages. Server-rendered HTML that needs no script; every form
/// posts with the session's CSRF token and is refused from another site.
struct DashboardController: Sendable {
    let appliance: Appliance
    let sessions: DashboardSessions
    let throttle = SignInThrottle()
    let renderer: DashboardRenderer
    /// The admin secret that signs in; nil: nobody can sign in.
    let adminSecret: Secret?
    /// Cookies carry `Secure` when the public URL is https.
    let secureCookies: Bool
    /// The origins a form may be posted from besides the request's own host: the public URL's.
    let publicOrigin: String?

    static let sessionCookie = "jarvis_session"
    static let signInCookie = "jarvis_signin"

    init(appliance: Appliance, sessions: DashboardSessions = DashboardSessions()) {
        self.appliance = appliance
        self.sessions = sessions
        self.renderer = DashboardRenderer()
        self.adminSecret = appliance.configuration.effectiveAdminSecret
        let publicURL = URLComponents(string: appliance.configuration.publicURL)
        self.secureCookies = publicURL?.scheme?.lowercased() == "https"
        self.publicOrigin = publicURL.flatMap(Self.origin(of:))
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group()
        group.add(middleware: DashboardMiddleware<AppRequestContext>(logger: appliance.logger))
        group.get("/", use: overviewPage)
        group.get("signin", use: signInPage)
        group.post("signin", use: signIn)
        group.post("signout", use: signOut)
        group.get("runs", use: runsPage)
        group.post("runs/:id/retry", use: retryRun)
        group.get("schedules", use: schedulesPage)
        group.post("schedules/:id", use: editSchedule)
        group.post("schedules/:id/pause", use: pauseSchedule)
        group.post("schedules/:id/resume", use: resumeSchedule)
        group.post("schedules/:id/run", use: runSchedule)
        group.get("kiosks", use: kiosksPage)
        group.get("alerts", use: alertsPage)
        group.post("alerts/:id/acknowledge", use: acknowledgeAlert)
        group.post("alerts/:id/resolve", use: resolveAlert)
        group.post("alerts/:id/dismiss", use: dismissAlert)
        group.post("alerts/:id/reopen", use: reopenAlert)
        group.get("reports", use: reportsPage)
        group.get("reports/:gym/:week", use: reportPage)
    }

    // MARK: Sessions and the checks of every request

    /// The texts in the language the browser prefers.
    func strings(for request: Request) -> DashboardStrings {
        .of(DashboardLanguage.preferred(byAcceptLanguage: request.headers[.acceptLanguage]))
    }

    /// The request's live session, if its cookie names one.
    func session(of request: Request) -> DashboardSessions.Session? {
        sessions.session(id: request.cookies[Self.sessionCookie]?.value, now: appliance.clock.now)
    }

    /// A page: the signed-in browser gets it, any other is sent to the sign-in page.
    func page(
        _ request: Request,
        _ render: (DashboardSessions.Session, DashboardStrings) async throws -> Response
    ) async throws -> Response {
        guard let session = session(of: request) else { return Self.redirect("/signin") }
        return try await render(session, strings(for: request))
    }

    /// A form post that changes something: same-site only, signed in, with the session's CSRF token.
    func action(
        _ request: Request,
        _ perform: (DashboardSessions.Session, FormFields, DashboardStrings) async throws -> Response
    ) async throws -> Response {
        try checkSameSite(request)
        guard let session = session(of: request) else {
            throw APIError(.unauthorized, "Sign in to the dashboard first")
        }
        let form = try await FormFields.read(request)
        guard let token = form["csrf"], constantTimeEquals(token, session.csrfToken) else {
            throw APIError(.forbidden, "Missing or invalid CSRF token: reload the page and try again")
        }
        return try await perform(session, form, strings(for: request))
    }

    /// Refuses a post that a browser says comes from another site (`Sec-Fetch-Site`), or whose
    /// `Origin` is neither this host nor the public URL.
    func checkSameSite(_ request: Request) throws {
        if let site = request.headers[DashboardHeader.secFetchSite]?.lowercased(), site != "same-origin", site != "none" {
            throw APIError(.forbidden, "Cross-site form posts are refused")
        }
        guard let origin = request.headers[.origin]?.lowercased() else { return }
        var allowed: Set<String> = []
        if let publicOrigin { allowed.insert(publicOrigin) }
        if let host = request.head.authority?.lowercased() {
            allowed.insert("http://\(host)")
            allowed.insert("https://\(host)")
        }
        guard allowed.contains(origin) else {
            throw APIError(.forbidden, "Cross-site form posts are refused")
        }
    }

    // MARK: Sign-in and sign-out

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        if session(of: request) != nil { return Self.redirect("/") }
        return try renderSignIn(request, failed: false, status: .ok)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        try checkSameSite(request)
        let form = try await FormFields.read(request)
        // The form's token must match its cookie: a page of another site cannot post a sign-in.
        guard let token = form["token"], let formCookie = request.cookies[Self.signInCookie]?.value,
            constantTimeEquals(token, formCookie)
        else {
            throw APIError(.forbidden, "The sign-in form has expired: reload the page and try again")
        }
        if let seconds = throttle.wait(now: appliance.clock.now) {
            appliance.logger.warning("dashboard sign-in refused", metadata: ["dashboard.reason": "too many wrong secrets"])
            throw APIError(.tooManyRequests, "Too many wrong secrets: try again in \(seconds) s")
        }
        guard let adminSecret, let given = form["secret"], constantTimeEquals(given, adminSecret.value) else {
            throttle.recordFailure(now: appliance.clock.now)
            appliance.logger.notice(
                "dashboard sign-in refused",
                metadata: ["dashboard.reason": "\(adminSecret == nil ? "no admin secret configured" : "wrong secret")"]
            )
            return try renderSignIn(request, failed: adminSecret != nil, status: .unauthorized)
        }
        let session = sessions.open(now: appliance.clock.now)
        appliance.logger.notice("dashboard sign-in", metadata: ["dashboard.session_expires": "\(Timestamp.string(from: session.expiresAt))"])
        var response = Self.redirect("/")
        response.setCookie(cookie(Self.sessionCookie, session.id, maxAge: Int(sessions.lifetime)))
        response.setCookie(cookie(Self.signInCookie, "", maxAge: 0, path: "/signin"))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { session, _, _ in
            sessions.close(id: session.id)
            appliance.logger.notice("dashboard sign-out")
            var response = Self.redirect("/signin")
            response.setCookie(cookie(Self.sessionCookie, "", maxAge: 0))
            return response
        }
    }

    private func renderSignIn(_ request: Request, failed: Bool, status: HTTPResponse.Status) throws -> Response {
        let strings = strings(for: request)
        let token = DashboardSessions.randomToken()
        let view = DashboardViews.SignIn(t: strings, token: token, failed: failed, unavailable: adminSecret == nil)
        let html = try renderer.page("signin", view: view, heading: strings.signIn, strings: strings, session: nil, current: "/signin")
        var response = Self.html(html, status: status)
        response.setCookie(cookie(Self.signInCookie, token, maxAge: 3_600, path: "/signin"))
        return response
    }

    /// A cookie that scripts cannot read and that other sites' requests never carry.
    func cookie(_ name: String, _ value: String, maxAge: Int, path: String = "/") -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    // MARK: Answers

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// 303 See Other: after a post, the browser loads `location` with a GET.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `scheme://host[:port]`, lowercased, as browsers write `Origin`.
    static func origin(of url: URLComponents) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed)" + (url.port.map { ":\($0)" } ?? "")
    }
}
