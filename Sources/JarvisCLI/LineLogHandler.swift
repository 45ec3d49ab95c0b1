import ArgumentParser
import Foundation
import JarvisCore
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
///
/// The access log writes a line for every request, so a line costs little: the time is
/// formatted by `Timestamp` (no `DateFormatter`, whose creation alone cost more than
/// answering `/api/health`), the line is built as one string, and it goes out in one
/// `write(2)` on standard output, unbuffered, so that nothing is lost when the process dies.
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
        // The executable's layer: the one place that reads the system time.
        let time = Timestamp.string(from: Date())
        var line: String
        switch format {
        case .text:
            line = time
            line += " "
            line += event.level.rawValue
            line += " "
            line += event.message.description
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                line += " "
                line += key
                line += "="
                line += Self.text(value)
            }
        case .json:
            var object: [String: String] = ["time": time, "level": event.level.rawValue, "message": event.message.description, "logger": label]
            for (key, value) in merged { object[key] = "\(value)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self)
        }
        line += "\n"
        Self.output.withLock { _ in Self.writeToStandardOutput(&line) }
    }

    /// Writes the whole line, retrying after a signal or a partial write; a closed or full
    /// output drops the line (a log line is never worth stopping the server for).
    private static func writeToStandardOutput(_ line: inout String) {
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// A value in text form, quoted when it has spaces.
    private static func text(_ value: Logger.Metadata.Value) -> String {
        let raw = "\(value)"
        return raw.contains(" ") || raw.isEmpty ? "\"\(raw.replacingOccurrences(of: "\"", with: "\\\""))\"" : raw
    }
}
