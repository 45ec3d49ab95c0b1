import HTTPTypes
import Hummingbird
import JarvisCore

/// An error answered as JSON: `{"error": "<message>", ...}` with the right status.
///
/// Every error of the API goes out in this shape, with a message for the caller and never an
/// internal detail (SQL, file paths, stack traces). Extra fields carry what a client acts on,
/// such as the id of the run that is already going (`runId`).
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    /// Fields added beside `error`, e.g. `["runId": 42]`.
    public var fields: [String: JSONValue]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, fields: [String: JSONValue] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public var description: String { "\(status.code) \(message)" }

    /// The JSON body, keys sorted: `{"error":"Unauthorized - Invalid cron secret"}`.
    public var body: String {
        var object = fields
        object["error"] = .string(message)
        return JSONValue.object(object).jsonText
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension APIError {
    /// How a use case's refusal is answered: the one mapping of `JarvisError` to HTTP, for the
    /// API and the dashboard alike. A request the database cannot take now is 503 with
    /// `Retry-After`; an internal failure is 500 without its detail.
    public init(_ error: JarvisError) {
        var fields = error.details
        if let field = error.field { fields["field"] = .string(field) }
        switch error.code {
        case .invalidInput: self.init(.badRequest, error.message, fields: fields)
        case .notFound: self.init(.notFound, error.message, fields: fields)
        case .conflict: self.init(.conflict, error.message, fields: fields)
        case .unavailable, .unusableDatabase:
            self.init(.serviceUnavailable, error.message, fields: error.details, headers: [.retryAfter: "\(Self.retryAfterSeconds)"])
        case .internalFailure: self.init(.internalServerError, "Internal server error")
        }
    }

    /// What `Retry-After` says when the database cannot take a request now.
    static let retryAfterSeconds = 5

    /// 400, naming the parameter or field that was wrong.
    static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(.badRequest, message, fields: field.map { ["field": .string($0)] } ?? [:])
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
}
