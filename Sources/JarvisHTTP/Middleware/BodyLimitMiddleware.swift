import HTTPTypes
import Hummingbird
import NIOHTTP1

/// Caps every request body at 1 MiB (a kiosk's transcript batch at ``transcriptMaxBytes``, so
/// that a batch of 500 lines of 16 KiB fits and a line too long is answered 400 naming it): larger bodies are refused with 413 before any route reads
/// them, whether they announce their length or stream in chunks. Bodies within the cap are
/// read into memory once, so that routes and signature checks see the same bytes.
///
/// A body whose framing is broken (a chunk size that is not hexadecimal, a length that does
/// not hold) is the client's error: 400 `{"error":"Malformed request: …"}`, and the
/// connection is closed, since the rest of its bytes cannot be trusted to start a request.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBytes: Int { 1_048_576 }
    /// The cap of `POST /api/kiosks/{slug}/sessions/{sessionId}/transcript`: 9 MiB.
    static var transcriptMaxBytes: Int { 9 * 1_048_576 }

    /// The cap of a request's body.
    static func maxBytes(forPath path: String) -> Int {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let isTranscript =
            parts.count == 7 && parts[1] == "api" && parts[2] == "kiosks" && parts[4] == "sessions" && parts[6] == "transcript"
        return isTranscript ? transcriptMaxBytes : maxBytes
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = Self.maxBytes(forPath: request.uri.path)
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(limit)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(limit)
        } catch let error as HTTPParserError {
            throw APIError(.badRequest, "Malformed request: \(Self.explanation(of: error))", headers: [.connection: "close"])
        }
        return try await next(request, context)
    }

    /// 413: the translation of the JSON error middleware for the usual cap, else its own.
    private static func tooLarge(_ limit: Int) -> any Error {
        guard limit != maxBytes else { return HTTPError(.contentTooLarge) }
        return APIError(.contentTooLarge, "Request body too large: at most \(limit) bytes (\(limit / 1_048_576) MiB)")
    }

    /// What was wrong with the body, in words a client's developer reads.
    static func explanation(of error: HTTPParserError) -> String {
        switch error {
        case .invalidChunkSize: "a chunk size of the chunked body is not a hexadecimal number"
        case .invalidContentLength, .unexpectedContentLength: "the Content-Length header does not fit the body"
        case .invalidEOFState, .closedConnection: "the body ended before it was complete"
        case .invalidCharactersUsed, .lfExpected, .invalidConstant: "the chunked body's framing is not valid HTTP/1.1"
        case .headerOverflow: "a chunk extension or trailer is too large"
        default: "the body's framing is not valid HTTP/1.1"
        }
    }
}
