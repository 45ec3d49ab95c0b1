import ArgumentParser
import JarvisCore

/// `jarvis members list --gym SLUG [--active true|false] [--limit N] [--cursor C] [--json]`.
struct MembersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a gym's members, in the order they were added.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The gym's slug.") var gym: String
    @Option(help: "Only the active (true) or inactive (false) members.") var active: Bool?
    @Option(help: "How many rows (1-500).") var limit = MemberStore.defaultLimit
    @Option(help: "The nextCursor of the previous page.") var cursor: String?
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let page = try await ProcessSettings.appliance(store: store).members.list(gym: gym, active: active, cursor: cursor, limit: limit)
        if output.json {
            struct Page: Encodable {
                var members: [MemberResource]
                var nextCursor: String?
            }
            return try JSONOutput.print(Page(members: page.members, nextCursor: page.nextCursor))
        }
        let rows = page.members.map { member in
            [
                member.externalId ?? "", member.badgeId, member.isActive ? "yes" : "no", member.membershipExpires ?? "",
                member.lastVisit ?? "", "\(member.firstName) \(member.lastName)",
            ]
        }
        print(TextTable.render(["EXTERNAL ID", "BADGE", "ACTIVE", "EXPIRES", "LAST VISIT", "NAME"], rows))
        if let next = page.nextCursor { StandardError.print("more: --cursor \(next)") }
    }
}
