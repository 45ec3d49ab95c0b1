import Hummingbird
import JarvisCore

/// `/api/gyms`: the gyms, one gym, and its upsert by slug, through `GymStore`.
struct GymsController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("gyms") { request, _ in
            try RecordBody.refuseUnknownParameters(request, known: [])
            return try JSONResponse.make(["gyms": try await appliance.gyms.list()])
        }
        group.get("gyms/{gym}") { _, context in
            let slug = try RecordBody.parameter(context, "gym")
            return try await RecordBody.naming {
                try JSONResponse.make(["gym": try await appliance.gyms.gym(slug: slug)])
            }
        }
        group.put("gyms/{gym}") { request, context in
            let slug = try RecordBody.parameter(context, "gym")
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming {
                try RecordBody.answer("gym", try await appliance.gyms.upsert(slug: slug, fields: fields))
            }
        }
    }
}
