import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis runs [--job] [--status] [--limit] [--json]`, `jarvis runs retry <id>`.
public struct RunsCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the run history, or retry a failed run.",
        subcommands: [List.self, Retry.self],
        defaultSubcommand: List.self
    )

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List runs, newest first. Dead runs (failed, retries spent) are marked.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this job.") var job: String?
        @Option(help: "Only this status (running, succeeded, failed, timed_out, abandoned, missed, skipped_overlap).") var status: String?
        @Option(help: "How many rows (1-500).") var limit = 20
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let query = RunHistory.Query(job: job, status: try status.map { try RunStatus.parse($0, field: "--status") }, limit: limit)
            let appliance = try await ProcessSettings.appliance(store: store)
            let page = try await appliance.history.list(query)
            if output.json {
                struct Page: Encodable {
                    var runs: [RunResource]
                    var nextCursor: String?
                }
                return try JSONOutput.print(Page(runs: page.runs.map(RunResource.init), nextCursor: page.nextCursor.map(String.init)))
            }
            let rows = page.runs.map { run -> [String] in
                [
                    "\(run.runID)", run.job, run.trigger.rawValue, run.slotLocal, "\(run.attempt)",
                    run.status.rawValue + (run.isDead ? " (dead)" : ""),
                    run.durationMs.map { String(format: "%.1fs", Double($0) / 1000) } ?? "",
                    run.nextRetryAt.map { "retry at " + Timestamp.string(from: $0) } ?? (run.error ?? ""),
                ]
            }
            print(TextTable.render(["ID", "JOB", "TRIGGER", "SLOT", "TRY", "STATUS", "TOOK", "NOTE"], rows))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retry a failed, timed-out or abandoned run now, even a dead one; print its summary as JSON."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The run's id.") var id: Int64

        func run() async throws {
            let appliance = try await ProcessSettings.appliance(store: store)
            let (launcher, id) = (appliance.launcher, id)
            try RunReport.print(
                try await RunReport.stoppingOnSignal {
                    try await launcher.retry(runID: id, waiting: true, progress: ProgressPrinter.standardError().progress)
                }
            )
        }
    }
}
