import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Management API: gyms, members, facts, kiosks")
struct RecordsAPITests {
    static let gym = #"{"name":"Paris Bastille","timezone":"Europe/Paris","openingHours":{"mon":"06:00-22:00","sun":null}}"#
    static let member = #"{"badgeId":"B1","firstName":"Ana","lastName":"Li","memberSince":"2026-01-02","email":"ana@example.fr"}"#

    static func call(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        _ body: String? = nil,
        headers: HTTPFields = HTTPFixture.admin
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test func everyNewRouteRefusesAMissingBearer() async throws {
        try await HTTPFixture().test { client in
            for (method, uri) in [
                (HTTPRequest.Method.get, "/api/gyms"), (.put, "/api/gyms/a"), (.get, "/api/gyms/a/members"), (.patch, "/api/gyms/a/members/m"),
                (.put, "/api/gyms/a/members/m/facts/f"), (.delete, "/api/gyms/a/members/m/facts/f"), (.post, "/api/gyms/a/kiosks"),
                (.patch, "/api/gyms/a/kiosks/k"), (.delete, "/api/gyms/a/kiosks/k"),
            ] {
                let response = try await Self.call(client, method, uri, "{}", headers: [:])
                #expect(response.status == .unauthorized, "\(method) \(uri)")
            }
        }
    }

    @Test func aGymIsCreatedWith201UpdatedWith200AndABadZoneIs400NamingTheField() async throws {
        try await HTTPFixture().test { client in
            let created = try await Self.call(client, .put, "/api/gyms/paris-bastille", Self.gym)
            #expect(created.status == .created)
            #expect(created.json?["gym"]?["openingHours"]?["mon"]?.stringValue == "06:00-22:00")
            #expect(try await Self.call(client, .put, "/api/gyms/paris-bastille", Self.gym).status == .ok)
            let list = try await Self.call(client, .get, "/api/gyms")
            #expect(list.json?["gyms"]?[0]?["slug"]?.stringValue == "paris-bastille")
            let zone = try await Self.call(client, .put, "/api/gyms/x", #"{"name":"X","timezone":"GMT+2"}"#)
            #expect(zone.status == .badRequest)
            #expect(zone.json?["field"]?.stringValue == "timezone")
            let hours = try await Self.call(client, .put, "/api/gyms/x", #"{"name":"X","timezone":"UTC","openingHours":"never"}"#)
            #expect(hours.json?["field"]?.stringValue == "openingHours", "the body's key, not the column")
            #expect(try await Self.call(client, .get, "/api/gyms/x").status == .notFound)
            #expect(try await Self.call(client, .put, "/api/gyms/x", "[1]").status == .badRequest)
        }
    }

    @Test func membersAreUpsertedPatchedListedAndADuplicateBadgeIs409() async throws {
        try await HTTPFixture().test { client in
            _ = try await Self.call(client, .put, "/api/gyms/paris-bastille", Self.gym)
            #expect(try await Self.call(client, .put, "/api/gyms/paris-bastille/members/m1", Self.member).status == .created)
            #expect(try await Self.call(client, .put, "/api/gyms/paris-bastille/members/m1", Self.member).status == .ok)
            let duplicate = try await Self.call(client, .put, "/api/gyms/paris-bastille/members/m2", Self.member)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json?["field"]?.stringValue == "badgeId")
            let patched = try await Self.call(client, .patch, "/api/gyms/paris-bastille/members/m1", #"{"isActive":false}"#)
            #expect(patched.status == .ok)
            #expect(patched.json?["member"]?["isActive"] == .bool(false))
            #expect(patched.json?["member"]?["firstName"]?.stringValue == "Ana")
            let shown = try await Self.call(client, .get, "/api/gyms/paris-bastille/members/m1")
            #expect(shown.json?["member"]?["memberSince"]?.stringValue == "2026-01-02")
            let active = try await Self.call(client, .get, "/api/gyms/paris-bastille/members?active=true")
            #expect(active.json?["members"] == .array([]))
            let inactive = try await Self.call(client, .get, "/api/gyms/paris-bastille/members?active=false&limit=1")
            #expect(inactive.json?["members"]?[0]?["externalId"]?.stringValue == "m1")
            #expect(inactive.json?["nextCursor"]?.stringValue != nil)
            #expect(try await Self.call(client, .patch, "/api/gyms/paris-bastille/members/m9", "{}").status == .notFound)
            #expect(try await Self.call(client, .get, "/api/gyms/nowhere/members").status == .notFound)
            let key = try await Self.call(client, .patch, "/api/gyms/paris-bastille/members/m1", #"{"externalId":"m5"}"#)
            #expect(key.status == .badRequest)
            #expect(key.json?["field"]?.stringValue == "externalId")
        }
    }

    @Test func factsArePutListedAndDeleted() async throws {
        try await HTTPFixture().test { client in
            _ = try await Self.call(client, .put, "/api/gyms/paris-bastille", Self.gym)
            _ = try await Self.call(client, .put, "/api/gyms/paris-bastille/members/m1", Self.member)
            let uri = "/api/gyms/paris-bastille/members/m1/facts/f1"
            #expect(try await Self.call(client, .put, uri, #"{"category":"goal","fact":"run 10k"}"#).status == .created)
            #expect(try await Self.call(client, .put, uri, #"{"category":"goal","fact":"run 10k"}"#).status == .ok)
            let list = try await Self.call(client, .get, "/api/gyms/paris-bastille/members/m1/facts")
            #expect(list.json?["facts"]?[0]?["factId"]?.stringValue == "f1")
            let bad = try await Self.call(client, .put, uri, #"{"category":"mood","fact":"x"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.json?["field"]?.stringValue == "category")
            #expect(try await Self.call(client, .delete, uri).status == .noContent)
            #expect(try await Self.call(client, .delete, uri).status == .notFound)
            #expect(try await Self.call(client, .get, "/api/gyms/paris-bastille/members/m9/facts").status == .notFound)
        }
    }

    @Test func aKioskIsAddedWithItsTokenOnceSetInMaintenanceAndRemoved() async throws {
        try await HTTPFixture().test { client in
            _ = try await Self.call(client, .put, "/api/gyms/paris-bastille", Self.gym)
            let added = try await Self.call(client, .post, "/api/gyms/paris-bastille/kiosks", #"{"slug":"accueil","name":"Accueil"}"#)
            #expect(added.status == .created)
            let token = try #require(added.json?["token"]?.stringValue)
            #expect(token.count == 64)
            #expect(
                try await Self.call(client, .post, "/api/gyms/paris-bastille/kiosks", #"{"slug":"accueil","name":"Accueil"}"#).status == .conflict
            )
            let list = try await Self.call(client, .get, "/api/gyms/paris-bastille/kiosks")
            #expect(!list.text.contains(token) && !list.text.contains(KioskToken.hash(Secret(token))))
            let off = try await Self.call(client, .patch, "/api/gyms/paris-bastille/kiosks/accueil", #"{"maintenance":false}"#)
            #expect(off.json?["kiosk"]?["status"]?.stringValue == "offline")
            let on = try await Self.call(client, .patch, "/api/gyms/paris-bastille/kiosks/accueil", #"{"maintenance":true}"#)
            #expect(on.json?["kiosk"]?["status"]?.stringValue == "maintenance")
            let bad = try await Self.call(client, .patch, "/api/gyms/paris-bastille/kiosks/accueil", #"{"maintenance":"yes"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.json?["field"]?.stringValue == "maintenance")
            #expect(try await Self.call(client, .delete, "/api/gyms/paris-bastille/kiosks/accueil").status == .noContent)
            #expect(try await Self.call(client, .delete, "/api/gyms/paris-bastille/kiosks/accueil").status == .notFound)
        }
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
