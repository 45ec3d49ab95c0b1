import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Management API: a member's erasure and access (GDPR)")
struct MemberPrivacyAPITests {
    @Test func aMemberIsExportedThenErasedOnceAndAnUnknownMemberIs404() async throws {
        try await HTTPFixture().test { client in
            _ = try await RecordsAPITests.call(client, .put, "/api/gyms/paris-bastille", RecordsAPITests.gym)
            _ = try await RecordsAPITests.call(client, .put, "/api/gyms/paris-bastille/members/m1", RecordsAPITests.member)
            let export = try await RecordsAPITests.call(client, .get, "/api/gyms/paris-bastille/members/m1/export")
            #expect(export.status == .ok)
            #expect(export.json?["member"]?["email"]?.stringValue == "ana@example.fr")
            #expect(try await RecordsAPITests.call(client, .post, "/api/gyms/paris-bastille/members/m1/erase", headers: [:]).status == .unauthorized)
            let erased = try await RecordsAPITests.call(client, .post, "/api/gyms/paris-bastille/members/m1/erase")
            #expect(erased.status == .ok)
            #expect(erased.json?["erasure"]?["erasedNow"] == .bool(true))
            let again = try await RecordsAPITests.call(client, .post, "/api/gyms/paris-bastille/members/m1/erase")
            #expect(again.json?["erasure"]?["erasedNow"] == .bool(false))
            let after = try await RecordsAPITests.call(client, .get, "/api/gyms/paris-bastille/members/m1/export")
            #expect(after.json?["member"]?["email"] == .null)
            #expect(after.json?["member"]?["firstName"] == .null)
            let unknown = try await RecordsAPITests.call(client, .post, "/api/gyms/paris-bastille/members/m9/erase")
            #expect(unknown.status == .notFound)
        }
    }
}
