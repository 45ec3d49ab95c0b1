import Foundation
import JarvisTestSupport
import Testing

/// The contract of DESIGN.md, run as an operator runs it: the real `jarvis serve` on a loopback
/// port, the real `curl`, and the real `sqlite3` shell on the real database file.
@Suite("The cron contract, end to end")
struct CronContractTests {
    static let secret = "contract-secret-0123456789abcdef0123456789"

    /// Runs a shell command line with `CRON_SECRET` in its environment, as an operator's shell has.
    static func shell(_ command: String, in folder: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = JarvisProcess.environment(["CRON_SECRET": secret])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theContractsCurlRunsTheJobAndTheContractsSqlite3QueryListsItsRun() async throws {
        let folder = try TemporaryFolder()
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(
            ["serve", "--demo", "--db", folder.file("jarvis.db"), "--port", "\(port)"],
            environment: ["CRON_SECRET": Self.secret]
        )
        try await server.waitForOutput(containing: "Server started", timeout: .seconds(120))

        // DESIGN.md, contract 1, with this test's port; -s -w adds the status on a last line.
        let contract =
            #"curl -X POST http://127.0.0.1:\#(port)/api/cron/daily-churn-analysis -H "Authorization: Bearer $CRON_SECRET" -H "Content-Type: application/json""#
        let run = try Self.shell(contract + #" -s -w '\n%{http_code}'"#, in: folder.path)
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n")
        #expect(lines.last == "200", "\(run.output)")
        let summary = try #require(lines.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(summary["status"] as? String == "succeeded")
        #expect(summary["success"] as? Bool == true)
        let details = try #require(summary["details"] as? [String: Any])
        #expect((details["total"] as? Int ?? 0) > 0, "the demo's members were analysed: \(details)")
        for key in ["total", "processed", "errors", "highRisk", "criticalRisk"] {
            #expect(details[key] != nil, "details.\(key)")
        }

        // Contract 2: a wrong bearer, a GET, an unknown job.
        let wrong = try Self.shell(
            #"curl -s -w '\n%{http_code}' -X POST http://127.0.0.1:\#(port)/api/cron/daily-churn-analysis -H "Authorization: Bearer ${CRON_SECRET}x""#,
            in: folder.path
        )
        #expect(wrong.output == "{\"error\":\"Unauthorized - Invalid cron secret\"}\n401")
        let get = try Self.shell(
            #"curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\#(port)/api/cron/daily-churn-analysis -H "Authorization: Bearer $CRON_SECRET""#,
            in: folder.path
        )
        #expect(get.output == "405")
        let unknown = try Self.shell(
            #"curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:\#(port)/api/cron/monthly-party -H "Authorization: Bearer $CRON_SECRET""#,
            in: folder.path
        )
        #expect(unknown.output == "404")

        // Contract 3, verbatim, while the server still has the file open.
        let query = #"sqlite3 jarvis.db "SELECT * FROM system_logs WHERE log_type LIKE 'cron_%' ORDER BY timestamp DESC LIMIT 50;""#
        let logs = try Self.shell(query, in: folder.path)
        #expect(logs.status == 0, "\(logs.output)")
        let rows = logs.output.split(separator: "\n").filter { $0.contains("|cron_daily_churn|") }
        #expect(rows.count == 1, "\(logs.output)")
        let row = try #require(rows.first)
        #expect(row.contains("Analyse churn quotidienne terminée"))
        #expect(row.contains("\"runId\":\(summary["runId"] as? Int ?? -1)"))
        #expect(row.split(separator: "|")[1].wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "readable UTC timestamp: \(row)")

        #expect(try await server.terminate() == 0)
        let output = server.output
        #expect(!output.contains(Self.secret), "the secret never reaches the log")
        #expect(output.contains("http.path=/api/cron/daily-churn-analysis"), "the access log has the request")
        #expect(output.contains("http.status=401"))
    }
}
