import Foundation
import Hummingbird
import JarvisCore

/// `/api/schedules`: list, create or change, pause, resume and delete schedules. Every change
/// wakes the scheduler, so it takes effect at once rather than at the next minute.
struct SchedulesController: Sendable {
    let appliance: Appliance
    let onChange: @Sendable () -> Void

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("schedules", use: list)
        group.put("schedules/{id}", use: upsert)
        group.delete("schedules/{id}", use: delete)
        group.post("schedules/{id}/pause") { request, context in try await setPaused(true, request, context) }
        group.post("schedules/{id}/resume") { request, context in try await setPaused(false, request, context) }
    }

    private var store: ScheduleStore { appliance.schedules }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let now = appliance.clock.now
        let schedules = try await store.all().map { ScheduleResource($0, store: store, now: now) }
        return try JSONResponse.make(["schedules": schedules])
    }

    @Sendable func upsert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes)
        guard let json = JSONValue(jsonText: String(buffer: body)) else {
            throw APIError.badRequest("the body is not JSON; send e.g. {\"cron\": \"30 1 * * *\", \"timezone\": \"Europe/Paris\"}")
        }
        let change = try ScheduleChange.parse(json, defaultTimeZone: store.defaultTimeZone)
        let existed = (try? await store.schedule(id)) != nil
        let schedule: Schedule
        do {
            schedule = try await store.upsert(id: id, change)
        } catch let error as RunnerError {
            throw Self.apiError(error)
        }
        onChange()
        return try JSONResponse.make(ScheduleResource(schedule, store: store, now: appliance.clock.now), status: existed ? .ok : .created)
    }

    func setPaused(_ paused: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            let schedule = try await store.setPaused(id, paused)
            onChange()
            return try JSONResponse.make(ScheduleResource(schedule, store: store, now: appliance.clock.now))
        } catch let error as RunnerError {
            throw Self.apiError(error)
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            try await store.delete(id)
        } catch let error as RunnerError {
            throw Self.apiError(error)
        }
        onChange()
        return Response(status: .noContent)
    }

    /// The store's refusals, which name their field first (`retries: 101 is out of range 0-100`).
    static func apiError(_ error: RunnerError) -> APIError {
        switch error.code {
        case .notFound:
            return APIError.notFound(error.message)
        case .unknownJob:
            return APIError.badRequest("job: \(error.message)", field: "job")
        case .invalidSchedule, .notRetryable:
            let prefix = error.message.split(separator: ":").first.map(String.init) ?? ""
            let field = ["id": "id", "retries": "maxRetries", "timeout": "timeoutSeconds", "timezone": "timezone"][prefix]
                ?? (error.message.contains("cron expression") ? "cron" : nil)
            return APIError.badRequest(error.message, field: field)
        }
    }
}
