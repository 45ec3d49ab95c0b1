import ArgumentParser
import JarvisCore

/// `jarvis members show --gym SLUG EXTERNAL_ID`: one member, as JSON.
struct MembersShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one member, as JSON.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var member: MemberKey

    func run() async throws {
        let found = try await ProcessSettings.appliance(store: store).members.member(gym: member.gym, externalID: member.externalID)
        try JSONOutput.print(["member": found])
    }
}
