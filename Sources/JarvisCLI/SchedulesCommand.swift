import ArgumentParser
import Cron
import Foundation
import JarvisCore

/// `jarvis schedules [list | set | pause | resume]`.
public struct SchedulesCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "schedules",
        abstract: "List and change the schedules (a server in another process notices a change within a minute).",
        subcommands: [List.self, Set.self, Pause.self, Resume.self],
        defaultSubcommand: List.self
    )

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the schedules with their next fire times in local time.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var zone: ZoneOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let appliance = try await ProcessSettings.appliance(store: store, zone: zone)
            let statuses = try await appliance.schedules.statuses(now: appliance.clock.now)
            if output.json { return try JSONOutput.print(["schedules": statuses.map(ScheduleResource.init)]) }
            let rows = statuses.map { status -> [String] in
                let schedule = status.schedule
                let next = schedule.paused ? "paused" : status.nextFire.map { RFC3339Timestamp.string(from: $0, in: status.zone) } ?? "never"
                return [
                    schedule.id, schedule.job, schedule.cron, status.zone.identifier, next,
                    schedule.catchUp.rawValue, "\(schedule.maxRetries)", "\(schedule.timeoutSeconds)s",
                    status.expression?.explanation ?? "invalid expression",
                ]
            }
            print(TextTable.render(["ID", "JOB", "CRON", "ZONE", "NEXT", "CATCH-UP", "RETRIES", "TIMEOUT", "MEANING"], rows))
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or change a schedule.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var zone: ZoneOptions

        @Argument(help: "The schedule's id (the job's slug for the defaults).") var id: String
        @Argument(help: "A cron expression, e.g. \"0 2 * * *\".") var expression: String
        @Option(name: .customLong("tz"), help: "The schedule's IANA time zone (default: the appliance's).") var scheduleZone: String?
        @Option(help: "The job it runs (for a new schedule; default: the id).") var job: String?
        @Option(help: "Retries after a failure (0-100).") var retries: Int?
        @Option(help: "Timeout in seconds (1-86400).") var timeout: Int?
        @Option(name: .customLong("catch-up"), help: "After downtime: latest, all or skip.") var catchUp: String?

        func run() async throws {
            let policy = try catchUp.map { try CatchUpPolicy.parse($0, field: "--catch-up") }
            let appliance = try await ProcessSettings.appliance(store: store, zone: zone)
            let change = ScheduleStore.Change(
                job: job,
                cron: expression,
                timezone: scheduleZone.map { .some($0) },
                catchUp: policy,
                maxRetries: retries,
                timeoutSeconds: timeout
            )
            let schedule = try await appliance.schedules.upsert(id: id, change)
            let expression = try appliance.schedules.expression(of: schedule)
            let next = expression.nextFires(after: appliance.clock.now, count: 3).map { RFC3339Timestamp.string(from: $0, in: expression.timeZone) }
            print("ok: \(schedule.id) runs \(schedule.job) \(expression.explanation); next: \(next.joined(separator: ", "))")
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a schedule (its slots are not run until resumed).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The schedule's id.") var id: String

        func run() async throws {
            try await SchedulesCommand.setPaused(id, true, store: store)
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused schedule from now on.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The schedule's id.") var id: String

        func run() async throws {
            try await SchedulesCommand.setPaused(id, false, store: store)
        }
    }

    static func setPaused(_ id: String, _ paused: Bool, store: StoreOptions) async throws {
        let schedules = try await ProcessSettings.appliance(store: store).schedules
        let schedule = paused ? try await schedules.pause(id) : try await schedules.resume(id)
        print("ok: \(schedule.id) \(paused ? "paused" : "resumed")")
    }
}
