import Cron
import Foundation
import Hummingbird
import JarvisCore

/// `/api/runs`: the run history (filtered, paged), one run, and retrying a failed run by hand.
struct RunsController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("runs", use: list)
        group.get("runs/{id}", use: show)
        group.post("runs/{id}/retry", use: retry)
    }

    /// The filters and page of `GET /api/runs`, read from the query string.
    static func query(_ request: Request) throws -> RunHistory.Query {
        let parameters = request.uri.queryParameters
        let known = ["job", "status", "since", "limit", "cursor", "offset"]
        if let unknown = parameters.map({ String($0.key) }).sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown parameter; known: \(known.joined(separator: ", "))", field: unknown)
        }
        var query = RunHistory.Query()
        query.job = parameters["job"].map(String.init)
        query.status = try parameters["status"].map { try RunStatus.parse(String($0), field: "status") }
        if let since = parameters["since"].map(String.init) {
            guard let date = RFC3339Timestamp.date(from: since) else {
                throw APIError.badRequest("since: '\(since)' is not an RFC 3339 instant such as 2027-03-28T00:00:00Z", field: "since")
            }
            query.since = date
        }
        query.limit = try integer(parameters, "limit", Int.self) ?? query.limit
        query.cursor = try integer(parameters, "cursor", Int64.self)
        query.offset = try integer(parameters, "offset", Int.self) ?? 0
        return query
    }

    /// A whole-number parameter; its range is checked by the use case.
    private static func integer<T: FixedWidthInteger>(_ parameters: Parameters, _ name: String, _ type: T.Type) throws -> T? {
        guard let text = parameters[Substring(name)].map(String.init) else { return nil }
        guard let value = T(text) else { throw APIError.badRequest("\(name): '\(text)' is not a whole number", field: name) }
        return value
    }

    /// Newest first. `nextCursor` is set when there may be more: pass it as `cursor`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await appliance.history.list(Self.query(request))
        struct Page: Encodable {
            var runs: [RunResource]
            var nextCursor: String?
        }
        return try JSONResponse.make(Page(runs: page.runs.map(RunResource.init), nextCursor: page.nextCursor.map(String.init)))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(RunResource(try await appliance.history.run(runID(context))))
    }

    /// Retries a failed, timed-out or abandoned run now, even a dead one; answers like a cron
    /// trigger (200, 202 with `Prefer: respond-async`, 409 while the job runs, 500 on failure).
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let launch = try await appliance.launcher.retry(runID: runID(context), waiting: !LaunchAnswer.prefersAsync(request))
        return try LaunchAnswer.response(to: launch)
    }

    private func runID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("id: '\(text)' is not a run id (a positive integer)", field: "id")
        }
        return id
    }
}
