import ArgumentParser
import Foundation
import GRDB
import JarvisCore

/// `jarvis runs [--job] [--status] [--limit]`, `jarvis runs retry <id>`.
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
        @Option(help: "How many rows.") var limit = 20

        func run() async throws {
            if let status, RunStatus(rawValue: status) == nil {
                throw ValidationError("--status: '\(status)' is not one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let appliance = try await ProcessSettings.appliance(store: store)
            let (job, status, limit) = (job, status, limit)
            let runs = try await appliance.database.writer.read { db in
                try JobRun.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM job_runs
                        WHERE (:job IS NULL OR job = :job) AND (:status IS NULL OR status = :status)
                        ORDER BY id DESC LIMIT :limit
                        """,
                    arguments: ["job": job, "status": status, "limit": max(1, limit)]
                )
            }
            let rows = runs.map { run -> [String] in
                let dead = run.status.isFailure && run.nextRetryAt == nil && run.scheduleID != nil
                return [
                    "\(run.runID)", run.job, run.trigger.rawValue, run.slotLocal, "\(run.attempt)",
                    run.status.rawValue + (dead ? " (dead)" : ""),
                    run.durationMs.map { String(format: "%.1fs", Double($0) / 1000) } ?? "",
                    run.nextRetryAt.map { "retry at " + Timestamp.string(from: $0) } ?? (run.error ?? ""),
                ]
            }
            print(TextTable.render(["ID", "JOB", "TRIGGER", "SLOT", "TRY", "STATUS", "TOOK", "NOTE"], rows))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retry a failed, timed-out or abandoned run now, even a dead one.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The run's id.") var id: Int64

        func run() async throws {
            let appliance = try await ProcessSettings.appliance(store: store)
            do {
                let id = id
                let failed = try await appliance.database.writer.read { db in try JobRun.fetchOne(db, key: id) }
                guard let failed else { throw RunnerError(.notFound, "no run #\(id)") }
                let settings: RunSettings
                if let scheduleID = failed.scheduleID, let schedule = try? await appliance.schedules.schedule(scheduleID) {
                    settings = appliance.schedules.settings(of: schedule)
                } else {
                    settings = try await appliance.schedules.settings(forJob: failed.job)
                }
                let outcome = try await appliance.runner.claimRetry(of: id, settings: settings, byHand: true)
                var run = failed
                if case .claimed(let claimed) = outcome {
                    run = await appliance.runner.execute(claimed, settings: settings, progress: ProgressPrinter.standardOutput().progress)
                }
                try RunReport.print(outcome: outcome, run: run)
            } catch let error as RunnerError {
                throw CommandFailure(error.message)
            }
        }
    }
}
