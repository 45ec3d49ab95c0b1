import ArgumentParser
import Foundation
import Logging
import Synchronization

/// How log lines are written on standard output.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `2027-03-28T01:00:00.123Z info scheduler started schedules.count=4`: for a terminal and journald.
    case text
    /// One JSON object per line: for log shippers.
    case json
}

/// `--log-format`, `--log-level`: the server's log lines.
struct LogOptions: ParsableArguments {
    @Option(help: "text or json (one event per line either way).")
    var logFormat: LogFormat = .text

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// A logger writing one line per event on standard output.
    func makeLogger(label: String = "jarvis") -> Logger {
        var logger = Logger(label: label) { label in LineLogHandler(label: label, format: logFormat) }
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        return logger
    }
}

/// Writes each event as one line — a fixed message and dotted metadata — so that journald
/// and `grep` read it well. Metadata values are written as given: callers never log secrets.
struct LineLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Whole lines from concurrent tasks must not interleave.
    private static let output = Mutex(())

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = Self.timestamp()
        let line: String
        switch format {
        case .text:
            let pairs = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.text($0.value))" }
            line = ([time, event.level.rawValue, event.message.description] + pairs).joined(separator: " ")
        case .json:
            var object: [String: String] = ["time": time, "level": event.level.rawValue, "message": event.message.description, "logger": label]
            for (key, value) in merged { object[key] = "\(value)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self)
        }
        Self.output.withLock { _ in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }

    /// A value in text form, quoted when it has spaces.
    private static func text(_ value: Logger.Metadata.Value) -> String {
        let raw = "\(value)"
        return raw.contains(" ") || raw.isEmpty ? "\"\(raw.replacingOccurrences(of: "\"", with: "\\\""))\"" : raw
    }

    private static func timestamp() -> String {
        // The executable's layer: the one place that reads the system time.
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
