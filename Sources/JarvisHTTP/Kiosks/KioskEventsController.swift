import Hummingbird
import JarvisCore

/// The kiosk API beside the heartbeat, each route with the kiosk's own bearer token: the badge
/// look-up at check-in, check-ins, voice sessions (start, end, transcript lines, summary).
///
/// Writes are answered once committed: 201 for an event written, 200 for a replay of an event
/// id already stored (nothing written twice). 401 for a missing or wrong token, or a kiosk
/// that does not exist, as for heartbeats; the use cases' errors as the JSON error middleware
/// maps them (400 naming the field, 404, 409, 503).
struct KioskEventsController: Sendable {
    let events: KioskEvents

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("kiosks/:slug/members/:badge", use: lookUp)
        group.post("kiosks/:slug/check-ins", use: checkIn)
        group.post("kiosks/:slug/sessions", use: startSession)
        group.post("kiosks/:slug/sessions/:sessionId/end", use: endSession)
        group.post("kiosks/:slug/sessions/:sessionId/transcript", use: transcript)
        group.post("kiosks/:slug/sessions/:sessionId/summary", use: summary)
    }

    @Sendable func lookUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let badge = try context.parameters.require("badge")
        let card = try await Self.authenticated { try await events.lookUp(badge: badge, kiosk: credential) }
        return try JSONResponse.make(["member": card])
    }

    @Sendable func checkIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let body = try await Self.body(request)
        let visit = try await Self.authenticated { try await events.checkIn(kiosk: credential, body: body) }
        return try Self.answer("visit", visit)
    }

    @Sendable func startSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let body = try await Self.body(request)
        let session = try await Self.authenticated { try await events.startSession(kiosk: credential, body: body) }
        return try Self.answer("session", session)
    }

    @Sendable func endSession(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let sessionID = try context.parameters.require("sessionId")
        let body = try await Self.body(request)
        let session = try await Self.authenticated { try await events.endSession(kiosk: credential, session: sessionID, body: body) }
        return try JSONResponse.make(["session": session.value])
    }

    @Sendable func transcript(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let sessionID = try context.parameters.require("sessionId")
        let body = try await Self.body(request, limit: BodyLimitMiddleware<AppRequestContext>.transcriptMaxBytes)
        let batch = try await Self.authenticated { try await events.recordTranscript(kiosk: credential, session: sessionID, body: body) }
        return try JSONResponse.make(batch, status: batch.written > 0 ? .created : .ok)
    }

    @Sendable func summary(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credential = try Self.credential(request, context)
        let sessionID = try context.parameters.require("sessionId")
        let body = try await Self.body(request)
        let summary = try await Self.authenticated { try await events.recordSummary(kiosk: credential, session: sessionID, body: body) }
        return try Self.answer("summary", summary)
    }

    // MARK: Helpers

    /// The kiosk the path names and the hash of the bearer presented; 401 without one.
    static func credential(_ request: Request, _ context: AppRequestContext) throws -> KioskCredential {
        guard let slug = context.parameters.get("slug"), let token = BearerCredential.token(in: request),
            token.utf8.count <= KioskHeartbeatController.maxBearerLength
        else { throw KioskHeartbeatController.unauthorized }
        return KioskCredential(slug: slug, bearer: String(token))
    }

    /// The body as a JSON object.
    static func body(_ request: Request, limit: Int = BodyLimitMiddleware<AppRequestContext>.maxBytes) async throws -> [String: JSONValue] {
        var request = request
        let text = String(buffer: try await request.collectBody(upTo: limit))
        guard case .object(let object)? = JSONValue(jsonText: text) else {
            throw APIError.badRequest("the body must be a JSON object")
        }
        return object
    }

    /// Runs a use case, answering a refused token 401 as the heartbeat does.
    static func authenticated<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch is KioskTokenRefused {
            throw KioskHeartbeatController.unauthorized
        }
    }

    /// 201 for an event written, 200 for a replay.
    static func answer(_ key: String, _ recorded: Recorded<some Encodable & Sendable>) throws -> Response {
        try JSONResponse.make([key: recorded.value], status: recorded.created ? .created : .ok)
    }
}
