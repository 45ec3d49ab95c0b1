import Foundation
import Hummingbird
import JarvisCore

/// The JSON body of a management write, as the fields of a record, and the one mapping of a
/// record's errors back to the request's names: a column (`badge_id`) is named as the body's
/// key (`badgeId`), or as the path parameter that carries it (`external_id` → `externalId`).
enum RecordBody {
    /// The body as an object; an empty body is `{}` when `optional`.
    static func fields(_ request: Request, optional: Bool = false) async throws -> JSONBodyFields {
        var request = request
        let text = String(buffer: try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes))
        if optional, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return JSONBodyFields([:]) }
        guard let json = JSONValue(jsonText: text), case .object(let object) = json else {
            throw APIError.badRequest("the body must be a JSON object")
        }
        return JSONBodyFields(object)
    }

    /// Runs `body`, renaming the field of a `JarvisError` it throws: `parameters` first (column →
    /// path parameter), else the camelCase key of the column.
    static func naming<Value>(_ parameters: [String: String] = [:], _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as JarvisError {
            guard let field = error.field else { throw error }
            let name = parameters[field] ?? JSONBodyFields.key(forColumn: field)
            throw JarvisError(error.code, error.message, field: name, details: error.details)
        }
    }

    /// 201 for a created row, else 200.
    static func answer(_ key: String, _ upserted: Upserted<some Encodable & Sendable>) throws -> Response {
        try JSONResponse.make([key: upserted.resource], status: upserted.created ? .created : .ok)
    }

    /// A path parameter, percent-decoded (`%C3%A9` is `é`), so that the key a client gave is
    /// the one the records check.
    static func parameter(_ context: AppRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// A whole-number query parameter.
    static func integer(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard let value = Int(text) else { throw APIError.badRequest("\(name): '\(text.prefix(32))' is not a whole number", field: name) }
        return value
    }

    /// Refuses a query parameter not in `known`.
    static func refuseUnknownParameters(_ request: Request, known: [String]) throws {
        if let unknown = request.uri.queryParameters.map({ String($0.key) }).sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown parameter; known: \(known.joined(separator: ", "))", field: unknown)
        }
    }
}
