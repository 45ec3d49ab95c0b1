import Foundation
import JarvisTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("jarvis serve on a busy port")
struct ServeBusyPortTests {
    static func count(_ table: String, in database: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", database, "SELECT count(*) FROM \(table)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [
        (true, "--port"),
        (false, "JARVIS_PORT"),
    ])
    func aPortInUseStopsServeWithOneLineNamingTheSettingAndTheAddressAndStartsNothing(_ asFlag: Bool, _ setting: String) async throws {
        let folder = try TemporaryFolder()
        let database = folder.file("site.db")
        let (port, listener) = try JarvisProcess.occupiedPort()
        defer { close(listener) }

        let result = try await JarvisProcess.run(
            ["serve", "--db", database, "--log-level", "debug"] + (asFlag ? ["--port", "\(port)"] : []),
            environment: ["CRON_SECRET": "busy-port-secret-0123456789abcdef"].merging(asFlag ? [:] : ["JARVIS_PORT": "\(port)"]) { $1 }
        )
        #expect(result.status != 0)
        let line = "Error: \(setting): 127.0.0.1:\(port) is already in use (another program listens there)"
        #expect(result.output.components(separatedBy: "\n").filter { $0 == line }.count == 1, "\(result.output)")
        #expect(!result.output.contains("scheduler started"), "the scheduler never started: \(result.output)")
        // The service group's own debug line: the scheduler service itself was never started
        // (its start would race the failed bind, and win only now and then).
        #expect(!result.output.contains("Starting service sl-service=JarvisCore.Scheduler\n"), "\(result.output)")
        #expect(!result.output.contains("Server started"), "\(result.output)")
        #expect(!result.output.contains("IOError"), "no internals: \(result.output)")
        if FileManager.default.fileExists(atPath: database) {
            #expect(try Self.count("job_runs", in: database) == "0")
            #expect(try Self.count("system_logs", in: database) == "0")
        }
    }
}
