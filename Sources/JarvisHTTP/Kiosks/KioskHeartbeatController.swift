import Hummingbird
import JarvisCore

/// `POST /api/kiosks/{slug}/heartbeat`: a kiosk says it is alive, with its own bearer token.
///
/// Answers 204 once the heartbeat is committed; 401 for a missing or wrong token, and equally
/// for a kiosk that does not exist (so that the endpoint does not tell which kiosks exist);
/// 400 for a body that is not the expected JSON; 413 for a body over 1 MiB; 503 when the
/// database cannot take the write. Every error is a JSON object `{"error": "..."}`.
struct KioskHeartbeatController: Sendable {
    let recorder: KioskHeartbeatRecorder
    let clock: any WallClock

    /// The largest body accepted: 1 MiB.
    static let maxBodyBytes = 1 << 20
    /// Longer bearers are refused before they are hashed.
    static let maxBearerLength = 512

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("kiosks/:slug/heartbeat", use: heartbeat)
    }

    @Sendable func heartbeat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let receivedAt = clock.now
        guard let slug = context.parameters.get("slug"), let bearer = Self.bearer(of: request) else {
            return Self.unauthorized
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBodyBytes {
            return ErrorAnswer.response(.contentTooLarge, "the body is larger than 1 MiB")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            return ErrorAnswer.response(.contentTooLarge, "the body is larger than 1 MiB")
        }
        let body: HeartbeatBody
        do {
            body = try HeartbeatBody.parse(buffer)
        } catch {
            return ErrorAnswer.response(.badRequest, error.message)
        }
        let heartbeat = KioskHeartbeat(
            kioskSlug: slug, bearer: bearer, receivedAt: receivedAt,
            softwareVersion: body.softwareVersion, uptimeSeconds: body.uptimeSeconds
        )
        do {
            switch try await recorder.record(heartbeat) {
            case .recorded: return Response(status: .noContent)
            case .refused: return Self.unauthorized
            }
        } catch {
            context.logger.error("could not record a heartbeat", metadata: ["kiosk.slug": "\(slug)", "error": "\(String(describing: type(of: error)))"])
            var response = ErrorAnswer.response(.serviceUnavailable, "the heartbeat could not be recorded; retry later")
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    static let unauthorized = ErrorAnswer.response(.unauthorized, "Unauthorized - Invalid kiosk token")

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case), or nil
    /// for any other header. Read as bytes: this runs on every heartbeat.
    static func bearer(of request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let bytes = header.utf8
        let scheme = "bearer ".utf8
        guard bytes.count > scheme.count, bytes.count <= scheme.count + maxBearerLength else { return nil }
        // ASCII letters compare in any case; the space must be a space.
        guard zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 }) else { return nil }
        let token = bytes.dropFirst(scheme.count)
        guard token.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return nil }
        return String(decoding: token, as: UTF8.self)
    }
}
