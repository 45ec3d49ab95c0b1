import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Kiosk API")
struct KioskEventsAPITests {
    /// A gym with a kiosk and a member (badge B1), another gym with its own kiosk.
    struct Site {
        let fixture: HTTPFixture
        let accueil: IssuedKioskToken
        let paris: IssuedKioskToken

        init() async throws {
            fixture = try HTTPFixture()
            try await fixture.appliance.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO gyms (id, slug, name, city, timezone) VALUES (1, 'lyon', 'Lyon', 'Lyon', 'Europe/Paris'),
                            (2, 'paris', 'Paris', 'Paris', 'Europe/Paris');
                        INSERT INTO members (gym_id, external_id, badge_id, first_name, last_name, email, phone, member_since)
                        VALUES (1, 'm-1', 'B1', 'Ana', 'Durand', 'ana@example.fr', '0600000000', '2026-01-01T00:00:00.000Z');
                        """
                )
            }
            accueil = try await fixture.appliance.kiosks.add(gym: "lyon", name: "Accueil")
            paris = try await fixture.appliance.kiosks.add(gym: "paris", name: "Accueil")
        }

        var now: String { Timestamp.string(from: fixture.clock.now) }

        func count(_ table: String) throws -> Int {
            try fixture.appliance.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")! }
        }
    }

    static func call(
        _ client: any TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String?,
        body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: JSONValue]) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let json = JSONValue(jsonText: String(buffer: response.body))
            guard case .object(let object)? = json else { return (response.status, [:]) }
            return (response.status, object)
        }
    }

    @Test func theBadgeLookUpShowsTheFewFieldsAKioskShows() async throws {
        let site = try await Site()
        let token = site.accueil.token.value
        try await site.fixture.test { client in
            let found = try await Self.call(client, .get, "/api/kiosks/lyon-accueil/members/B1", token: token)
            #expect(found.status == .ok)
            #expect(
                found.json["member"]
                    == ["externalId": "m-1", "firstName": "Ana", "membershipState": "active", "membershipExpires": .null]
            )
            let unknown = try await Self.call(client, .get, "/api/kiosks/lyon-accueil/members/B2", token: token)
            #expect(unknown.status == .notFound && unknown.json == ["error": "Badge non reconnu"])
            // Another gym's kiosk does not find the member; a wrong token is 401.
            let other = try await Self.call(client, .get, "/api/kiosks/paris-accueil/members/B1", token: site.paris.token.value)
            #expect(other.status == .notFound)
            #expect(try await Self.call(client, .get, "/api/kiosks/lyon-accueil/members/B1", token: site.paris.token.value).status == .unauthorized)
            #expect(try await Self.call(client, .get, "/api/kiosks/lyon-accueil/members/B1", token: nil).status == .unauthorized)
        }
    }

    @Test func aCheckInIs201ThenItsReplay200AndWrittenOnce() async throws {
        let site = try await Site()
        let token = site.accueil.token.value
        let body = #"{"eventId":"e-1","badge":"B1","visitedAt":"\#(site.now)"}"#
        try await site.fixture.test { client in
            let first = try await Self.call(client, .post, "/api/kiosks/lyon-accueil/check-ins", token: token, body: body)
            #expect(first.status == .created)
            #expect(first.json["visit"] == ["eventId": "e-1", "member": "m-1", "visitedAt": .string(site.now)])
            let replay = try await Self.call(client, .post, "/api/kiosks/lyon-accueil/check-ins", token: token, body: body)
            #expect(replay.status == .ok && replay.json == first.json)
            // Another kiosk's token may not write for this kiosk.
            let stranger = try await Self.call(client, .post, "/api/kiosks/lyon-accueil/check-ins", token: site.paris.token.value, body: body)
            #expect(stranger.status == .unauthorized && stranger.json == ["error": "Unauthorized - Invalid kiosk token"])
        }
        #expect(try site.count("member_visits") == 1)
    }

    @Test func badCheckInsAre400NamingTheFieldOr404() async throws {
        let site = try await Site()
        let token = site.accueil.token.value
        let ahead = Timestamp.string(from: site.fixture.clock.now.addingTimeInterval(301))
        try await site.fixture.test { client in
            let future = try await Self.call(
                client,
                .post,
                "/api/kiosks/lyon-accueil/check-ins",
                token: token,
                body: #"{"eventId":"e-1","badge":"B1","visitedAt":"\#(ahead)"}"#
            )
            #expect(future.status == .badRequest && future.json["field"] == "visitedAt")
            let noEvent = try await Self.call(
                client,
                .post,
                "/api/kiosks/lyon-accueil/check-ins",
                token: token,
                body: #"{"badge":"B1","visitedAt":"\#(site.now)"}"#
            )
            #expect(noEvent.status == .badRequest && noEvent.json["field"] == "eventId")
            let unknownMember = try await Self.call(
                client,
                .post,
                "/api/kiosks/lyon-accueil/check-ins",
                token: token,
                body: #"{"eventId":"e-2","member":"nobody","visitedAt":"\#(site.now)"}"#
            )
            #expect(unknownMember.status == .notFound && unknownMember.json["field"] == "member")
            let notJSON = try await Self.call(client, .post, "/api/kiosks/lyon-accueil/check-ins", token: token, body: "[]")
            #expect(notJSON.status == .badRequest)
        }
        #expect(try site.count("member_visits") == 0)
    }

    @Test func aSessionsLifeThroughTheAPI() async throws {
        let site = try await Site()
        let token = site.accueil.token.value
        let start = Timestamp.string(from: site.fixture.clock.now.addingTimeInterval(-90))
        try await site.fixture.test { client in
            let base = "/api/kiosks/lyon-accueil/sessions"
            let started = try await Self.call(
                client,
                .post,
                base,
                token: token,
                body: #"{"sessionId":"s-1","badge":"B1","startedAt":"\#(start)","metadata":{"lang":"fr"}}"#
            )
            #expect(started.status == .created)
            let line = #"{"eventId":"l-1","occurredAt":"\#(start)","speaker":"member","content":"Bonjour"}"#
            let lines = try await Self.call(client, .post, "\(base)/s-1/transcript", token: token, body: #"{"lines":[\#(line)]}"#)
            #expect(lines.status == .created && lines.json == ["written": 1, "replayed": 0])
            let again = try await Self.call(client, .post, "\(base)/s-1/transcript", token: token, body: #"{"lines":[\#(line)]}"#)
            #expect(again.status == .ok && again.json == ["written": 0, "replayed": 1])
            let long = #"{"eventId":"l-2","occurredAt":"\#(start)","speaker":"member","content":"\#(String(repeating: "a", count: 2_000_000))"}"#
            let tooLong = try await Self.call(client, .post, "\(base)/s-1/transcript", token: token, body: #"{"lines":[\#(long)]}"#)
            #expect(tooLong.status == .badRequest && tooLong.json["field"] == "lines[0].content")
            let ended = try await Self.call(
                client,
                .post,
                "\(base)/s-1/end",
                token: token,
                body: #"{"endedAt":"\#(site.now)","totalTokens":300}"#
            )
            #expect(ended.status == .ok)
            guard case .object(let session)? = ended.json["session"] else {
                Issue.record("no session")
                return
            }
            #expect(session["durationSeconds"] == 90 && session["totalTokens"] == 300 && session["member"] == "m-1")
            let summary =
                #"{"eventId":"c-1","createdAt":"\#(site.now)","sentiment":"neutral","sentimentScore":0,"topics":["horaires"],"summary":"OK"}"#
            #expect(try await Self.call(client, .post, "\(base)/s-1/summary", token: token, body: summary).status == .created)
            #expect(try await Self.call(client, .post, "\(base)/s-1/summary", token: token, body: summary).status == .ok)
            let missing = try await Self.call(client, .post, "\(base)/nope/end", token: token, body: #"{"endedAt":"\#(site.now)"}"#)
            #expect(missing.status == .notFound && missing.json["field"] == "sessionId")
        }
        #expect(try site.count("conversation_events") == 1)
        #expect(try site.count("conversation_summaries") == 1)
    }
}
