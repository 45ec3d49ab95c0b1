import Hummingbird
import JarvisCore

/// Guards the management API: the request must carry the admin secret
/// (`JARVIS_ADMIN_SECRET`, else the cron secret) as its bearer, compared in constant time.
/// With no secret configured, every request is refused.
struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let secret: Secret?

    static var unauthorized: APIError { APIError(.unauthorized, "Unauthorized - Invalid admin secret") }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret, let token = BearerCredential.token(in: request), secret.matches(token) else {
            throw Self.unauthorized
        }
        return try await next(request, context)
    }
}
