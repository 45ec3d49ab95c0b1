import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis alerts [list | show | acknowledge | resolve | dismiss | reopen]`: the managers'
/// alerts and what a manager does about them, through `AlertStore` as the API and the dashboard.
public struct AlertsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the managers' alerts, show one, or acknowledge, resolve, dismiss or reopen it.",
        subcommands: [List.self, Show.self, Acknowledge.self, Resolve.self, Dismiss.self, Reopen.self],
        defaultSubcommand: List.self
    )

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts, newest first.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only the alerts of this gym (its slug).") var gym: String?
        @Option(help: "Only this type (churn_risk, kiosk_offline, job_failed).") var type: String?
        @Option(help: "Only these statuses, comma-separated (open, acknowledged, resolved, dismissed).") var status: String?
        @Option(help: "Only this priority (low, medium, high, urgent).") var priority: String?
        @Option(help: "How many rows (1-500).") var limit = 50
        @Option(help: "Only alerts older than this id: the nextCursor of the previous page.") var cursor: Int64?
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let query = AlertQuery(
                gym: gym,
                type: try type.map { try AlertType.parse($0, field: "--type") },
                statuses: try status.map { try AlertQuery.statuses($0, field: "--status") } ?? [],
                priority: try priority.map { try AlertPriority.parse($0, field: "--priority") },
                limit: limit,
                cursor: cursor
            )
            let page = try await ProcessSettings.appliance(store: store).alerts.list(query)
            if output.json {
                struct Page: Encodable {
                    var alerts: [AlertResource]
                    var nextCursor: String?
                }
                return try JSONOutput.print(Page(alerts: page.alerts, nextCursor: page.nextCursor.map(String.init)))
            }
            let rows = page.alerts.map { alert in
                ["\(alert.id)", alert.gym, alert.type.rawValue, alert.priority.rawValue, alert.status.rawValue, alert.createdAt, alert.title]
            }
            print(TextTable.render(["ID", "GYM", "TYPE", "PRIORITY", "STATUS", "CREATED", "TITLE"], rows))
            if let next = page.nextCursor { StandardError.print("more: --cursor \(next)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one alert.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The alert's id.") var id: Int64
        @OptionGroup var output: JSONFlag

        func run() async throws {
            try AlertsCommand.show(try await ProcessSettings.appliance(store: store).alerts.alert(id: id), json: output.json)
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "open → acknowledged: you have seen it.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The alert's id.") var id: Int64
        @Option(help: "A note (at most 2000 characters).") var note: String?
        @OptionGroup var output: JSONFlag

        func run() async throws {
            try AlertsCommand.show(try await ProcessSettings.appliance(store: store).alerts.acknowledge(id: id, note: note), json: output.json)
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "open or acknowledged → resolved, saying what was done.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The alert's id.") var id: Int64
        @Option(help: "What was done (required, at most 2000 characters).") var note: String?
        @OptionGroup var output: JSONFlag

        func run() async throws {
            try AlertsCommand.show(try await ProcessSettings.appliance(store: store).alerts.resolve(id: id, note: note ?? ""), json: output.json)
        }
    }

    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "open or acknowledged → dismissed: nothing to do.",
            discussion: "The job that raised it does not raise it again until the situation changes (see docs/jobs.md)."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The alert's id.") var id: Int64
        @Option(help: "A note (at most 2000 characters).") var note: String?
        @OptionGroup var output: JSONFlag

        func run() async throws {
            try AlertsCommand.show(try await ProcessSettings.appliance(store: store).alerts.dismiss(id: id, note: note), json: output.json)
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "resolved or dismissed → open, unless another open alert is about the same situation."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The alert's id.") var id: Int64
        @OptionGroup var output: JSONFlag

        func run() async throws {
            try AlertsCommand.show(try await ProcessSettings.appliance(store: store).alerts.reopen(id: id), json: output.json)
        }
    }

    /// One alert as JSON, or as `field: value` lines.
    static func show(_ alert: AlertResource, json: Bool) throws {
        if json { return try JSONOutput.print(alert) }
        var lines = [
            ("id", "\(alert.id)"), ("gym", alert.gym), ("type", alert.type.rawValue), ("priority", alert.priority.rawValue),
            ("status", alert.status.rawValue), ("title", alert.title),
        ]
        if let message = alert.message { lines.append(("message", message)) }
        if let member = alert.memberId { lines.append(("member", "\(member)")) }
        if let kiosk = alert.kiosk { lines.append(("kiosk", kiosk)) }
        lines.append(("created", alert.createdAt))
        lines.append(("updated", alert.updatedAt))
        if let acknowledged = alert.acknowledgedAt { lines.append(("acknowledged", acknowledged)) }
        if let closed = alert.resolvedAt { lines.append((alert.status == .dismissed ? "dismissed" : "resolved", closed)) }
        if let note = alert.note { lines.append(("note", note)) }
        print(lines.map { "\($0.0): \($0.1)" }.joined(separator: "\n"))
    }
}
