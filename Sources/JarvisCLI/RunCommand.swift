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
        let (launcher, job) = (appliance.launcher, job)
        try RunReport.print(
            try await RunReport.stoppingOnSignal {
                try await launcher.start(job: job, trigger: .cli, waiting: true, progress: ProgressPrinter.standardError().progress)
            }
        )
    }
}

/// How the CLI reports a run it launched: the run's summary as JSON on standard output (the
/// body a cron trigger answers), so that `jarvis run <job> | jq .` works, and one line on
/// standard error. The exit status is 0 only when the run succeeded.
enum RunReport {
    /// Runs a launch that waits for its run, and cancels it on SIGTERM or SIGINT, as `jarvis
    /// serve` stops its runs: the run is recorded `abandoned` ("stopped by the appliance's
    /// shutdown") before the command exits, rather than left `running` by a killed process.
    static func stoppingOnSignal(_ launch: @escaping @Sendable () async throws -> RunLauncher.Launch) async throws -> RunLauncher.Launch {
        let task = Task { try await launch() }
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { for source in sources { source.cancel() } }
        return try await task.value
    }

    static func print(_ launch: RunLauncher.Launch) throws {
        switch launch {
        case .busy(let running):
            throw CommandFailure(
                "\(running.job) is already running (run #\(running.runID), started \(running.startedAt.map(Timestamp.string(from:)) ?? "?")); try again when it ends"
            )
        case .replayed(let run), .started(let run):
            try JSONOutput.print(RunSummary(run, replayed: true))
            StandardError.print("run #\(run.runID) was claimed before: \(run.status.rawValue)")
        case .finished(let run):
            try JSONOutput.print(RunSummary(run, replayed: false))
            let seconds = Double(run.durationMs ?? 0) / 1000
            StandardError.print("run #\(run.runID) \(run.job): \(run.status.rawValue) in \(String(format: "%.1f", seconds)) s")
            if let problem = run.cause?.message ?? run.error { StandardError.print("error: \(problem)") }
            guard run.status == .succeeded else { throw ExitCode.failure }
        }
    }
}

/// Prints a job's progress on standard error: a bar that redraws itself on a terminal, plain
/// lines (every 10 %) otherwise.
final class ProgressPrinter: @unchecked Sendable {
    private let isTerminal: Bool
    private let lock = NSLock()
    private var lastTenth = -1

    init(isTerminal: Bool) { self.isTerminal = isTerminal }

    static func standardError() -> ProgressPrinter { ProgressPrinter(isTerminal: isatty(STDERR_FILENO) == 1) }

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
            FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(done)/\(total)\(done >= total ? "\n" : "")".utf8))
        } else {
            let tenth = Int(fraction * 10)
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            StandardError.print("progress: \(done)/\(total) (\(Int(fraction * 100))%)")
        }
    }
}
