import ArgumentParser
import Cron
import Foundation
import JarvisCore

/// `jarvis demo`: fills a new database with deterministic, realistic demo data.
public struct DemoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a new database with deterministic, realistic demo data.",
        discussion: "The same --seed and --until give byte-identical content. The history ends at --until (default: now)."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Number of gyms.") var gyms = 3
    @Option(help: "Members per gym.") var membersPerGym = 200
    @Option(help: "Days of history.") var days = 120
    @Option(help: "Seed of the random generator.") var seed: UInt64 = 42
    @Option(help: "End of the history, as an RFC 3339 instant (default: now).") var until: String?

    public init() {}

    public mutating func validate() throws {
        guard (1...500).contains(gyms) else { throw ValidationError("--gyms must be between 1 and 500") }
        guard (1...100_000).contains(membersPerGym) else { throw ValidationError("--members-per-gym must be between 1 and 100000") }
        guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
    }

    public func run() async throws {
        let configuration = try ProcessSettings.configuration(store: store)
        var end = Date()
        if let until {
            guard let parsed = RFC3339Timestamp.date(from: until) else {
                throw ValidationError("--until: '\(until)' is not an RFC 3339 instant such as 2027-03-28T06:00:00+02:00")
            }
            end = parsed
        }
        let database = try await ProcessSettings.appliance(store: store, access: .createOrMigrate, seedTime: end).database
        let started = ContinuousClock.now
        let counts = try await DemoGenerator(
            options: .init(gyms: gyms, membersPerGym: membersPerGym, days: days, seed: seed),
            until: end
        ).generate(into: database)
        let elapsed = ContinuousClock.now - started
        print(
            """
            demo data written to \(configuration.databasePath) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow)))
              gyms \(counts.gyms), members \(counts.members), visits \(counts.visits), kiosks \(counts.kiosks), heartbeats \(counts.heartbeats)
              voice sessions \(counts.sessions), transcript lines \(counts.events), summaries \(counts.summaries), facts \(counts.facts)
              \(counts.total) rows in all
            """
        )
    }
}
