import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Bulk import and export")
struct DataImporterTests {
    let folder: TemporaryFolder
    let clock = SettableClock(instant("2027-03-10T10:00:00Z"))
    let appliance: Appliance

    static let gyms = #"""
        slug,name,timezone,city,opening_hours
        lyon,Lyon Part-Dieu,Europe/Paris,Lyon,"""24/7"""
        nice,Nice Port,Europe/Paris,,"{""mon"":""06:00-22:00"",""sun"":null}"

        """#
    static let memberHeader = "gym,external_id,badge_id,first_name,last_name,email,member_since,last_visit\n"
    static let members =
        memberHeader + #"""
            lyon,m-1,B1,Alice,Martin,alice@example.com,2026-01-02,2027-03-01T08:00:00Z
            lyon,m-2,B2,"Bruno, dit ""Bru""",Durand,,2026-05-04,
            nice,m-1,B1,Inès,Roux,,2026-06-01,

            """#

    init() throws {
        folder = try TemporaryFolder()
        appliance = .testing(try AppDatabase.inMemory(), clock: clock)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = folder.file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @discardableResult
    func importText(_ entity: DataEntity, _ text: String, format: DataFormat = .csv, dryRun: Bool = false) throws -> DataImporter.Summary {
        try appliance.importer.importFile(entity, path: file("\(entity.rawValue).\(format.rawValue)", text), format: format, dryRun: dryRun)
    }

    func count(_ table: String) throws -> Int {
        try appliance.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")! }
    }

    /// The error an import of `text` throws, after which `table` must hold `rows` rows still.
    func refusal(_ entity: DataEntity, _ text: String, format: DataFormat = .csv, table: String, rows: Int) throws -> JarvisError {
        var refusal: JarvisError?
        do {
            try importText(entity, text, format: format)
        } catch let error as JarvisError {
            refusal = error
        }
        #expect(try count(table) == rows, "nothing of the refused file is written")
        return try #require(refusal)
    }

    func seed() throws {
        try importText(.gyms, Self.gyms)
        try importText(.members, Self.members)
    }

    @Test("gyms and members are upserted by key; importing the same file twice changes nothing")
    func idempotent() throws {
        #expect(try importText(.gyms, Self.gyms) == .init(entity: .gyms, rows: 2, inserted: 2, dryRun: false))
        #expect(try importText(.members, Self.members) == .init(entity: .members, rows: 3, inserted: 3, dryRun: false))
        #expect(try importText(.members, Self.members) == .init(entity: .members, rows: 3, unchanged: 3, dryRun: false))
        let changed = Self.members.replacingOccurrences(of: "Alice,Martin", with: "Alice,Martin-Lenoir")
        #expect(try importText(.members, changed) == .init(entity: .members, rows: 3, updated: 1, unchanged: 2, dryRun: false))
        let bruno = try appliance.database.read { db in
            try String.fetchOne(db, sql: "SELECT first_name FROM members WHERE external_id = 'm-2'")
        }
        #expect(bruno == "Bruno, dit \"Bru\"")
        #expect(try count("members") == 3)
    }

    @Test("--dry-run checks every row and writes nothing")
    func dryRun() throws {
        try importText(.gyms, Self.gyms)
        #expect(try importText(.members, Self.members, dryRun: true).rows == 3)
        #expect(try count("members") == 0)
    }

    @Test("an unclosed quote on line 7 is named and nothing of the file is written")
    func unclosedQuote() throws {
        try importText(.gyms, Self.gyms)
        let rows = (2...6).map { "lyon,q-\($0),Q\($0),Anne,Leroy,,2026-01-01,\n" }.joined()
        let text = Self.memberHeader + rows + "lyon,q-7,Q7,\"Anne,Leroy,,2026-01-01,\nlyon,q-8,Q8,Paul,Leroy,,2026-01-01,\n"
        let error = try refusal(.members, text, table: "members", rows: 0)
        #expect(error.message.hasPrefix("line 7: unclosed quote"))
    }

    @Test("an unknown gym is named by line and field")
    func unknownGym() throws {
        try seed()
        let error = try refusal(
            .members,
            Self.memberHeader + "lyon,m-3,B3,Léa,Petit,,2026-01-01,\nparis,m-4,B4,Jean,Petit,,2026-01-01,\n",
            table: "members",
            rows: 3
        )
        #expect(error.message == "line 3: gym: unknown gym 'paris'")
        #expect(error.field == "gym")
    }

    @Test("a badge another member of the gym holds, in the database or earlier in the file, is refused")
    func duplicateBadge() throws {
        try seed()
        let held = try refusal(.members, Self.memberHeader + "lyon,m-3,B1,Léa,Petit,,2026-01-01,\n", table: "members", rows: 3)
        #expect(held.message == "line 2: badge_id: the badge 'B1' is held by another member of the gym")
        #expect(held.field == "badge_id")
        let twice = try refusal(
            .members,
            Self.memberHeader + "lyon,m-3,B9,Léa,Petit,,2026-01-01,\nlyon,m-4,B9,Jean,Petit,,2026-01-01,\n",
            table: "members",
            rows: 3
        )
        #expect(twice.message == "line 3: badge_id: the badge 'B9' is also given to member 'm-3' earlier in the file")
        // The same badge in another gym is another badge.
        #expect(try importText(.members, Self.memberHeader + "nice,m-2,B2,Jean,Petit,,2026-01-01,\n").inserted == 1)
    }

    @Test("a time zone that is not IANA is refused")
    func badTimeZone() throws {
        let error = try refusal(.gyms, "slug,name,timezone\nparis,Paris,Europe/Paris\nmars,Mars,GMT+2\n", table: "gyms", rows: 0)
        #expect(error.message.hasPrefix("line 3: timezone: 'GMT+2' is not an IANA time zone"))
        #expect(error.field == "timezone")
    }

    @Test("a visit more than 5 minutes in the future is refused; one a minute ahead is accepted")
    func futureVisit() throws {
        try seed()
        let header = "gym,member,visited_at,external_id\n"
        let error = try refusal(
            .visits,
            header + "lyon,m-1,2027-03-10T09:00:00Z,v1\nlyon,m-2,2027-03-10T10:06:00Z,v2\n",
            table: "member_visits",
            rows: 0
        )
        #expect(error.message.hasPrefix("line 3: visited_at:"))
        #expect(error.field == "visited_at")
        #expect(try importText(.visits, header + "lyon,m-2,2027-03-10T10:01:00Z,v2\n").inserted == 1)
    }

    @Test("visits move a member's last visit forward, never back, and are keyed by external id or member and instant")
    func visits() throws {
        try seed()
        let text = "gym,member,visited_at,external_id\nlyon,m-1,2027-03-05T08:00:00Z,v1\nlyon,m-1,2027-02-01T08:00:00Z,\n"
        #expect(try importText(.visits, text).inserted == 2)
        #expect(try importText(.visits, text).unchanged == 2)
        let last = try appliance.database.read { db in
            try String.fetchOne(db, sql: "SELECT last_visit FROM members WHERE external_id = 'm-1' AND gym_id = 1")
        }
        #expect(last == "2027-03-05T08:00:00.000Z")
    }

    @Test("a 2 MB transcript line is refused naming its field, and nothing of its file is written")
    func longTranscriptLine() throws {
        try seed()
        try importText(.sessions, "gym,external_id,member,started_at\nlyon,s-1,m-1,2027-03-09T18:00:00Z\n")
        let header = "gym,session,external_id,occurred_at,speaker,content\n"
        let long = String(repeating: "a", count: 2_000_000)
        let error = try refusal(
            .transcriptLines,
            header + "lyon,s-1,l-1,2027-03-09T18:00:05Z,member,Bonjour\nlyon,s-1,l-2,2027-03-09T18:00:09Z,assistant,\(long)\n",
            table: "conversation_events",
            rows: 0
        )
        #expect(error.message.hasPrefix("line 3: content:"))
        #expect(error.field == "content")
    }

    @Test("an NDJSON line that is not an object is named, and nothing of its file is written")
    func ndjsonNotObject() throws {
        try importText(.gyms, Self.gyms)
        let line = #"{"gym":"lyon","external_id":"m-9","badge_id":"B9","first_name":"Léa","last_name":"Petit","member_since":"2026-01-01"}"#
        let error = try refusal(.members, line + "\n[\"not\", \"an object\"]\n", format: .ndjson, table: "members", rows: 0)
        #expect(error.message.hasPrefix("line 2: not a JSON object"))
        #expect(try importText(.members, line + "\n", format: .ndjson).inserted == 1)
    }

    @Test("an unknown column is refused, naming it")
    func unknownColumn() throws {
        let error = try refusal(.gyms, "slug,name,timezone,colour\nparis,Paris,Europe/Paris,red\n", table: "gyms", rows: 0)
        #expect(error.field == "colour")
        #expect(error.message.hasPrefix("line 2: colour: unknown column"))
    }

    @Test("every entity exported as CSV and NDJSON imports again unchanged", arguments: DataFormat.allCases)
    func roundTrip(format: DataFormat) throws {
        try seed()
        try importText(.kiosks, "gym,slug,name,status\nlyon,lyon-accueil,Accueil,online\n")
        try importText(
            .sessions,
            "gym,external_id,kiosk,member,started_at,ended_at,total_tokens,session_metadata\n"
                + "lyon,s-1,lyon-accueil,m-1,2027-03-09T18:00:00Z,2027-03-09T18:04:00Z,812,\"{\"\"lang\"\":\"\"fr\"\"}\"\n"
        )
        try importText(.visits, "gym,member,visited_at,external_id\nlyon,m-1,2027-03-05T08:00:00Z,v1\n")
        try importText(
            .transcriptLines,
            "gym,session,external_id,occurred_at,speaker,content\n"
                + "lyon,s-1,l-1,2027-03-09T18:00:05Z,member,\"Bonjour, \"\"Jarvis\"\"\nça va ?\"\n"
        )
        try importText(
            .summaries,
            "gym,external_id,session,created_at,sentiment,sentiment_score,topics,summary\n"
                + "lyon,r-1,s-1,2027-03-09T18:05:00Z,negative,-0.6,\"[\"\"tarifs\"\"]\",Trop cher\n"
        )
        try importText(.facts, "gym,member,external_id,category,fact,created_at\nlyon,m-1,f-1,goal,Courir un 10 km,2027-01-01T00:00:00Z\n")
        for entity in DataEntity.allCases {
            let path = folder.file("export-\(entity.rawValue).\(format.rawValue)")
            FileManager.default.createFile(atPath: path, contents: nil)
            let output = try #require(FileHandle(forWritingAtPath: path))
            let exported = try appliance.exporter.export(entity, format: format, to: output)
            try output.close()
            #expect(exported > 0, "\(entity) has rows")
            let summary = try appliance.importer.importFile(entity, path: path, format: format)
            #expect(summary.rows == exported && summary.unchanged == exported, "\(entity) \(format) imports again unchanged: \(summary)")
        }
    }

    @Test("an export of one gym holds only its rows; an unknown gym is refused")
    func exportOneGym() throws {
        try seed()
        let path = folder.file("nice.csv")
        FileManager.default.createFile(atPath: path, contents: nil)
        let output = try #require(FileHandle(forWritingAtPath: path))
        #expect(try appliance.exporter.export(.members, gym: "nice", format: .csv, to: output) == 1)
        try output.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Inès"))
        #expect(throws: JarvisError.self) { try appliance.exporter.export(.members, gym: "paris", format: .csv, to: .nullDevice) }
    }
}
