import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("A member's rights: erasure and access")
struct MemberPrivacyTests {
    let folder: TemporaryFolder
    let clock = SettableClock(instant("2027-03-10T10:00:00Z"))
    let appliance: Appliance

    init() throws {
        folder = try TemporaryFolder()
        appliance = .testing(try AppDatabase.inMemory(), clock: clock)
        let files: [(DataEntity, String)] = [
            (.gyms, "slug,name,timezone\nlyon,Lyon,Europe/Paris\n"),
            (
                .members,
                "gym,external_id,badge_id,first_name,last_name,email,member_since\n"
                    + "lyon,m-1,B1,Alice,Martin,alice@example.com,2026-01-02\nlyon,m-2,B2,Bruno,Durand,,2026-01-02\n"
            ),
            (.sessions, "gym,external_id,member,started_at,session_metadata\nlyon,s-1,m-1,2027-03-09T18:00:00Z,\"{\"\"mood\"\":\"\"tired\"\"}\"\n"),
            (.visits, "gym,member,visited_at\nlyon,m-1,2027-03-05T08:00:00Z\nlyon,m-2,2027-03-05T09:00:00Z\n"),
            (.transcriptLines, "gym,session,external_id,occurred_at,speaker,content\nlyon,s-1,l-1,2027-03-09T18:00:05Z,member,J'ai mal au dos\n"),
            (.summaries, "gym,external_id,session,created_at,sentiment,sentiment_score\nlyon,r-1,s-1,2027-03-09T18:05:00Z,negative,-0.5\n"),
            (.facts, "gym,member,external_id,category,fact,created_at\nlyon,m-1,f-1,health,Mal au dos,2027-01-01T00:00:00Z\n"),
        ]
        for (entity, text) in files {
            let path = folder.file(entity.rawValue + ".csv")
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            _ = try appliance.importer.importFile(entity, path: path, format: .csv)
        }
    }

    func value(_ sql: String) throws -> String? {
        try appliance.database.read { db in try String.fetchOne(db, sql: sql) }
    }

    @Test("erasure anonymises the member at once with the retention cascade, logged without personal data, and is idempotent")
    func erase() async throws {
        let erasure = try await appliance.privacy.erase(gym: "lyon", member: "m-1")
        #expect(erasure == .init(erasedAt: clock.now, erasedNow: true, facts: 1, summaries: 1, transcriptLines: 1, sessionsCleared: 1))
        #expect(
            try value("SELECT coalesce(first_name, '') || coalesce(email, '') || coalesce(badge_id, '') FROM members WHERE external_id = 'm-1'") == ""
        )
        #expect(try value("SELECT count(*) FROM member_visits") == "2", "visits stay, as anonymous aggregates")
        #expect(try value("SELECT session_metadata FROM voice_sessions") == "{}")
        #expect(try value("SELECT first_name FROM members WHERE external_id = 'm-2'") == "Bruno", "only that member")
        let log = try #require(try value("SELECT message || ' ' || details FROM system_logs WHERE log_type = 'gdpr_erasure'"))
        #expect(log.hasPrefix("Membre effacé à sa demande (RGPD)"))
        #expect(!log.contains("Alice") && !log.contains("m-1") && !log.contains("alice@"))
        let again = try await appliance.privacy.erase(gym: "lyon", member: "m-1")
        #expect(again == .init(erasedAt: clock.now, erasedNow: false))
        #expect(try value("SELECT count(*) FROM system_logs WHERE log_type = 'gdpr_erasure'") == "1")
    }

    @Test("an erased member is not made again by an import, and nothing more is recorded about them")
    func erasedStaysErased() async throws {
        _ = try await appliance.privacy.erase(gym: "lyon", member: "m-1")
        let path = folder.file("again.csv")
        try "gym,external_id,badge_id,first_name,last_name,member_since\nlyon,m-1,B1,Alice,Martin,2026-01-02\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: JarvisError.self) { try appliance.importer.importFile(.members, path: path, format: .csv) }
        try "gym,member,external_id,category,fact,created_at\nlyon,m-1,f-2,goal,Courir,2027-01-01T00:00:00Z\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try appliance.importer.importFile(.facts, path: path, format: .csv)
            Issue.record("a fact about an erased member was imported")
        } catch let error as JarvisError {
            #expect(error.code == .conflict && error.field == "member")
        }
        #expect(try value("SELECT count(*) FROM member_facts") == "0")
    }

    @Test("access: everything held about one member, as JSON, and nothing about another")
    func export() async throws {
        let export = try await appliance.privacy.export(gym: "lyon", member: "m-1")
        #expect(export["member"]?["email"] == "alice@example.com")
        #expect(export["visits"] == [["visitedAt": "2027-03-05T08:00:00.000Z", "externalId": nil]])
        #expect(export["facts"]?.arrayCount == 1)
        #expect(export["sessions"]?[0]?["sessionMetadata"] == ["mood": "tired"])
        #expect(export["sessions"]?[0]?["transcript"]?[0]?["content"] == "J'ai mal au dos")
        #expect(export["summaries"]?.arrayCount == 1)
        #expect(!export.jsonText.contains("Bruno"))
        await #expect(throws: JarvisError.self) { try await appliance.privacy.export(gym: "lyon", member: "m-9") }
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
