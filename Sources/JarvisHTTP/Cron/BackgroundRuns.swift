import JarvisCore
import Logging
import ServiceLifecycle

/// Executes the runs that callers did not wait for (`Prefer: respond-async`). A service of the
/// application's service group: on graceful shutdown the runs still going are cancelled and
/// recorded `abandoned` by the runner, like the scheduler's.
public final class BackgroundRuns: Service, Sendable {
    private struct Item: Sendable {
        var run: JobRun
        var settings: RunSettings
    }

    private let runner: JobRunner
    private let stream: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation

    public init(runner: JobRunner) {
        self.runner = runner
        (stream, continuation) = AsyncStream.makeStream(of: Item.self)
    }

    /// Hands a claimed run over; it starts at once.
    func submit(_ run: JobRun, settings: RunSettings) {
        continuation.yield(Item(run: run, settings: settings))
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
