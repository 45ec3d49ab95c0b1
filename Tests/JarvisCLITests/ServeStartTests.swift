import Foundation
import JarvisCore
import JarvisTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What `jarvis serve` says and refuses as it starts.
@Suite("jarvis serve: start")
struct ServeStartTests {
    /// A request to the running server, with a bearer.
    static func request(_ method: String, _ url: String, bearer: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test func serveSaysWhereItsDashboardDatabaseZoneVersionAndNextRunsAreOneLineEach() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(
            ["serve", "--db", path, "--port", "\(port)", "--timezone", "Europe/Paris"],
            environment: ["CRON_SECRET": String(repeating: "s", count: 40)]
        )
        try await server.waitForOutput(containing: "schedule weekly-reports next", timeout: .seconds(60))
        #expect(try await server.terminate() == 0)
        let lines = server.output.split(separator: "\n").map(String.init)
        for expected in [
            "info jarvis \(JarvisVersion.current) ", "info dashboard at http://127.0.0.1:\(port)/ ", "info database \(path) ",
            "info time zone Europe/Paris ", "info schedule daily-churn-analysis next 20", "info schedule health-check-kiosks next 20",
            "info schedule cleanup-old-data next 20", "info schedule weekly-reports next 20",
        ] {
            #expect(lines.filter { $0.contains(expected) }.count == 1, "one line with '\(expected)':\n\(server.output)")
        }
    }

    @Test func aCronSecretShorterThan32CharactersIsWarnedAboutFailsDoctorAndNeverOpensTheManagementAPI() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.db")
        let weak = "weak-secret-of-24-chars!"
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(["serve", "--db", path, "--port", "\(port)"], environment: ["CRON_SECRET": weak])
        try await server.waitForOutput(containing: "schedule weekly-reports next", timeout: .seconds(60))
        let base = "http://127.0.0.1:\(port)"
        #expect(try await Self.request("POST", "\(base)/api/cron/health-check-kiosks", bearer: weak) == 200, "it still authorises the cron triggers")
        #expect(try await Self.request("GET", "\(base)/api/schedules", bearer: weak) == 401, "it is not the admin secret")
        #expect(try await server.terminate() == 0)
        #expect(server.output.contains("the cron secret is shorter than 32 characters"))
        #expect(!server.output.contains(weak), "the secret itself is never logged")

        let doctor = try await JarvisProcess.run(["doctor", "--db", path, "--port", "\(port)"], environment: ["CRON_SECRET": weak])
        #expect(doctor.status != 0)
        #expect(doctor.output.contains("has 24 characters; at least 32 are needed"), "\(doctor.output)")
    }
}
