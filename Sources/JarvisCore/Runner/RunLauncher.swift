import Foundation
import Logging
import ServiceLifecycle

/// Starts the runs asked for by hand (the cron triggers, `POST /api/runs/{id}/retry`, the
/// dashboard's buttons, `jarvis run` and `jarvis runs retry`): one path for them all, over the
/// `JobRunner`.
///
/// A caller either waits for the run's end, or leaves it to run in the background. Background
/// runs are executed by this `Service`, in the application's service group: on graceful
/// shutdown (SIGTERM) they are cancelled and recorded `abandoned` by the runner, with their
/// slot retried at the next start, like the scheduler's own runs.
public final class RunLauncher: Service, Sendable {
    private struct Item: Sendable {
        var run: JobRun
        var settings: RunSettings
    }

    private let runner: JobRunner
    private let schedules: ScheduleStore
    private let stream: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation

    public init(runner: JobRunner, schedules: ScheduleStore) {
        self.runner = runner
        self.schedules = schedules
        (stream, continuation) = AsyncStream.makeStream(of: Item.self)
    }

    /// What became of a launch.
    public enum Launch: Sendable, Equatable {
        /// The run ran to its end while the caller waited: here it is as the database holds it
        /// (see `JobRun.cause` when its end could not be recorded).
        case finished(JobRun)
        /// The run was claimed and goes on in the background.
        case started(JobRun)
        /// The idempotency key (or the retry) was claimed before: the earlier run.
        case replayed(JobRun)
        /// The job is running already: that run; nothing was started.
        case busy(running: JobRun)
    }

    /// Runs `job` now for `trigger`. A repeated `idempotencyKey` returns the first run.
    public func start(
        job: String,
        trigger: RunTrigger,
        idempotencyKey: String? = nil,
        waiting: Bool,
        progress: JobProgress = .ignored
    ) async throws -> Launch {
        try runner.registry.requireJob(job)
        let settings = try await schedules.settings(forJob: job)
        let now = runner.clock.now
        let request = RunRequest(
            job: job,
            trigger: trigger,
            slot: now,
            slotLocal: slotLocalText(now, in: settings.timeZone),
            idempotencyKey: idempotencyKey,
            settings: settings
        )
        return try await launch(runner.claim(request), settings: settings, waiting: waiting, progress: progress)
    }

    /// Retries a failed, timed-out or abandoned run now, even a dead one, with the settings of
    /// its schedule (or, its schedule gone, of its job).
    public func retry(runID: Int64, waiting: Bool, progress: JobProgress = .ignored) async throws -> Launch {
        let failed = try await RunHistory(database: runner.database, registry: runner.registry).run(runID)
        let settings = try await schedules.settings(for: failed)
        return try await launch(
            runner.claimRetry(of: runID, settings: settings, byHand: true),
            settings: settings,
            waiting: waiting,
            progress: progress
        )
    }

    private func launch(_ outcome: ClaimOutcome, settings: RunSettings, waiting: Bool, progress: JobProgress) async -> Launch {
        switch outcome {
        case .overlap(let running):
            return .busy(running: running)
        case .duplicate(let earlier):
            return .replayed(earlier)
        case .claimed(let run):
            guard waiting else {
                continuation.yield(Item(run: run, settings: settings))
                return .started(run)
            }
            return .finished(await runner.execute(run, settings: settings, progress: progress))
        }
    }

    public func run() async throws {
        // Graceful shutdown cancels this task: the stream ends and the group's runs are
        // cancelled with it, each recorded as it stops.
        await cancelWhenGracefulShutdown { [stream, runner] in
            await withDiscardingTaskGroup { group in
                for await item in stream {
                    group.addTask { _ = await runner.execute(item.run, settings: item.settings) }
                }
            }
        }
    }
}
