import Logging
import Synchronization

/// Keeps every log event a component writes (message and error), so that a test can wait for
/// the moment something happened inside it.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    /// Everything logged so far, one `message error` line per event.
    var all: [String] { lines.withLock { $0 } }

    /// A logger that writes here.
    func logger() -> Logger {
        var logger = Logger(label: "test") { _ in Handler(store: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Waits (in real time) until a line contains `text`; false when `timeout` passes first.
    func waitFor(_ text: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if all.contains(where: { $0.contains(text) }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let store: CapturedLogs
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let error = event.metadata?["error"] ?? metadata["error"]
            store.append(event.message.description + (error.map { " \($0)" } ?? ""))
        }
    }
}
