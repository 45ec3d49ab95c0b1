import Foundation
import Hummingbird
import JarvisCore

/// `/api/alerts`: the managers' alerts (filtered, paged), one alert, and the four actions on an
/// alert — acknowledge, resolve, dismiss, reopen — each through `AlertStore`, as the dashboard
/// and `jarvis alerts` do.
struct AlertsController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("alerts", use: list)
        group.get("alerts/{id}", use: show)
        group.post("alerts/{id}/acknowledge") { request, context in
            try answer(try await store.acknowledge(id: alertID(context), note: note(request)))
        }
        group.post("alerts/{id}/resolve") { request, context in
            let id = try alertID(context)
            return try answer(try await store.resolve(id: id, note: note(request) ?? ""))
        }
        group.post("alerts/{id}/dismiss") { request, context in
            try answer(try await store.dismiss(id: alertID(context), note: note(request)))
        }
        group.post("alerts/{id}/reopen") { request, context in
            let id = try alertID(context)
            _ = try await note(request, accepted: [])
            return try answer(try await store.reopen(id: id))
        }
    }

    private var store: AlertStore { appliance.alerts }

    /// The filters and page of `GET /api/alerts`, read from the query string. `status` may be
    /// given several times or as a comma-separated list.
    static func query(_ request: Request) throws -> AlertQuery {
        let parameters = request.uri.queryParameters
        let known = ["gym", "type", "status", "priority", "limit", "cursor"]
        if let unknown = parameters.map({ String($0.key) }).sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown parameter; known: \(known.joined(separator: ", "))", field: unknown)
        }
        var query = AlertQuery()
        query.gym = parameters["gym"].map(String.init)
        query.type = try parameters["type"].map { try AlertType.parse(String($0), field: "type") }
        query.statuses = try parameters.getAll("status").flatMap { try AlertQuery.statuses($0) }
        query.priority = try parameters["priority"].map { try AlertPriority.parse(String($0), field: "priority") }
        if let text = parameters["limit"].map(String.init) {
            guard let limit = Int(text) else { throw APIError.badRequest("limit: '\(text)' is not a whole number", field: "limit") }
            query.limit = limit
        }
        if let text = parameters["cursor"].map(String.init) {
            guard let cursor = Int64(text) else {
                throw APIError.badRequest("cursor: '\(text)' is not an alert id; pass the nextCursor of the previous page", field: "cursor")
            }
            query.cursor = cursor
        }
        return query
    }

    /// Newest first. `nextCursor` is set when there may be more: pass it as `cursor`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await store.list(Self.query(request))
        struct Page: Encodable {
            var alerts: [AlertResource]
            var nextCursor: String?
        }
        return try JSONResponse.make(Page(alerts: page.alerts, nextCursor: page.nextCursor.map(String.init)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try answer(try await store.alert(id: alertID(context)))
    }

    /// The optional body `{"note": "..."}`: an empty (zero-byte) or absent body is no note; any
    /// other body must be that JSON object.
    private func note(_ request: Request, accepted fields: [String] = ["note"]) async throws -> String? {
        var request = request
        let body = try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes)
        let text = String(buffer: body)
        guard !text.isEmpty else { return nil }
        let example = fields.isEmpty ? "no body" : "{\"note\": \"Called her; she comes back on Monday\"}"
        guard let json = JSONValue(jsonText: text), case .object(let object) = json else {
            throw APIError.badRequest("the body must be a JSON object; send \(example)")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown field; send \(example)", field: unknown)
        }
        switch object["note"] {
        case nil, .null?: return nil
        case .string(let note)?: return note
        default: throw APIError.badRequest("note: expected a string", field: "note")
        }
    }

    private func alertID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("id: '\(text)' is not an alert id (a positive integer)", field: "id")
        }
        return id
    }

    private func answer(_ alert: AlertResource) throws -> Response {
        try JSONResponse.make(alert)
    }
}
