import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("jarvis kiosks")
struct KiosksCommandTests {
    /// A database with one demo gym, and that gym's slug.
    static func site(_ folder: TemporaryFolder) async throws -> (path: String, gym: String) {
        let path = folder.file("site.db")
        let demo = try await JarvisProcess.run([
            "demo", "--db", path, "--gyms", "1", "--members-per-gym", "5", "--days", "3", "--until", "2027-03-29T07:30:00Z",
        ])
        #expect(demo.status == 0, "\(demo.output)")
        let gym = try await DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT slug FROM gyms")! }
        return (path, gym)
    }

    /// The one line of 64 hex digits in a command's output: the token.
    static func token(in output: String) -> String? {
        let lines = output.split(separator: "\n").map(String.init).filter { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }
        return lines.count == 1 ? lines[0] : nil
    }

    static func storedHash(_ path: String, kiosk: String) throws -> String? {
        try DatabaseQueue(path: path).read { db in
            try String.fetchOne(db, sql: "SELECT token_hash FROM kiosks WHERE slug = ?", arguments: [kiosk])
        }
    }

    @Test func addPrintsTheTokenOnceAndStoresOnlyItsHash() async throws {
        let folder = try TemporaryFolder()
        let (path, gym) = try await Self.site(folder)
        let added = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil Entrée"])
        #expect(added.status == 0, "\(added.output)")
        let token = try #require(Self.token(in: added.output), "\(added.output)")
        let slug = "\(gym)-accueil-entree"
        #expect(added.output.contains("added kiosk \(slug)"))
        #expect(try Self.storedHash(path, kiosk: slug) == KioskToken.hash(Secret(token)))

        let listed = try await JarvisProcess.run(["kiosks", "list", "--db", path, "--gym", gym])
        #expect(listed.status == 0)
        let line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix(slug) })
        #expect(line.contains("provisioning") && line.contains("never") && line.contains("issued") && line.contains("Accueil Entrée"))
        #expect(!listed.output.contains(token) && !listed.output.contains(KioskToken.hash(Secret(token))), "a listing shows no token nor hash")
        // The demo's kiosks were never issued a token.
        #expect(listed.output.contains("none"))
    }

    @Test func addRefusesAnUnknownGymADuplicateAndABadSlug() async throws {
        let folder = try TemporaryFolder()
        let (path, gym) = try await Self.site(folder)
        let unknown = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", "nowhere", "--name", "Accueil"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no gym 'nowhere'") && unknown.output.contains(gym), "\(unknown.output)")

        #expect(try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil", "--slug", "borne-1"]).status == 0)
        let duplicate = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil", "--slug", "borne-1"])
        #expect(duplicate.status != 0)
        #expect(duplicate.output.contains("a kiosk 'borne-1' exists already"), "\(duplicate.output)")

        let bad = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil", "--slug", "Borne 2"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("'Borne 2' is not a kiosk slug"), "\(bad.output)")
        #expect(Self.token(in: unknown.output + duplicate.output + bad.output) == nil, "no token printed on failure")
    }

    @Test func rotateTokenReplacesTheHashAndRefusesAnUnknownKiosk() async throws {
        let folder = try TemporaryFolder()
        let (path, gym) = try await Self.site(folder)
        let added = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil", "--slug", "borne-1"])
        let first = try #require(Self.token(in: added.output))
        let rotated = try await JarvisProcess.run(["kiosks", "rotate-token", "--db", path, "borne-1"])
        #expect(rotated.status == 0, "\(rotated.output)")
        let second = try #require(Self.token(in: rotated.output))
        #expect(second != first)
        #expect(try Self.storedHash(path, kiosk: "borne-1") == KioskToken.hash(Secret(second)))

        let unknown = try await JarvisProcess.run(["kiosks", "rotate-token", "--db", path, "borne-9"])
        #expect(unknown.status != 0)
        #expect(unknown.output.contains("no kiosk 'borne-9'"))
    }

    @Test func aRunningServerTakesHeartbeatsAndRefusesATokenRotatedByAnotherProcess() async throws {
        let folder = try TemporaryFolder()
        let (path, gym) = try await Self.site(folder)
        let added = try await JarvisProcess.run(["kiosks", "add", "--db", path, "--gym", gym, "--name", "Accueil", "--slug", "borne-1"])
        let first = try #require(Self.token(in: added.output))
        let port = try JarvisProcess.freePort()
        let server = try JarvisProcess.Running(
            ["serve", "--db", path, "--port", "\(port)"],
            environment: ["CRON_SECRET": "cli-tests-secret-0123456789"]
        )
        try await server.waitForOutput(containing: "Server started", timeout: .seconds(60))

        let url = "http://127.0.0.1:\(port)/api/kiosks/borne-1/heartbeat"
        #expect(try await Self.post(url, token: first, body: #"{"softwareVersion":"3.0.1","uptimeSeconds":42}"#) == 204)
        let rotated = try await JarvisProcess.run(["kiosks", "rotate-token", "--db", path, "borne-1"])
        let second = try #require(Self.token(in: rotated.output))
        #expect(try await Self.post(url, token: first, body: "") == 401, "the server reads the rotation made by another process")
        #expect(try await Self.post(url, token: second, body: "") == 204)
        #expect(try await server.terminate() == 0)
        #expect(!server.output.contains(first) && !server.output.contains(second), "tokens never reach the log")

        let listed = try await JarvisProcess.run(["kiosks", "list", "--db", path])
        let line = try #require(listed.output.split(separator: "\n").first { $0.hasPrefix("borne-1") })
        #expect(line.contains("3.0.1") && !line.contains("never"), "\(line)")
        let rows = try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM kiosk_heartbeats h JOIN kiosks k ON k.id = h.kiosk_id WHERE k.slug = 'borne-1'")!
        }
        #expect(rows == 2)
    }

    static func post(_ url: String, token: String, body: String) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
