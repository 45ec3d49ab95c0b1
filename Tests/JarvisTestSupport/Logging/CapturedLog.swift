import Logging
import Synchronization

/// Every log event a component writes, kept in memory as one `level message key=value…` line,
/// so that a test can check what was logged (and what never was) or wait for the moment
/// something happened inside the component.
public final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// Everything logged so far, one line per event.
    public var all: [String] { lines.withLock { $0 } }

    /// Everything logged so far, as one text.
    public var text: String { all.joined(separator: "\n") }

    /// A logger, at every level, that writes here.
    public var logger: Logger {
        Logger(label: "jarvis.tests") { [self] _ in Handler(log: self) }
    }

    /// Waits (in real time) until a line contains `text`; false when `timeout` passes first.
    public func waitFor(_ text: String, timeout: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if all.contains(where: { $0.contains(text) }) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            log.append("\(event.level) \(event.message) \(fields)")
        }
    }
}
