import ArgumentParser
import JarvisCore

/// `jarvis members set --gym SLUG EXTERNAL_ID --badge-id … --first-name … --last-name …
/// --member-since …`: creates the member or replaces their fields, as `PUT` in the API.
struct MembersSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Create a member or replace their fields (those not given are cleared; active by default).",
        discussion: "The same rules as PUT /api/gyms/{gym}/members/{externalId} and `jarvis import members`."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var member: MemberKey
    @Option(help: "The badge, unique in the gym.") var badgeId: String
    @Option var firstName: String
    @Option var lastName: String
    @Option var email: String?
    @Option var phone: String?
    @Option(help: "YYYY-MM-DD.") var memberSince: String
    @Option(help: "YYYY-MM-DD; none: open-ended.") var membershipExpires: String?
    @Option(help: "true (the default) or false.") var isActive: String?

    func run() async throws {
        let fields = ColumnFields(text: [
            "badge_id": badgeId, "first_name": firstName, "last_name": lastName, "email": email, "phone": phone,
            "member_since": memberSince, "membership_expires": membershipExpires, "is_active": isActive,
        ])
        let upserted = try await ProcessSettings.appliance(store: store).members.upsert(
            gym: member.gym,
            externalID: member.externalID,
            fields: fields
        )
        StandardError.print("member \(member.externalID) \(upserted.outcome.rawValue)")
        try JSONOutput.print(["member": upserted.resource])
    }
}
