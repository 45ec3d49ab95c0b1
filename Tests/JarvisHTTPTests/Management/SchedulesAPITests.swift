import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Management API: schedules")
struct SchedulesAPITests {
    private func put(_ client: any TestClientProtocol, _ id: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/schedules/\(id)", method: .put, headers: HTTPFixture.admin, body: ByteBuffer(string: body))
    }

    @Test func listingShowsTheDefaultSchedulesWithTheirNextFireInTheirZone() async throws {
        let fixture = try HTTPFixture()
        try await fixture.appliance.schedules.seedDefaults()
        try await fixture.test { client in
            try await client.execute(uri: "/api/schedules", method: .get, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                guard case .array(let schedules) = response.json?["schedules"] else {
                    Issue.record("no schedules array")
                    return
                }
                let byID = Dictionary(uniqueKeysWithValues: schedules.compactMap { schedule in schedule["id"]?.stringValue.map { ($0, schedule) } })
                #expect(byID.keys.sorted() == ["cleanup-old-data", "daily-churn-analysis", "health-check-kiosks", "weekly-reports"])
                #expect(byID["daily-churn-analysis"]?["cron"]?.stringValue == "0 2 * * *")
                #expect(byID["weekly-reports"]?["cron"]?.stringValue == "0 6 * * 1")
                #expect(byID["daily-churn-analysis"]?["effectiveTimezone"]?.stringValue == "Europe/Paris")
                #expect(byID["daily-churn-analysis"]?["timezone"] == .null)
                // Monday 29 March 2027 09:30 in Paris: the next 02:00 is on Tuesday, in summer time.
                #expect(byID["daily-churn-analysis"]?["nextFireAt"]?.stringValue == "2027-03-30T02:00:00+02:00")
                #expect(byID["weekly-reports"]?["nextFireAt"]?.stringValue == "2027-04-05T06:00:00+02:00")
            }
        }
    }

    @Test func putCreatesWith201ThenChangesWith200() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            let created = try await put(
                client,
                "churn-early",
                #"{"job":"daily-churn-analysis","cron":"30 1 * * *","timezone":"America/Martinique","maxRetries":5,"catchUp":"all"}"#
            )
            #expect(created.status == .created)
            #expect(created.json?["job"]?.stringValue == "daily-churn-analysis")
            #expect(created.json?["nextFireAt"]?.stringValue == "2027-03-30T01:30:00-04:00")
            #expect(created.json?["maxRetries"]?.intValue == 5)
            #expect(created.json?["catchUp"]?.stringValue == "all")

            let changed = try await put(client, "churn-early", #"{"cron":"45 1 * * *","timezone":null}"#)
            #expect(changed.status == .ok)
            #expect(changed.json?["cron"]?.stringValue == "45 1 * * *")
            #expect(changed.json?["timezone"] == .null)
            #expect(changed.json?["effectiveTimezone"]?.stringValue == "Europe/Paris")
            #expect(changed.json?["maxRetries"]?.intValue == 5, "absent fields keep their value")
        }
        let stored = try await fixture.appliance.schedules.schedule("churn-early")
        #expect(stored.cron == "45 1 * * *")
        #expect(stored.timezone == nil)
    }

    @Test(
        arguments: [
            (#"{"cron":"61 2 * * *"}"#, "cron", "minute"),
            (#"{"cron":"0 2 * * 8"}"#, "cron", "day-of-week"),
            (#"{"cron":"0 2 * *"}"#, "cron", "has 4 fields"),
            (#"{"cron":"0 2 * * *","timezone":"Mars/Olympus"}"#, "timezone", "Mars/Olympus"),
            (#"{"cron":"0 2 * * *","job":"nope"}"#, "job", "unknown job"),
            (#"{"cron":"0 2 * * *","maxRetries":101}"#, "maxRetries", "0-100"),
            (#"{"cron":"0 2 * * *","timeoutSeconds":0}"#, "timeoutSeconds", "1-86400"),
            (#"{"cron":"0 2 * * *","catchUp":"some"}"#, "catchUp", "latest, all, skip"),
            (#"{"cron":"0 2 * * *","paused":"yes"}"#, "paused", "true or false"),
            (#"{"cron":2}"#, "cron", "string"),
            (#"{"schedule":"0 2 * * *"}"#, "schedule", "unknown field"),
            (#"{"timezone":"UTC"}"#, "cron", "give its cron expression"),
        ] as [(String, String, String)]
    )
    func aBadScheduleAnswers400NamingTheField(_ body: String, _ field: String, _ words: String) async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            let response = try await put(client, "daily-churn-analysis", body)
            #expect(response.status == .badRequest, "\(body)")
            #expect(response.json?["field"]?.stringValue == field, "\(response.text)")
            #expect(response.json?["error"]?.stringValue?.contains(words) == true, "\(response.text)")
        }
        #expect(try await fixture.appliance.schedules.all().isEmpty, "nothing was stored")
    }

    @Test func notJSONAnswers400() async throws {
        let fixture = try HTTPFixture()
        try await fixture.test { client in
            let response = try await put(client, "daily-churn-analysis", "cron=0 2 * * *")
            #expect(response.status == .badRequest)
            #expect(response.json?["error"]?.stringValue?.contains("not JSON") == true)
        }
    }

    @Test func pauseAndResumeSurviveInTheStoreAndUnknownIDsAnswer404() async throws {
        let fixture = try HTTPFixture()
        try await fixture.appliance.schedules.seedDefaults()
        try await fixture.test { client in
            try await client.execute(uri: "/api/schedules/weekly-reports/pause", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.json?["paused"] == true)
                #expect(response.json?["nextFireAt"] == .null)
            }
            #expect(try await fixture.appliance.schedules.schedule("weekly-reports").paused)
            try await client.execute(uri: "/api/schedules/weekly-reports/resume", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .ok)
                #expect(response.json?["paused"] == false)
            }
            #expect(try await !fixture.appliance.schedules.schedule("weekly-reports").paused)
            try await client.execute(uri: "/api/schedules/nope/pause", method: .post, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
                #expect(response.json?["error"]?.stringValue == "no schedule 'nope'")
            }
        }
    }

    @Test func deleteAnswers204ThenTheScheduleIsGoneAnd404() async throws {
        let fixture = try HTTPFixture()
        try await fixture.appliance.schedules.seedDefaults()
        try await fixture.test { client in
            try await client.execute(uri: "/api/schedules/cleanup-old-data", method: .delete, headers: HTTPFixture.admin) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/schedules/cleanup-old-data", method: .delete, headers: HTTPFixture.admin) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await fixture.appliance.schedules.all().map(\.id) == ["daily-churn-analysis", "health-check-kiosks", "weekly-reports"])
    }
}
