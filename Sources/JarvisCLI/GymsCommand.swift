import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis gyms [list | show | set]`: the gyms, through `GymStore` as the management API.
public struct GymsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gyms",
        abstract: "List the gyms, show one, or create or change one.",
        subcommands: [List.self, Show.self, Set.self],
        defaultSubcommand: List.self
    )

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the gyms, by slug.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let gyms = try await ProcessSettings.appliance(store: store).gyms.list()
            if output.json { return try JSONOutput.print(["gyms": gyms]) }
            let rows = gyms.map { [$0.slug, $0.status.rawValue, $0.timezone, $0.city ?? "", $0.name] }
            print(TextTable.render(["SLUG", "STATUS", "TIMEZONE", "CITY", "NAME"], rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one gym, as JSON.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The gym's slug.") var slug: String

        func run() async throws {
            try JSONOutput.print(["gym": try await ProcessSettings.appliance(store: store).gyms.gym(slug: slug)])
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the gym SLUG or replace its fields (those not given take their defaults).",
            discussion: "The same rules as PUT /api/gyms/{gym} and `jarvis import gyms`."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The gym's slug, e.g. paris-bastille.") var slug: String
        @Option(help: "The gym's name.") var name: String
        @Option(help: "Its IANA time zone, e.g. Europe/Paris.") var timezone: String
        @Option(help: "Its city.") var city: String?
        @Option(help: "Opening hours as JSON: \"24/7\" (the default) or {\"mon\":\"06:00-22:00\",…,\"sun\":null}.") var openingHours: String?
        @Option(help: "active (the default) or inactive.") var status: String?

        func run() async throws {
            let fields = ColumnFields(text: [
                "name": name, "timezone": timezone, "city": city, "opening_hours": openingHours, "status": status,
            ])
            let upserted = try await ProcessSettings.appliance(store: store).gyms.upsert(slug: slug, fields: fields)
            StandardError.print("gym \(slug) \(upserted.outcome.rawValue)")
            try JSONOutput.print(["gym": upserted.resource])
        }
    }
}
