import Hummingbird

/// Counts every request in `jarvis_http_requests_total` by route pattern, method and status.
/// Requests that match no route (the router names those `NotFound`) count under the route
/// `unmatched`.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ApplianceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            count(request, context: context, status: response.status)
            return response
        } catch {
            count(request, context: context, status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
            throw error
        }
    }

    private func count(_ request: Request, context: Context, status: HTTPResponse.Status) {
        let method = Self.knownMethods.contains(request.method) ? request.method.rawValue : "other"
        let route = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "unmatched"
        metrics.countRequest(route: route, method: method, status: status.code)
    }

    /// Methods counted by name; any other counts as `other`, so that a client cannot create
    /// series at will.
    private static let knownMethods: Set<HTTPRequest.Method> = [.get, .head, .post, .put, .patch, .delete, .options]
}
