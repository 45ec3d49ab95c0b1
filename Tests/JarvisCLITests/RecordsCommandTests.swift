import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("jarvis gyms, members, members facts, kiosks maintenance|remove")
struct RecordsCommandTests {
    /// A migrated empty database file.
    static func site(_ folder: TemporaryFolder) async throws -> String {
        let path = folder.file("site.db")
        let migrate = try await JarvisProcess.run(["db", "migrate", "--db", path])
        try #require(migrate.status == 0, "\(migrate.output)")
        return path
    }

    static func run(_ arguments: [String], db path: String) async throws -> JarvisProcess.Result {
        try await JarvisProcess.run(arguments + ["--db", path])
    }

    @Test func gymsAndMembersAreSetListedShownAndDeactivated() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.site(folder)
        let set = try await Self.run(["gyms", "set", "lyon", "--name", "Lyon", "--timezone", "Europe/Paris", "--city", "Lyon"], db: path)
        #expect(set.status == 0, "\(set.output)")
        #expect(set.output.contains("gym lyon inserted"))
        let again = try await Self.run(["gyms", "set", "lyon", "--name", "Lyon", "--timezone", "Europe/Paris", "--city", "Lyon"], db: path)
        #expect(again.output.contains("gym lyon unchanged"), "\(again.output)")
        let gyms = try await Self.run(["gyms", "list", "--json"], db: path)
        #expect(JSONValue(jsonText: gyms.standardOutput)?["gyms"] != nil, "\(gyms.output)")

        let member = try await Self.run(
            [
                "members", "set", "--gym", "lyon", "m1", "--badge-id", "B1", "--first-name", "Ana", "--last-name", "Li", "--member-since",
                "2026-01-02",
            ],
            db: path
        )
        #expect(member.status == 0, "\(member.output)")
        let deactivated = try await Self.run(["members", "deactivate", "--gym", "lyon", "m1"], db: path)
        #expect(JSONValue(jsonText: deactivated.standardOutput)?["member"]?["isActive"] == .bool(false), "\(deactivated.output)")
        let shown = try await Self.run(["members", "show", "--gym", "lyon", "m1"], db: path)
        #expect(JSONValue(jsonText: shown.standardOutput)?["member"]?["firstName"]?.stringValue == "Ana")
        let unknown = try await Self.run(["members", "show", "--gym", "lyon", "m9"], db: path)
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("Error: external_id: the gym has no member with external id 'm9'"), "\(unknown.output)")
    }

    @Test func factsAreSetListedAndDeleted() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.site(folder)
        _ = try await Self.run(["gyms", "set", "lyon", "--name", "Lyon", "--timezone", "Europe/Paris"], db: path)
        _ = try await Self.run(
            [
                "members", "set", "--gym", "lyon", "m1", "--badge-id", "B1", "--first-name", "Ana", "--last-name", "Li", "--member-since",
                "2026-01-02",
            ],
            db: path
        )
        let set = try await Self.run(["members", "facts", "set", "--gym", "lyon", "m1", "f1", "--category", "goal", "--fact", "run 10k"], db: path)
        #expect(set.status == 0, "\(set.output)")
        let list = try await Self.run(["members", "facts", "list", "--gym", "lyon", "m1", "--json"], db: path)
        #expect(list.standardOutput.contains("\"factId\" : \"f1\""), "\(list.output)")
        let bad = try await Self.run(["members", "facts", "set", "--gym", "lyon", "m1", "f2", "--category", "mood", "--fact", "x"], db: path)
        #expect(bad.status == 1)
        #expect(bad.output.contains("category: 'mood' is not one of"), "\(bad.output)")
        #expect(try await Self.run(["members", "facts", "delete", "--gym", "lyon", "m1", "f1"], db: path).status == 0)
        #expect(try await Self.run(["members", "facts", "delete", "--gym", "lyon", "m1", "f1"], db: path).status == 1)
    }

    @Test func aKioskIsPutInServiceTakenOutAndRemoved() async throws {
        let folder = try TemporaryFolder()
        let path = try await Self.site(folder)
        _ = try await Self.run(["gyms", "set", "lyon", "--name", "Lyon", "--timezone", "Europe/Paris"], db: path)
        let added = try await Self.run(["kiosks", "add", "--gym", "lyon", "--name", "Accueil", "--slug", "accueil"], db: path)
        #expect(added.status == 0, "\(added.output)")
        #expect(try await Self.run(["kiosks", "maintenance", "accueil", "off"], db: path).standardOutput == "kiosk accueil: offline\n")
        #expect(try await Self.run(["kiosks", "maintenance", "accueil", "on"], db: path).standardOutput == "kiosk accueil: maintenance\n")
        let removed = try await Self.run(["kiosks", "remove", "accueil"], db: path)
        #expect(removed.status == 0, "\(removed.output)")
        let list = try await Self.run(["kiosks", "list", "--json"], db: path)
        #expect(JSONValue(jsonText: list.standardOutput) == ["kiosks": []], "\(list.output)")
        #expect(try await Self.run(["kiosks", "remove", "accueil"], db: path).status == 1)
    }
}
