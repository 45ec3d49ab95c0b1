import Hummingbird
import JarvisCore

/// `POST /api/kiosks/{slug}/heartbeat`: a kiosk says it is alive, with its own bearer token.
///
/// Answers 204 once the heartbeat is committed; 401 for a missing or wrong token, and equally
/// for a kiosk that does not exist (so that the endpoint does not tell which kiosks exist);
/// 400 for a body that is not the expected JSON; 413 for a body over 1 MiB; 503 when the
/// database cannot take the write. Every error is a JSON object `{"error": "..."}`.
struct KioskHeartbeatController: Sendable {
    let events: KioskEvents
    let clock: any WallClock

    /// Longer bearers are refused before they are hashed.
    static let maxBearerLength = 512

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("kiosks/:slug/heartbeat", use: heartbeat)
    }

    @Sendable func heartbeat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let receivedAt = clock.now
        guard let slug = context.parameters.get("slug"), let token = BearerCredential.token(in: request),
            token.utf8.count <= Self.maxBearerLength
        else {
            throw Self.unauthorized
        }
        // The body limit middleware has refused larger bodies (413) and read this one already.
        var request = request
        let buffer = try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes)
        let body: HeartbeatBody
        do {
            body = try HeartbeatBody.parse(buffer)
        } catch {
            throw APIError(.badRequest, error.message)
        }
        let heartbeat = KioskHeartbeat(
            kioskSlug: slug,
            bearer: String(token),
            receivedAt: receivedAt,
            softwareVersion: body.softwareVersion,
            uptimeSeconds: body.uptimeSeconds
        )
        let outcome: HeartbeatVerdict
        do {
            outcome = try await events.heartbeat(heartbeat)
        } catch {
            context.logger.error(
                "could not record a heartbeat",
                metadata: ["kiosk.slug": "\(slug)", "error": "\(String(describing: type(of: error)))"]
            )
            throw APIError(.serviceUnavailable, "the heartbeat could not be recorded; retry later", headers: [.retryAfter: "5"])
        }
        switch outcome {
        case .recorded: return Response(status: .noContent)
        case .refused: throw Self.unauthorized
        }
    }

    static let unauthorized = APIError(.unauthorized, "Unauthorized - Invalid kiosk token")
}
