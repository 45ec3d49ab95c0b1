import Foundation
import JarvisCore
import JarvisTestSupport
import Testing

@Suite("ScheduleStore")
struct ScheduleStoreTests {
    let now = instant("2027-01-01T00:00:00Z")

    func harness(_ database: AppDatabase? = nil) throws -> Harness {
        try Harness(
            jobs: SchedulerTests.defaults.map { RecordingJob(slug: $0.slug, defaultSchedule: $0.cron) },
            clock: FixedClock(now: now),
            database: database
        )
    }

    @Test func theFourDefaultsAreSeededOnFirstStart() async throws {
        let store = try harness().schedules
        #expect(try await store.seedDefaults() == SchedulerTests.defaults.map(\.slug))
        let schedules = try await store.all()
        #expect(schedules.map(\.id) == ["cleanup-old-data", "daily-churn-analysis", "health-check-kiosks", "weekly-reports"])
        #expect(schedules.map(\.cron) == ["0 4 * * *", "0 2 * * *", "0 3 * * *", "0 6 * * 1"])
        #expect(schedules.allSatisfy { $0.catchUp == .latest && $0.maxRetries == 3 && $0.timeoutSeconds == 900 && !$0.paused && $0.timezone == nil })
    }

    @Test func seedingNeverOverwritesNorResurrectsWhatTheOperatorChanged() async throws {
        let file = try TemporaryDatabase()
        let store = try harness(file.database).schedules
        try await store.seedDefaults()
        try await store.upsert(id: "daily-churn-analysis", .init(cron: "30 1 * * *", timezone: .some("Europe/Paris")))
        try await store.delete("weekly-reports")

        let restarted = try harness(try file.reopen()).schedules
        #expect(try await restarted.seedDefaults() == [])
        let schedules = try await restarted.all()
        #expect(schedules.map(\.id) == ["cleanup-old-data", "daily-churn-analysis", "health-check-kiosks"])
        #expect(schedules.first { $0.id == "daily-churn-analysis" }?.cron == "30 1 * * *")
        #expect(schedules.first { $0.id == "daily-churn-analysis" }?.timezone == "Europe/Paris")
    }

    @Test func pausedSurvivesARestart() async throws {
        let file = try TemporaryDatabase()
        let store = try harness(file.database).schedules
        try await store.seedDefaults()
        try await store.pause("health-check-kiosks")
        #expect(try await harness(try file.reopen()).schedules.schedule("health-check-kiosks").paused)
        try await store.resume("health-check-kiosks")
        #expect(try await !harness(try file.reopen()).schedules.schedule("health-check-kiosks").paused)
    }

    @Test(arguments: [
        ("daily-churn-analysis", ScheduleStore.Change(cron: "61 2 * * *"), "schedule 'daily-churn-analysis': minute: 61 is out of range 0-59"),
        (
            "extra", ScheduleStore.Change(cron: "0 2 * * *"),
            "unknown job 'extra'; known jobs: daily-churn-analysis, health-check-kiosks, cleanup-old-data, weekly-reports"
        ),
        ("extra", ScheduleStore.Change(job: "weekly-reports"), "schedule 'extra' does not exist yet: give its cron expression"),
        (
            "daily-churn-analysis", ScheduleStore.Change(timezone: .some("Mars/Olympus")),
            "timezone: 'Mars/Olympus' is not an IANA time zone such as Europe/Paris"
        ),
        ("daily-churn-analysis", ScheduleStore.Change(maxRetries: 101), "retries: 101 is out of range 0-100"),
        ("daily-churn-analysis", ScheduleStore.Change(timeoutSeconds: 0), "timeout: 0 s is out of range 1-86400 s"),
        ("Bad_Id", ScheduleStore.Change(job: "weekly-reports", cron: "0 2 * * *"), "id: 'Bad_Id' must be 1-64 lowercase letters, digits or dashes"),
    ])
    func aBadChangeIsRefusedWithItsReasonAndChangesNothing(id: String, change: ScheduleStore.Change, message: String) async throws {
        let store = try harness().schedules
        try await store.seedDefaults()
        let before = try await store.all()
        await #expect {
            try await store.upsert(id: id, change)
        } throws: { error in
            (error as? JarvisError)?.message == message
        }
        #expect(try await store.all() == before)
    }

    @Test func anUpsertCreatesASecondScheduleForAJob() async throws {
        let store = try harness().schedules
        try await store.seedDefaults()
        let extra = try await store.upsert(
            id: "kiosks-daytime",
            .init(job: "health-check-kiosks", cron: "*/15 8-20 * * *", catchUp: .skip, maxRetries: 0, timeoutSeconds: 60)
        )
        #expect(extra.job == "health-check-kiosks")
        #expect(extra.catchUp == .skip)
        #expect(try await store.all().count == 5)
        // A manual run of the job uses its own schedule's settings, not the extra one's.
        #expect(try await store.settings(forJob: "health-check-kiosks").timeout == .seconds(900))
    }
}
