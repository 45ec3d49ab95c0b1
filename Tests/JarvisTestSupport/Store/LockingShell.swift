import Foundation

/// The `sqlite3` shell in a process of its own, holding the database's write lock with
/// `BEGIN IMMEDIATE` until released: an operator's shell left open in the middle of a transaction.
public final class LockingShell {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts the shell on `path` and returns once it holds the write lock.
    public init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        send("BEGIN IMMEDIATE;\nSELECT 'write lock held';\n")
        var seen = ""
        while !seen.contains("write lock held") {
            let data = output.fileHandleForReading.availableData
            guard !data.isEmpty else {
                throw Failure(description: "the sqlite3 shell could not take the write lock (is sqlite3 installed?): \(seen)")
            }
            seen += String(decoding: data, as: UTF8.self)
            if seen.contains("Error") { throw Failure(description: "sqlite3: \(seen)") }
        }
    }

    /// Commits the empty transaction and ends the shell.
    public func release() {
        guard process.isRunning else { return }
        send("COMMIT;\n.quit\n")
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    private func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
