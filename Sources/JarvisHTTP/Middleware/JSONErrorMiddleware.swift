import HTTPTypes
import Hummingbird
import JarvisCore
import Logging

/// Turns every error into a JSON answer (`{"error": "..."}`) with the right status:
///
/// - an `APIError` as it is;
/// - a use case's `JarvisError` by its code (`APIError.init(_:)`);
/// - Hummingbird's own errors (no route, body too large, undecodable JSON) with a plain message;
/// - a known path asked with another method: 405 and the `Allow` header;
/// - anything else as `JarvisError(wrapping:)` says: a locked or full database is 503 with its
///   plain message; the rest 500 "Internal server error", its description logged but never sent.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try translate(error, request: request).response(from: request, context: context)
        } catch {
            let wrapped = JarvisError(wrapping: error)
            if wrapped.code == .internalFailure {
                context.logger.error("request failed", metadata: ["error": "\(wrapped.message)"])
            }
            return try APIError(wrapped).response(from: request, context: context)
        }
    }

    private func translate(_ error: any HTTPResponseError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(forPath: request.uri.path)
            if !allowed.isEmpty {
                var headers = HTTPFields()
                headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                return APIError(
                    .methodNotAllowed,
                    "Method \(request.method.rawValue) not allowed; use \(allowed.map(\.rawValue).joined(separator: " or "))",
                    headers: headers
                )
            }
            return APIError(.notFound, "Not found: no route for \(request.method.rawValue) \(request.uri.path)")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "Request body too large: at most \(BodyLimitMiddleware<Context>.maxBytes) bytes (1 MiB)")
        default:
            return APIError(error.status, error.status.reasonPhrase)
        }
    }
}
