import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisHTTP
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Management API: weekly reports")
struct ReportsAPITests {
    /// A gym, and its report for 2027-W12 made by the weekly-reports job through its endpoint.
    private func fixtureWithAReport() async throws -> HTTPFixture {
        let fixture = try HTTPFixture()
        try await fixture.appliance.database.write { db in
            try db.execute(
                sql: "INSERT INTO gyms (slug, name, city, timezone) VALUES ('paris-bastille', 'Salle <Bastille>', 'Paris', 'Europe/Paris')"
            )
        }
        try await fixture.test { client in
            let response = try await client.execute(uri: "/api/cron/weekly-reports", method: .post, headers: HTTPFixture.cron)
            #expect(response.json?["details"]?["generated"]?.intValue == 1, "\(response.text)")
        }
        return fixture
    }

    @Test func theListingFiltersByGymAndWeekAndLinksEachReport() async throws {
        let fixture = try await fixtureWithAReport()
        try await fixture.test { client in
            try await client.execute(uri: "/api/reports", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                guard case .array(let reports) = response.json?["reports"] else {
                    Issue.record("no reports array")
                    return
                }
                #expect(reports.count == 1)
                #expect(reports.first?["gym"]?.stringValue == "paris-bastille")
                #expect(reports.first?["week"]?.stringValue == "2027-W12")
                #expect(reports.first?["periodStart"]?.stringValue == "2027-03-22")
                #expect(reports.first?["url"]?.stringValue == "/api/reports/paris-bastille/2027-W12")
            }
            try await client.execute(uri: "/api/reports?gym=paris-bastille&week=2027-W11", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.json?["reports"] == .array([]))
            }
            try await client.execute(uri: "/api/reports?gym=lyon", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
                #expect(response.json?["error"]?.stringValue == "unknown gym 'lyon'; known gyms: paris-bastille")
            }
            for malformed in ["2027-12", "2027-w12", "2027-W54", "2027-W00"] {
                try await client.execute(uri: "/api/reports?week=\(malformed)", method: .get, headers: HTTPFixture.admin) { response in
                    #expect(response.status == .badRequest, "\(malformed)")
                    #expect(response.json?["field"]?.stringValue == "week")
                }
            }
            // Well formed, but 2027 has 52 weeks: no report can match.
            try await client.execute(uri: "/api/reports?week=2027-W53", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.json?["reports"] == .array([]))
            }
        }
    }

    @Test func oneReportComesAsJSONOrAsItsEscapedHTMLPage() async throws {
        let fixture = try await fixtureWithAReport()
        try await fixture.test { client in
            try await client.execute(uri: "/api/reports/paris-bastille/2027-W12", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.json?["period"]?["isoWeek"]?.stringValue == "2027-W12")
                #expect(response.json?["gym"]?["slug"]?.stringValue == "paris-bastille")
            }
            for (uri, headers) in [
                ("/api/reports/paris-bastille/latest?format=html", HTTPFixture.admin),
                ("/api/reports/paris-bastille/2027-W12", HTTPFixture.admin + [.accept: "text/html,application/xhtml+xml"]),
            ] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.hasPrefix("<!DOCTYPE html>") || response.text.hasPrefix("<!doctype html>"))
                    #expect(response.text.contains("Salle &lt;Bastille&gt;"))
                    #expect(!response.text.contains("Salle <Bastille>"))
                }
            }
            try await client.execute(uri: "/api/reports/paris-bastille/2027-W11", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/reports/paris-bastille/2027-W60", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .badRequest)
                #expect(response.json?["error"]?.stringValue?.hasPrefix("week:") == true)
            }
            for missing in ["2027-W53", "0000-W01"] {
                try await client.execute(uri: "/api/reports/paris-bastille/\(missing)", method: .get, headers: HTTPFixture.admin) { response in
                    #expect(response.status == .notFound, "\(missing)")
                }
            }
            try await client.execute(uri: "/api/reports/paris-bastille/latest?format=pdf", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .badRequest)
                #expect(response.json?["field"]?.stringValue == "format")
            }
        }
    }
}
