import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Kiosk heartbeats")
struct KioskHeartbeatTests {
    /// A gym with two kiosks and their tokens, served by the production router.
    struct Site {
        let database: AppDatabase
        let clock = SettableClock()
        let accueil: IssuedKioskToken
        let vestiaire: IssuedKioskToken
        let app: any ApplicationProtocol

        init() async throws {
            database = try AppDatabase.inMemory()
            try await database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO gyms (slug, name, city, timezone, opening_hours, status)
                        VALUES ('lyon-part-dieu', 'Jarvis Fitness Part-Dieu', 'Lyon', 'Europe/Paris', '"24/7"', 'active')
                        """
                )
            }
            let kiosks = KioskStore(database: database, clock: clock)
            accueil = try await kiosks.add(gym: "lyon-part-dieu", name: "Accueil")
            vestiaire = try await kiosks.add(gym: "lyon-part-dieu", name: "Vestiaire")
            app = buildApplication(appliance: .testing(database, clock: clock))
        }

        func heartbeatCount() async throws -> Int {
            try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM kiosk_heartbeats")! }
        }
    }

    static func post(
        _ client: some TestClientProtocol,
        kiosk: String,
        authorization: String?,
        body: String = ""
    ) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let authorization { headers[.authorization] = authorization }
        return try await client.execute(
            uri: "/api/kiosks/\(kiosk)/heartbeat",
            method: .post,
            headers: headers,
            body: ByteBuffer(string: body)
        ) { response in (response.status, String(buffer: response.body)) }
    }

    @Test func aValidTokenRecordsTheHeartbeatAndMovesTheKioskLastHeartbeat() async throws {
        let site = try await Site()
        try await site.app.test(.router) { client in
            let answer = try await Self.post(
                client,
                kiosk: "lyon-part-dieu-accueil",
                authorization: "Bearer \(site.accueil.token.value)",
                body: #"{"softwareVersion": "2.6.0", "uptimeSeconds": 3600}"#
            )
            #expect(answer.status == .noContent)
        }
        let stamp = Timestamp.string(from: site.clock.now)
        let (row, kiosk) = try site.database.read { db in
            (
                try Row.fetchOne(
                    db,
                    sql:
                        "SELECT k.slug, h.received_at, h.software_version, h.uptime_seconds FROM kiosk_heartbeats h JOIN kiosks k ON k.id = h.kiosk_id"
                )!,
                try Row.fetchOne(db, sql: "SELECT last_heartbeat, software_version FROM kiosks WHERE slug = 'lyon-part-dieu-accueil'")!
            )
        }
        #expect(row["slug"] == "lyon-part-dieu-accueil")
        #expect(row["received_at"] == stamp)
        #expect(row["software_version"] == "2.6.0")
        #expect(row["uptime_seconds"] == 3600)
        #expect(kiosk["last_heartbeat"] == stamp)
        #expect(kiosk["software_version"] == "2.6.0")
    }

    @Test func anEmptyBodyIsAHeartbeatWithoutDetailsAndKeepsTheKnownVersion() async throws {
        let site = try await Site()
        try await site.app.test(.router) { client in
            let bearer = "Bearer \(site.accueil.token.value)"
            let first = try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: bearer, body: #"{"softwareVersion":"2.5.0"}"#)
            site.clock.advance(by: 30)
            let second = try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: bearer)
            // The scheme is case-insensitive, as RFC 9110 says.
            site.clock.advance(by: 30)
            let third = try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: "bearer \(site.accueil.token.value)")
            #expect([first.status, second.status, third.status] == [.noContent, .noContent, .noContent])
        }
        let kiosk = try site.database.read { db in
            try Row.fetchOne(db, sql: "SELECT last_heartbeat, software_version FROM kiosks WHERE slug = 'lyon-part-dieu-accueil'")!
        }
        #expect(kiosk["last_heartbeat"] == Timestamp.string(from: site.clock.now))
        #expect(kiosk["software_version"] == "2.5.0")
        #expect(try await site.heartbeatCount() == 3)
    }

    enum Refusal: String, CaseIterable {
        case noHeader, emptyBearer, otherScheme, extraSpace, tabAfterScheme, oneCharacterOff, prefixOfToken, upperCaseToken, otherKioskToken,
            unknownKiosk, kioskWithoutToken
    }

    @Test(arguments: Refusal.allCases)
    func aMissingOrWrongTokenIsRefusedWith401AndWritesNothing(_ refusal: Refusal) async throws {
        let site = try await Site()
        try await site.database.write { db in
            try db.execute(sql: "INSERT INTO kiosks (gym_id, slug, name) SELECT id, 'sans-jeton', 'Sans jeton' FROM gyms")
        }
        let token = site.accueil.token.value
        var kiosk = "lyon-part-dieu-accueil"
        let authorization: String?
        switch refusal {
        case .noHeader: authorization = nil
        case .emptyBearer: authorization = "Bearer "
        case .otherScheme: authorization = "Basic \(token)"
        case .extraSpace: authorization = "Bearer  \(token)"
        case .tabAfterScheme: authorization = "Bearer\t\(token)"
        case .oneCharacterOff: authorization = "Bearer \(token.dropLast())\(token.last == "0" ? "1" : "0")"
        case .prefixOfToken: authorization = "Bearer \(token.prefix(63))"
        case .upperCaseToken: authorization = "Bearer \(token.uppercased())"
        case .otherKioskToken: authorization = "Bearer \(site.vestiaire.token.value)"
        case .unknownKiosk:
            kiosk = "lyon-part-dieu-inconnu"
            authorization = "Bearer \(token)"
        case .kioskWithoutToken:
            kiosk = "sans-jeton"
            authorization = "Bearer \(token)"
        }
        let target = kiosk
        try await site.app.test(.router) { client in
            let answer = try await Self.post(client, kiosk: target, authorization: authorization, body: #"{"uptimeSeconds": 10}"#)
            #expect(answer.status == .unauthorized)
            #expect(answer.body == #"{"error":"Unauthorized - Invalid kiosk token"}"#)
        }
        #expect(try await site.heartbeatCount() == 0)
        let touched = try await site.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM kiosks WHERE last_heartbeat IS NOT NULL")!
        }
        #expect(touched == 0)
    }

    @Test func aRotatedTokenIsRefusedAndTheNewOneAccepted() async throws {
        let site = try await Site()
        try await site.app.test(.router) { client in
            let old = "Bearer \(site.accueil.token.value)"
            #expect(try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: old).status == .noContent)
            let rotated = try await KioskStore(database: site.database, clock: site.clock).rotateToken(slug: "lyon-part-dieu-accueil")
            #expect(rotated.token != site.accueil.token)
            #expect(try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: old).status == .unauthorized)
            #expect(try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: "Bearer \(rotated.token.value)").status == .noContent)
        }
        #expect(try await site.heartbeatCount() == 2)
    }

    @Test(arguments: [
        (#"[]"#, "not a JSON object"),
        (#"not json"#, "not a JSON object"),
        (#"{"uptimeSeconds": -1}"#, "\"uptimeSeconds\" is out of range"),
        (#"{"uptimeSeconds": 1.5}"#, "\"uptimeSeconds\""),
        (#"{"uptimeSeconds": "3600"}"#, "\"uptimeSeconds\" has the wrong type"),
        (#"{"softwareVersion": 42}"#, "\"softwareVersion\" has the wrong type"),
        (#"{"softwareVersion": ""}"#, "\"softwareVersion\" is empty"),
        ("{\"softwareVersion\": \"\(String(repeating: "9", count: 65))\"}", "\"softwareVersion\" is empty, too long"),
        (#"{"softwareVersion": "2.5\n0"}"#, "control characters"),
        (#"{"softwareVersion": "2.5\u00850"}"#, "control characters"),
        // 64 characters as JSON Schema counts them (code points), not as Swift does (one grapheme).
        ("{\"softwareVersion\": \"e\(String(repeating: "\u{301}", count: 64))\"}", "too long"),
    ])
    func aBadBodyIsRefusedWith400SayingWhatIsAccepted(_ body: String, _ reason: String) async throws {
        let site = try await Site()
        try await site.app.test(.router) { client in
            let answer = try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: "Bearer \(site.accueil.token.value)", body: body)
            #expect(answer.status == .badRequest)
            let error = try JSONDecoder().decode([String: String].self, from: Data(answer.body.utf8))["error"] ?? ""
            #expect(error.contains(reason), "\(error)")
            #expect(error.contains("uptimeSeconds") && error.contains("softwareVersion"), "the message says what is accepted")
        }
        #expect(try await site.heartbeatCount() == 0)
    }

    @Test func aBodyOverOneMebibyteIsRefusedWith413() async throws {
        let site = try await Site()
        let padding = String(repeating: " ", count: 1 << 20)
        try await site.app.test(.router) { client in
            let answer = try await Self.post(
                client,
                kiosk: "lyon-part-dieu-accueil",
                authorization: "Bearer \(site.accueil.token.value)",
                body: #"{"uptimeSeconds": 1}"# + padding
            )
            #expect(answer.status == .contentTooLarge)
            #expect(answer.body == #"{"error":"Request body too large: at most 1048576 bytes (1 MiB)"}"#)
            // Exactly 1 MiB is still accepted.
            let fitting = #"{"uptimeSeconds": 1}"# + String(repeating: " ", count: (1 << 20) - 20)
            #expect(
                try await Self.post(client, kiosk: "lyon-part-dieu-accueil", authorization: "Bearer \(site.accueil.token.value)", body: fitting)
                    .status == .noContent
            )
        }
        #expect(try await site.heartbeatCount() == 1)
    }

    @Test func noHeartbeatIsLostInABurstOf2000ConcurrentRequests() async throws {
        let site = try await Site()
        let kiosks = [("lyon-part-dieu-accueil", site.accueil.token.value), ("lyon-part-dieu-vestiaire", site.vestiaire.token.value)]
        try await site.app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<2000 {
                    let (slug, token) = kiosks[index % 2]
                    group.addTask {
                        try await Self.post(client, kiosk: slug, authorization: "Bearer \(token)", body: "{\"uptimeSeconds\": \(index)}").status
                    }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.count == 2000)
            #expect(statuses.allSatisfy { $0 == .noContent })
        }
        let (perKiosk, uptimes) = try await site.database.read { db in
            (
                try Int.fetchAll(db, sql: "SELECT count(*) FROM kiosk_heartbeats GROUP BY kiosk_id ORDER BY kiosk_id"),
                try Int.fetchAll(db, sql: "SELECT uptime_seconds FROM kiosk_heartbeats ORDER BY uptime_seconds")
            )
        }
        #expect(perKiosk == [1000, 1000])
        #expect(uptimes == Array(0..<2000), "each heartbeat is there once")
    }

    @Test func concurrentHeartbeatsAreCommittedInFewerBatchesThanHeartbeats() async throws {
        let database = try AppDatabase.inMemory()
        try await database.write { db in
            try db.execute(sql: "INSERT INTO gyms (slug, name, city, timezone) VALUES ('lyon', 'Lyon', 'Lyon', 'Europe/Paris')")
        }
        let issued = try await KioskStore(database: database, clock: SettableClock()).add(gym: "lyon", name: "Accueil")
        let recorder = KioskEventRecorder(database: database)
        let verdicts = try await withThrowingTaskGroup(of: HeartbeatVerdict.self) { group in
            for second in 0..<500 {
                group.addTask {
                    try await recorder.record(
                        KioskHeartbeat(
                            kioskSlug: issued.kiosk.slug,
                            bearer: issued.token.value,
                            receivedAt: Date(timeIntervalSince1970: 1_806_300_000 + Double(second))
                        )
                    )
                }
            }
            return try await group.reduce(into: [HeartbeatVerdict]()) { $0.append($1) }
        }
        #expect(verdicts.count == 500 && verdicts.allSatisfy { $0 == .recorded })
        let batches = recorder.committedBatches
        #expect(batches < 500, "heartbeats that arrive during a write share the next transaction")
        #expect(recorder.largestBatch > 1)
        let last = try await database.read { db in try String.fetchOne(db, sql: "SELECT last_heartbeat FROM kiosks")! }
        #expect(last == Timestamp.string(from: Date(timeIntervalSince1970: 1_806_300_499)), "the latest heartbeat wins, whatever the commit order")
    }
}
