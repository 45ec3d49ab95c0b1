import Foundation
import Hummingbird
import JarvisCore

/// `/api/schedules`: list, create or change, pause, resume and delete schedules. Every change
/// goes through `ScheduleStore`, which validates it and wakes the scheduler at once.
struct SchedulesController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("schedules", use: list)
        group.put("schedules/{id}", use: upsert)
        group.delete("schedules/{id}", use: delete)
        group.post("schedules/{id}/pause") { request, context in
            try answer(try await store.pause(context.parameters.require("id")))
        }
        group.post("schedules/{id}/resume") { request, context in
            try answer(try await store.resume(context.parameters.require("id")))
        }
    }

    private var store: ScheduleStore { appliance.schedules }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let schedules = try await store.statuses(now: appliance.clock.now).map(ScheduleResource.init)
        return try JSONResponse.make(["schedules": schedules])
    }

    @Sendable func upsert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        var request = request
        let body = try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes)
        guard let json = JSONValue(jsonText: String(buffer: body)) else {
            throw APIError.badRequest("the body is not JSON; send e.g. {\"cron\": \"30 1 * * *\", \"timezone\": \"Europe/Paris\"}")
        }
        let change = try ScheduleChange.parse(json)
        let existed = (try? await store.schedule(id)) != nil
        return try answer(try await store.upsert(id: id, change), status: existed ? .ok : .created)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await store.delete(context.parameters.require("id"))
        return Response(status: .noContent)
    }

    private func answer(_ schedule: Schedule, status: HTTPResponse.Status = .ok) throws -> Response {
        try JSONResponse.make(ScheduleResource(store.status(of: schedule, now: appliance.clock.now)), status: status)
    }
}
