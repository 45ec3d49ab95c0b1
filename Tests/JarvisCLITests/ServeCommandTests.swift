import Foundation
import JarvisCore
import JarvisTestSupport
import Testing

@Suite("jarvis serve")
struct ServeCommandTests {
    @Test func firstStartGeneratesTheSecretFileAndLogsItsPathButNeverItsValue() async throws {
        let folder = try TemporaryFolder()
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(["serve", "--demo", "--db", folder.file("site.db"), "--port", "\(port)"])
        try await server.waitForOutput(containing: "Server started", timeout: .seconds(60))

        let asked = Date()
        let health = try await JarvisProcess.get("http://127.0.0.1:\(port)/api/health")
        #expect(health.status == 200)
        #expect(health.body.contains("\"status\":\"ok\""))
        // The Date header of the running binary (formatted per request, no timer): the second
        // the answer was made, between the request and now.
        #expect(health.response?.value(forHTTPHeaderField: "Server") == "jarvis")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let header = try #require(health.response?.value(forHTTPHeaderField: "Date"))
        let date = try #require(formatter.date(from: header), "\(header)")
        #expect(date >= asked.addingTimeInterval(-1) && date <= Date(), "\(header), asked at \(asked)")

        #expect(try await server.terminate() == 0, "SIGTERM stops the server gracefully")
        let output = server.output
        let secretFile = folder.file("site.secret")
        let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.count == 64)
        #expect(try FileManager.default.attributesOfItem(atPath: secretFile)[.posixPermissions] as? Int == 0o600)
        #expect(output.contains(secretFile), "the log names the secret file")
        #expect(!output.contains(secret), "the log never shows the secret")
        #expect(output.contains("demo data ready"))

        let gyms = try await AppDatabase.open(path: folder.file("site.db")).isEmptyOfGyms()
        #expect(!gyms, "--demo filled the new database")
    }

    @Test func laterStartsKeepTheSecretFileAndWarnWhenOthersCanReadIt() async throws {
        let folder = try TemporaryFolder()
        let secretFile = folder.file("site.secret")
        let secret = try CronSecretFile.generate(at: secretFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secretFile)

        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(["serve", "--db", folder.file("site.db"), "--port", "\(port)"])
        try await server.waitForOutput(containing: "Server started", timeout: .seconds(60))
        #expect(try await server.terminate() == 0)

        let output = server.output
        #expect(try String(contentsOfFile: secretFile, encoding: .utf8) == secret.value + "\n")
        #expect(!output.contains("generated a new secret"))
        #expect(output.contains("chmod 600"))
        #expect(!output.contains(secret.value))
    }

    @Test func aSecretFromTheEnvironmentIsNeitherPrintedNorWrittenToAFile() async throws {
        let folder = try TemporaryFolder()
        let secret = "env-secret-0123456789abcdef"
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(
            ["serve", "--db", folder.file("site.db"), "--port", "\(port)"],
            environment: ["CRON_SECRET": secret]
        )
        try await server.waitForOutput(containing: "Server started", timeout: .seconds(60))
        #expect(try await server.terminate() == 0)
        #expect(!server.output.contains(secret))
        #expect(!FileManager.default.fileExists(atPath: folder.file("site.secret")))
    }

    @Test(
        arguments: [
            (["--port", "0"], [:], "--port"),
            (["--port", "70000"], [:], "--port"),
            ([], ["JARVIS_PORT": "abc"], "JARVIS_PORT"),
            ([], ["JARVIS_TIMEZONE": "Mars/Olympus"], "JARVIS_TIMEZONE"),
            (["--timezone", "Mars/Olympus"], [:], "--timezone"),
        ] as [([String], [String: String], String)]
    )
    func aBadSettingStopsServeWithAMessageNamingIt(_ flags: [String], _ environment: [String: String], _ setting: String) async throws {
        let folder = try TemporaryFolder()
        let result = try await JarvisProcess.run(["serve", "--db", folder.file("site.db")] + flags, environment: environment)
        #expect(result.status != 0)
        #expect(result.output.contains(setting + ":"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("site.db")), "nothing was created")
    }
}
