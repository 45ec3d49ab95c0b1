import ArgumentParser
import JarvisCore

/// `jarvis members erase --gym SLUG EXTERNAL_ID --yes`: the member's erasure on request (GDPR).
struct MembersEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a member on request (GDPR): anonymised at once, as the retention rule does three years on.",
        discussion: """
            Blanks the member's identity, deletes their facts, conversation summaries and transcripts, empties their sessions' \
            metadata and takes their name out of their alerts; their visits and scores stay as anonymous aggregates. Recorded \
            in system_logs without personal data. It cannot be undone: give --yes. Running it again changes nothing.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var member: MemberKey
    @Flag(help: "Confirm the erasure, which cannot be undone.") var yes = false

    func run() async throws {
        guard yes else { throw CommandFailure("erasing member \(member.externalID) cannot be undone: run again with --yes") }
        let erasure = try await ProcessSettings.appliance(store: store).privacy.erase(gym: member.gym, member: member.externalID)
        guard erasure.erasedNow else {
            return print("member \(member.externalID) of \(member.gym) was already anonymised on \(Timestamp.string(from: erasure.erasedAt))")
        }
        print(
            "member \(member.externalID) of \(member.gym) erased: \(erasure.facts) facts, \(erasure.summaries) summaries, "
                + "\(erasure.transcriptLines) transcript lines deleted; \(erasure.sessionsCleared) sessions' metadata emptied; "
                + "\(erasure.alerts) alerts made anonymous"
        )
    }
}
