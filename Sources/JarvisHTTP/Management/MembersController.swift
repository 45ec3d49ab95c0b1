import Hummingbird
import JarvisCore

/// `/api/gyms/{gym}/members`: a gym's members (paged), one member, the upsert (`PUT`) and the
/// partial update (`PATCH`, e.g. `{"isActive":false}` deactivates), through `MemberStore`;
/// erasure and access under the GDPR (`…/erase`, `…/export`), through `MemberPrivacy`.
struct MembersController: Sendable {
    let appliance: Appliance

    /// The path parameters that carry a member's key columns.
    static let parameters = ["external_id": "externalId", "gym": "gym"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("gyms/{gym}/members") { request, context in
            try RecordBody.refuseUnknownParameters(request, known: ["active", "limit", "cursor"])
            let gym = try RecordBody.parameter(context, "gym")
            let active: Bool?
            switch request.uri.queryParameters["active"].map(String.init) {
            case nil: active = nil
            case "true": active = true
            case "false": active = false
            case let text?: throw APIError.badRequest("active: '\(text.prefix(32))' is not true or false", field: "active")
            }
            let limit = try RecordBody.integer(request, "limit") ?? MemberStore.defaultLimit
            let cursor = request.uri.queryParameters["cursor"].map(String.init)
            return try await RecordBody.naming(Self.parameters) {
                let page = try await appliance.members.list(gym: gym, active: active, cursor: cursor, limit: limit)
                struct Page: Encodable {
                    var members: [MemberResource]
                    var nextCursor: String?
                }
                return try JSONResponse.make(Page(members: page.members, nextCursor: page.nextCursor))
            }
        }
        group.get("gyms/{gym}/members/{externalId}") { _, context in
            let (gym, member) = try Self.key(context)
            return try await RecordBody.naming(Self.parameters) {
                try JSONResponse.make(["member": try await appliance.members.member(gym: gym, externalID: member)])
            }
        }
        group.put("gyms/{gym}/members/{externalId}") { request, context in
            let (gym, member) = try Self.key(context)
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming(Self.parameters) {
                try RecordBody.answer("member", try await appliance.members.upsert(gym: gym, externalID: member, fields: fields))
            }
        }
        group.patch("gyms/{gym}/members/{externalId}") { request, context in
            let (gym, member) = try Self.key(context)
            let fields = try await RecordBody.fields(request)
            return try await RecordBody.naming(Self.parameters) {
                try JSONResponse.make(["member": try await appliance.members.update(gym: gym, externalID: member, fields: fields)])
            }
        }
        // The member's rights under the GDPR: erasure at once, and access to everything held.
        group.post("gyms/{gym}/members/{externalId}/erase") { _, context in
            let (gym, member) = try Self.key(context)
            return try await RecordBody.naming(Self.parameters) {
                try JSONResponse.make(["erasure": try await appliance.privacy.erase(gym: gym, member: member)])
            }
        }
        group.get("gyms/{gym}/members/{externalId}/export") { _, context in
            let (gym, member) = try Self.key(context)
            return try await RecordBody.naming(Self.parameters) {
                try JSONResponse.make(try await appliance.privacy.export(gym: gym, member: member))
            }
        }
    }

    static func key(_ context: AppRequestContext) throws -> (gym: String, member: String) {
        (try RecordBody.parameter(context, "gym"), try RecordBody.parameter(context, "externalId"))
    }
}
