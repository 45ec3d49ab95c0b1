import Hummingbird
import JarvisCore

/// `/api/gyms/{gym}/kiosks`: a gym's kiosks, adding one (its token answered once), setting
/// one in or out of maintenance, removing one, through `KioskStore`. No answer carries a
/// kiosk's token or its hash, except the new token in the answer that creates it.
struct KiosksController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("gyms/{gym}/kiosks") { _, context in
            let gym = try RecordBody.parameter(context, "gym")
            return try await RecordBody.naming {
                try JSONResponse.make(["kiosks": try await appliance.kiosks.list(gym: gym)])
            }
        }
        group.post("gyms/{gym}/kiosks") { request, context in
            let gym = try RecordBody.parameter(context, "gym")
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming {
                try fields.refuseColumns(otherThan: ["slug", "name"], of: "a new kiosk")
                guard let name = try fields.string("name") else { throw JarvisError.invalid("name", "name: required") }
                guard let slug = try fields.string("slug") else { throw JarvisError.invalid("slug", "slug: required") }
                let issued = try await appliance.kiosks.add(gym: gym, name: name, slug: slug)
                struct Created: Encodable {
                    var kiosk: KioskListing
                    var token: String
                }
                return try JSONResponse.make(Created(kiosk: issued.kiosk, token: issued.token.value), status: .created)
            }
        }
        group.patch("gyms/{gym}/kiosks/{slug}") { request, context in
            let gym = try RecordBody.parameter(context, "gym")
            let slug = try RecordBody.parameter(context, "slug")
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming {
                try fields.refuseColumns(otherThan: ["maintenance"], of: "a kiosk's change")
                guard case .json(.bool(let on))? = fields.value("maintenance") else {
                    throw JarvisError.invalid("maintenance", "maintenance: required, true or false")
                }
                return try JSONResponse.make(["kiosk": try await appliance.kiosks.setMaintenance(gym: gym, slug: slug, on: on)])
            }
        }
        group.delete("gyms/{gym}/kiosks/{slug}") { _, context in
            let gym = try RecordBody.parameter(context, "gym")
            let slug = try RecordBody.parameter(context, "slug")
            return try await RecordBody.naming {
                try await appliance.kiosks.remove(gym: gym, slug: slug)
                return Response(status: .noContent)
            }
        }
    }
}
