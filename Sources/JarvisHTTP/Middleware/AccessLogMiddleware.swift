import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: method, path (never the query string, which may carry a
/// parameter a client should not have put there), status, duration and a request id, which
/// is also returned as `X-Request-Id` so that a caller can quote it. No header is logged, so
/// no bearer, token or signature can reach the log.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requestIDField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        // Hummingbird's id of the request, kept in its logger's metadata (a log handler that
        // keeps no metadata loses it: then a fresh one).
        let requestID = context.logger[metadataKey: "hb.request.id"]?.description ?? RequestID().description
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware answers every error; this is only a last resort.
            response = Response(status: .internalServerError)
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[Self.requestIDField] = requestID
        var logger = context.logger
        logger[metadataKey: "hb.request.id"] = nil  // logged once, as request.id
        logger.info(
            "request",
            metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.path": "\(request.uri.path)",
                "http.status": "\(response.status.code)",
                "http.duration_ms": "\((milliseconds * 10).rounded() / 10)",
                "request.id": "\(requestID)",
            ]
        )
        return response
    }
}
