import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis run <job>`: runs a job now, through the runner, like any other trigger.
public struct RunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a job now and wait for its end (exit status 0 only on success).",
        discussion: "Refused while the same job runs elsewhere (in the server, or another shell)."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var zone: ZoneOptions

    @Argument(help: "The job's slug, e.g. daily-churn-analysis.")
    var job: String

    @Flag(help: "cleanup-old-data only: print what would be deleted, per category, and delete nothing.")
    var dryRun = false

    public init() {}

    public func run() async throws {
        let appliance = try await ProcessSettings.appliance(store: store, zone: zone)
        if dryRun {
            guard let cleanup = appliance.registry[job] as? CleanupJob else {
                throw ValidationError("--dry-run applies to cleanup-old-data only")
            }
            let plan = try await cleanup.plan(database: appliance.database, now: appliance.clock.now)
            print(TextTable.render(["CATEGORY", "ROWS"], plan.map { [$0.category, "\($0.rows)"] }))
            print("dry run: nothing was deleted (\(plan.map(\.rows).reduce(0, +)) rows would be)")
            return
        }
        let request = try await appliance.manualRequest(job: job, trigger: .cli)
        let (outcome, run) = try await appliance.runner.run(request, progress: ProgressPrinter.standardOutput().progress)
        try RunReport.print(outcome: outcome, run: run)
    }
}

/// How the CLI reports a run it started.
enum RunReport {
    static func print(outcome: ClaimOutcome, run: JobRun) throws {
        switch outcome {
        case .overlap(let running):
            throw CommandFailure("\(running.job) is already running (run #\(running.runID), started \(running.startedAt.map(Timestamp.string(from:)) ?? "?")); try again when it ends")
        case .duplicate(let earlier):
            Swift.print("run #\(earlier.runID) was claimed before: \(earlier.status.rawValue)")
        case .claimed:
            let seconds = Double(run.durationMs ?? 0) / 1000
            Swift.print("run #\(run.runID) \(run.job): \(run.status.rawValue) in \(String(format: "%.1f", seconds)) s")
            if let summary = run.summary { Swift.print(summary) }
            if let error = run.error { Swift.print("error: \(error)") }
            guard run.status == .succeeded else {
                throw ExitCode.failure
            }
        }
    }
}

/// Prints a job's progress: a bar that redraws itself on a terminal, plain lines (every 10 %)
/// otherwise.
final class ProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private let lock = NSLock()
    private var lastTenth = -1

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    static func standardOutput() -> ProgressPrinter { ProgressPrinter(isTerminal: isatty(STDOUT_FILENO) == 1) }

    var progress: JobProgress { JobProgress { [self] done, total in report(done: done, total: total) } }

    private func report(done: Int, total: Int) {
        guard total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let fraction = min(1, Double(done) / Double(total))
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardOutput.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(done)/\(total)\(done >= total ? "\n" : "")".utf8))
        } else {
            let tenth = Int(fraction * 10)
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            Swift.print("progress: \(done)/\(total) (\(Int(fraction * 100))%)")
        }
    }
}
