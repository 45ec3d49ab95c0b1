import ArgumentParser
import JarvisCore

/// `jarvis members facts [list | set | delete]`: what the assistant learnt about a member,
/// through `FactStore` as the management API.
struct MembersFactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "List a member's facts, create or change one, or delete one.",
        subcommands: [List.self, Set.self, Delete.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a member's facts, oldest first.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var member: MemberKey
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let facts = try await ProcessSettings.appliance(store: store).facts.list(gym: member.gym, member: member.externalID)
            if output.json { return try JSONOutput.print(["facts": facts]) }
            let rows = facts.map { [$0.factId ?? "", $0.category.rawValue, $0.createdAt, $0.expiresAt ?? "", $0.fact] }
            print(TextTable.render(["FACT ID", "CATEGORY", "CREATED", "EXPIRES", "FACT"], rows))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a fact or replace it.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var member: MemberKey
        @Argument(help: "The fact's id.") var factID: String
        @Option(help: "preference, goal, health, schedule or other.") var category: String
        @Option(help: "The fact, e.g. \"prefers mornings\".") var fact: String
        @Option(help: "RFC 3339 instant (default: kept, or now).") var createdAt: String?
        @Option(help: "YYYY-MM-DD or an instant; none: kept until the member is erased.") var expiresAt: String?

        func run() async throws {
            let fields = ColumnFields(text: ["category": category, "fact": fact, "created_at": createdAt, "expires_at": expiresAt])
            let upserted = try await ProcessSettings.appliance(store: store).facts.upsert(
                gym: member.gym,
                member: member.externalID,
                factID: factID,
                fields: fields
            )
            StandardError.print("fact \(factID) \(upserted.outcome.rawValue)")
            try JSONOutput.print(["fact": upserted.resource])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a fact.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var member: MemberKey
        @Argument(help: "The fact's id.") var factID: String

        func run() async throws {
            try await ProcessSettings.appliance(store: store).facts.delete(gym: member.gym, member: member.externalID, factID: factID)
            StandardError.print("fact \(factID) deleted")
        }
    }
}
