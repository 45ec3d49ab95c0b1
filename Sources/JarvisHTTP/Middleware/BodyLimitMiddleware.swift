import Hummingbird

/// Caps every request body at 1 MiB: larger bodies are refused with 413 before any route reads
/// them, whether they announce their length or stream in chunks. Bodies within the cap are
/// read into memory once, so that routes and signature checks see the same bytes.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 1_048_576 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > Self.maxBytes {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        _ = try await request.collectBody(upTo: Self.maxBytes)
        return try await next(request, context)
    }
}
