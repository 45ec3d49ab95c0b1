import HTTPTypes
import Hummingbird
import JarvisCore
import Logging

/// Around every dashboard route: security headers on every answer, and failures turned into
/// JSON errors (`{"error":"..."}`) with the right status and no internals.
struct DashboardMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    /// No script at all, styles only from the page itself, no framing, forms only to this site.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let error as HTTPResponseError {
            response = try APIError(error.status, error.status == .notFound ? "Not found" : error.status.reasonPhrase).response(
                from: request,
                context: context
            )
        } catch {
            // A use case's refusal, answered as the API answers it.
            let wrapped = JarvisError(wrapping: error)
            if wrapped.code == .internalFailure {
                logger.error("dashboard request failed", metadata: ["http.path": "\(request.uri.path)", "error": "\(wrapped.message)"])
            }
            response = try APIError(wrapped).response(from: request, context: context)
        }
        Self.addSecurityHeaders(to: &response.headers)
        return response
    }

    static func addSecurityHeaders(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[DashboardHeader.xFrameOptions] = "DENY"
        headers[DashboardHeader.referrerPolicy] = "same-origin"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        headers[DashboardHeader.crossOriginOpenerPolicy] = "same-origin"
    }
}

/// Header names that swift-http-types does not name.
enum DashboardHeader {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
