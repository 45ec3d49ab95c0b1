import Hummingbird
import JarvisCore

/// `/api/gyms/{gym}/members/{externalId}/facts`: a member's facts, their upsert and deletion,
/// through `FactStore`.
struct FactsController: Sendable {
    let appliance: Appliance

    /// The path parameters that carry a fact's key columns.
    static let parameters = ["gym": "gym", "member": "externalId", "external_id": "factId"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("gyms/{gym}/members/{externalId}/facts") { _, context in
            let (gym, member) = try MembersController.key(context)
            return try await RecordBody.naming(Self.parameters) {
                try JSONResponse.make(["facts": try await appliance.facts.list(gym: gym, member: member)])
            }
        }
        group.put("gyms/{gym}/members/{externalId}/facts/{factId}") { request, context in
            let (gym, member) = try MembersController.key(context)
            let fact = try RecordBody.parameter(context, "factId")
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming(Self.parameters) {
                try RecordBody.answer("fact", try await appliance.facts.upsert(gym: gym, member: member, factID: fact, fields: fields))
            }
        }
        group.delete("gyms/{gym}/members/{externalId}/facts/{factId}") { _, context in
            let (gym, member) = try MembersController.key(context)
            let fact = try RecordBody.parameter(context, "factId")
            return try await RecordBody.naming(Self.parameters) {
                try await appliance.facts.delete(gym: gym, member: member, factID: fact)
                return Response(status: .noContent)
            }
        }
    }
}
