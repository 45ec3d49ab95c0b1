import ArgumentParser
import JarvisCore

/// `jarvis members …`: a gym's members, keyed by the gym and the source system's external id,
/// through `MemberStore` as the management API. Each subcommand lives in its own file.
public struct MembersCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "List a gym's members, show, create, change or deactivate one, manage their facts, erase or export one (GDPR).",
        subcommands: [
            MembersListCommand.self, MembersShowCommand.self, MembersSetCommand.self, MembersDeactivateCommand.self, MembersFactsCommand.self,
            MembersEraseCommand.self, MembersExportCommand.self,
        ],
        defaultSubcommand: MembersListCommand.self
    )

    public init() {}
}

/// `--gym SLUG EXTERNAL_ID`: which member.
struct MemberKey: ParsableArguments {
    @Option(help: "The gym's slug.") var gym: String
    @Argument(help: "The member's external id.") var externalID: String
}
