import ArgumentParser
import JarvisCore

/// `jarvis members export --gym SLUG EXTERNAL_ID`: everything held about one member (GDPR access).
struct MembersExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print everything the appliance holds about one member, as JSON (the GDPR right of access)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var member: MemberKey

    func run() async throws {
        try JSONOutput.print(try await ProcessSettings.appliance(store: store).privacy.export(gym: member.gym, member: member.externalID))
    }
}
