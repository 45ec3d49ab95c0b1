import ArgumentParser
import JarvisCore

/// `jarvis members deactivate --gym SLUG EXTERNAL_ID`: the member's badge is no longer
/// recognised; the rest is kept (as `PATCH {"isActive":false}`).
struct MembersDeactivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Deactivate a member, keeping the rest.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var member: MemberKey

    func run() async throws {
        let changed = try await ProcessSettings.appliance(store: store).members.deactivate(gym: member.gym, externalID: member.externalID)
        try JSONOutput.print(["member": changed])
    }
}
