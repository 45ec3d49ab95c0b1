import Cron
import Foundation
import GRDB
import Hummingbird
import JarvisCore

/// `/api/runs`: the run history (filtered, paged), one run, and retrying a failed run by hand.
struct RunsController: Sendable {
    let appliance: Appliance
    let dispatcher: RunDispatcher

    static let defaultLimit = 50
    static let maxLimit = 500

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("runs", use: list)
        group.get("runs/{id}", use: show)
        group.post("runs/{id}/retry", use: retry)
    }

    /// The filters and page of `GET /api/runs`, validated.
    struct Query {
        var job: String?
        var status: RunStatus?
        var since: Date?
        var limit = RunsController.defaultLimit
        var cursor: Int64?
        var offset: Int?
    }

    func query(_ request: Request) throws -> Query {
        let parameters = request.uri.queryParameters
        let known = ["job", "status", "since", "limit", "cursor", "offset"]
        if let unknown = parameters.map({ String($0.key) }).sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown parameter; known: \(known.joined(separator: ", "))", field: unknown)
        }
        var query = Query()
        if let job = parameters["job"].map(String.init) {
            guard appliance.registry[job] != nil else {
                throw APIError.badRequest("job: unknown job '\(job)'; known jobs: \(appliance.registry.slugs.joined(separator: ", "))", field: "job")
            }
            query.job = job
        }
        if let status = parameters["status"].map(String.init) {
            guard let parsed = RunStatus(rawValue: status) else {
                throw APIError.badRequest("status: '\(status)' is not one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            query.status = parsed
        }
        if let since = parameters["since"].map(String.init) {
            guard let date = RFC3339Timestamp.date(from: since) else {
                throw APIError.badRequest("since: '\(since)' is not an RFC 3339 instant such as 2027-03-28T00:00:00Z", field: "since")
            }
            query.since = date
        }
        if let limit = parameters["limit"].map(String.init) {
            guard let value = Int(limit), (1...Self.maxLimit).contains(value) else {
                throw APIError.badRequest("limit: '\(limit)' is not a number from 1 to \(Self.maxLimit)", field: "limit")
            }
            query.limit = value
        }
        if let cursor = parameters["cursor"].map(String.init) {
            guard let value = Int64(cursor), value > 0 else {
                throw APIError.badRequest("cursor: '\(cursor)' is not a run id; pass the nextCursor of the previous page", field: "cursor")
            }
            query.cursor = value
        }
        if let offset = parameters["offset"].map(String.init) {
            guard let value = Int(offset), value >= 0 else {
                throw APIError.badRequest("offset: '\(offset)' is not a number from 0", field: "offset")
            }
            query.offset = value
        }
        return query
    }

    /// Newest first. `nextCursor` is set when there may be more: pass it as `cursor`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try query(request)
        let runs = try await appliance.database.writer.read { db in
            try JobRun.fetchAll(
                db,
                sql: """
                    SELECT * FROM job_runs
                    WHERE (:job IS NULL OR job = :job)
                      AND (:status IS NULL OR status = :status)
                      AND (:since IS NULL OR COALESCE(started_at, slot_utc) >= :since)
                      AND (:cursor IS NULL OR id < :cursor)
                    ORDER BY id DESC
                    LIMIT :limit OFFSET :offset
                    """,
                arguments: [
                    "job": query.job, "status": query.status?.rawValue, "since": query.since.map(Timestamp.string(from:)),
                    "cursor": query.cursor, "limit": query.limit, "offset": query.offset ?? 0,
                ]
            )
        }
        struct Page: Encodable {
            var runs: [RunResource]
            var nextCursor: String?
        }
        let next = runs.count == query.limit ? runs.last.map { String($0.runID) } : nil
        return try JSONResponse.make(Page(runs: runs.map(RunResource.init), nextCursor: next))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try runID(context)
        guard let run = try await appliance.database.writer.read({ db in try JobRun.fetchOne(db, key: id) }) else {
            throw APIError.notFound("no run \(id)")
        }
        return try JSONResponse.make(RunResource(run))
    }

    /// Retries a failed, timed-out or abandoned run now, even a dead one; answers like a cron
    /// trigger (200, 202 with `Prefer: respond-async`, 409 while the job runs, 500 on failure).
    @Sendable func retry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try runID(context)
        guard let failed = try await appliance.database.writer.read({ db in try JobRun.fetchOne(db, key: id) }) else {
            throw APIError.notFound("no run \(id)")
        }
        let settings: RunSettings
        if let scheduleID = failed.scheduleID, let schedule = try? await appliance.schedules.schedule(scheduleID) {
            settings = appliance.schedules.settings(of: schedule)
        } else {
            settings = try await appliance.schedules.settings(forJob: failed.job)
        }
        let outcome: ClaimOutcome
        do {
            outcome = try await appliance.runner.claimRetry(of: id, settings: settings, byHand: true)
        } catch let error as RunnerError where error.code == .notRetryable {
            throw APIError(.conflict, error.message, fields: ["runId": .int(Int(id))])
        } catch let error as RunnerError where error.code == .notFound {
            throw APIError.notFound(error.message)
        }
        return try await dispatcher.respond(to: outcome, settings: settings, async: RunDispatcher.prefersAsync(request))
    }

    private func runID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.badRequest("id: '\(text)' is not a run id (a positive integer)", field: "id")
        }
        return id
    }
}
