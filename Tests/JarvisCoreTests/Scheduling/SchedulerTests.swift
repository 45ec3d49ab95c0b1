import Foundation
import GRDB
import JarvisCore
import JarvisTestSupport
import Testing

/// The scheduler loop, driven through virtual time.
@Suite("Scheduler")
struct SchedulerTests {
    static let defaults: [(slug: String, cron: String)] = [
        ("daily-churn-analysis", "0 2 * * *"), ("health-check-kiosks", "0 3 * * *"),
        ("cleanup-old-data", "0 4 * * *"), ("weekly-reports", "0 6 * * 1"),
    ]

    func defaultJobs() -> [RecordingJob] {
        Self.defaults.map { RecordingJob(slug: $0.slug, defaultSchedule: $0.cron) }
    }

    /// Local wall time in Paris of an instant, as `2027-03-28T03:00+02:00`.
    func paris(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = Harness.paris
        formatter.formatOptions = [.withInternetDateTime, .withColonSeparatorInTimeZone]
        return formatter.string(from: date)
    }

    // MARK: A year

    @Test func aYearOfTheFourDefaultSchedulesInParisRunsEverySlotOnceAtItsInstant() async throws {
        let jobs = defaultJobs()
        // 2027-01-01T00:00 to 2028-01-01T00:00 in Paris.
        let clock = VirtualClock(start: instant("2026-12-31T23:00:00Z"), end: instant("2027-12-31T23:00:00Z"))
        let harness = try Harness(jobs: jobs, clock: clock)
        try await harness.runScheduler(clock, maxSleep: .seconds(3600))

        let churn = jobs[0].nominalTimes
        #expect(churn.count == 365)
        #expect(Set(churn).count == 365)
        for date in churn {
            let local = paris(date)
            switch local.prefix(10) {
            case "2027-03-28": #expect(local == "2027-03-28T03:00:00+02:00")  // 02:00 does not exist
            case "2027-10-31": #expect(local == "2027-10-31T02:00:00+02:00")  // first pass of the fold
            default: #expect(local.dropFirst(10).hasPrefix("T02:00:00"), "churn ran at \(local)")
            }
        }
        #expect(jobs[1].nominalTimes.count == 365)
        #expect(jobs[2].nominalTimes.count == 365)
        let reports = jobs[3].nominalTimes
        #expect(reports.count == 52)
        #expect(reports.allSatisfy { paris($0).dropFirst(10).hasPrefix("T06:00:00") })
        #expect(paris(reports.first!) == "2027-01-04T06:00:00+01:00")
        #expect(paris(reports.last!) == "2027-12-27T06:00:00+01:00")

        #expect(try harness.count("SELECT count(*) FROM job_runs") == 365 * 3 + 52)
        #expect(try harness.count("SELECT count(*) FROM job_runs WHERE status = 'succeeded' AND trigger = 'schedule'") == 365 * 3 + 52)
        #expect(try harness.count("SELECT count(*) FROM system_logs") == 365 * 3 + 52)
        #expect(try harness.count("SELECT count(*) FROM (SELECT 1 FROM job_runs GROUP BY schedule_id, slot_utc HAVING count(*) > 1)") == 0)
        // Slots are stored as UTC instants plus the nominal local wall time.
        let spring = try harness.runs(sql: "SELECT * FROM job_runs WHERE job = 'daily-churn-analysis' AND slot_local LIKE '2027-03-28%'")
        #expect(spring.map(\.slotLocal) == ["2027-03-28T02:00 Europe/Paris"])
        #expect(spring.map(\.slotUTC) == [instant("2027-03-28T01:00:00Z")])
    }

    @Test func aQuarterHourJobRunsInBothPassesOfTheRepeatedHourAndTheLoopNeverSleepsOverAMinute() async throws {
        let quarter = RecordingJob(slug: "quarter", defaultSchedule: "*/15 * * * *")
        let fixed = RecordingJob(slug: "fixed", defaultSchedule: "30 2 * * *")
        let clock = VirtualClock(start: instant("2027-10-30T21:59:00Z"), end: instant("2027-10-31T04:00:00Z"))
        let harness = try Harness(jobs: [quarter, fixed], clock: clock)
        try await harness.runScheduler(clock)

        let firstPass = quarter.nominalTimes.filter { $0 >= instant("2027-10-31T00:00:00Z") && $0 < instant("2027-10-31T01:00:00Z") }
        let secondPass = quarter.nominalTimes.filter { $0 >= instant("2027-10-31T01:00:00Z") && $0 < instant("2027-10-31T02:00:00Z") }
        #expect(
            firstPass.map(paris) == [
                "2027-10-31T02:00:00+02:00", "2027-10-31T02:15:00+02:00", "2027-10-31T02:30:00+02:00", "2027-10-31T02:45:00+02:00",
            ]
        )
        #expect(
            secondPass.map(paris) == [
                "2027-10-31T02:00:00+01:00", "2027-10-31T02:15:00+01:00", "2027-10-31T02:30:00+01:00", "2027-10-31T02:45:00+01:00",
            ]
        )
        #expect(quarter.nominalTimes.count == 6 * 4)
        #expect(fixed.nominalTimes.map(paris) == ["2027-10-31T02:30:00+02:00"])

        let sleeps = clock.sleeps.dropLast()  // the last one waits for the end of virtual time
        #expect(sleeps.count >= 6 * 60)
        #expect(sleeps.allSatisfy { $0.until.timeIntervalSince($0.from) <= 60 })
    }

    @Test func aFixedTimeJobInTheSpringGapRunsOnceAtTheFirstValidInstant() async throws {
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        let twoSlots = RecordingJob(slug: "two", defaultSchedule: "0,30 2 * * *")
        let clock = VirtualClock(start: instant("2027-03-27T12:00:00+01:00"), end: instant("2027-03-29T12:00:00+02:00"))
        let harness = try Harness(jobs: [churn, twoSlots], clock: clock)
        try await harness.runScheduler(clock, maxSleep: .seconds(600))
        #expect(churn.nominalTimes.map(paris) == ["2027-03-28T03:00:00+02:00", "2027-03-29T02:00:00+02:00"])
        #expect(twoSlots.nominalTimes.map(paris) == ["2027-03-28T03:00:00+02:00", "2027-03-29T02:00:00+02:00", "2027-03-29T02:30:00+02:00"])
    }

    // MARK: Downtime

    /// Runs the daily `0 2 * * *` job from Jan 1 to Jan 3 12:00, stops, and restarts on Jan 7
    /// 12:00 until Jan 8 12:00, under `policy`. Returns the status of each day's slot.
    func downtime(_ policy: CatchUpPolicy) async throws -> [String: String] {
        let file = try TemporaryDatabase()
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        let before = VirtualClock(start: instant("2027-01-01T00:00:00+01:00"), end: instant("2027-01-03T12:00:00+01:00"))
        let first = try Harness(jobs: [churn], clock: before, database: file.database)
        try await first.schedules.seedDefaults()
        try await first.schedules.upsert(id: "churn", .init(catchUp: policy))
        try await first.runScheduler(before)

        let after = VirtualClock(start: instant("2027-01-07T12:00:00+01:00"), end: instant("2027-01-08T12:00:00+01:00"))
        let second = try Harness(jobs: [churn], clock: after, database: file.database)
        try await second.runScheduler(after)
        var statuses: [String: String] = [:]
        for run in try second.runs() {
            statuses[String(run.slotLocal.prefix(10))] = "\(run.status.rawValue)/\(run.trigger.rawValue)"
        }
        return statuses
    }

    @Test func catchUpLatestRunsTheMostRecentMissedSlotOnceAndRecordsTheOthers() async throws {
        let statuses = try await downtime(.latest)
        #expect(
            statuses == [
                "2027-01-01": "succeeded/schedule", "2027-01-02": "succeeded/schedule", "2027-01-03": "succeeded/schedule",
                "2027-01-04": "missed/catchup", "2027-01-05": "missed/catchup", "2027-01-06": "missed/catchup",
                "2027-01-07": "succeeded/catchup", "2027-01-08": "succeeded/schedule",
            ]
        )
    }

    @Test func catchUpAllRunsEveryMissedSlotOldestFirst() async throws {
        let statuses = try await downtime(.all)
        #expect(
            statuses == [
                "2027-01-01": "succeeded/schedule", "2027-01-02": "succeeded/schedule", "2027-01-03": "succeeded/schedule",
                "2027-01-04": "succeeded/catchup", "2027-01-05": "succeeded/catchup", "2027-01-06": "succeeded/catchup",
                "2027-01-07": "succeeded/catchup", "2027-01-08": "succeeded/schedule",
            ]
        )
    }

    @Test func catchUpSkipRunsNoMissedSlot() async throws {
        let statuses = try await downtime(.skip)
        #expect(
            statuses == [
                "2027-01-01": "succeeded/schedule", "2027-01-02": "succeeded/schedule", "2027-01-03": "succeeded/schedule",
                "2027-01-04": "missed/catchup", "2027-01-05": "missed/catchup", "2027-01-06": "missed/catchup",
                "2027-01-07": "missed/catchup", "2027-01-08": "succeeded/schedule",
            ]
        )
    }

    @Test func aWeeklyReportRunLateStillReceivesItsMondaySlotAsNominalTime() async throws {
        let file = try TemporaryDatabase()
        let reports = RecordingJob(slug: "weekly-reports", defaultSchedule: "0 6 * * 1")
        let before = VirtualClock(start: instant("2027-01-01T00:00:00+01:00"), end: instant("2027-01-03T20:00:00+01:00"))
        try await Harness(jobs: [reports], clock: before, database: file.database).runScheduler(before)
        // Down on Monday 2027-01-04; back on Tuesday at 10:00.
        let after = VirtualClock(start: instant("2027-01-05T10:00:00+01:00"), end: instant("2027-01-05T11:00:00+01:00"))
        let harness = try Harness(jobs: [reports], clock: after, database: file.database)
        try await harness.runScheduler(after)
        #expect(reports.nominalTimes == [instant("2027-01-04T06:00:00+01:00")])
        let run = try #require(try harness.runs().first)
        #expect(run.trigger == .catchup)
        #expect(run.startedAt == instant("2027-01-05T10:00:00+01:00"))
    }

    // MARK: Exactly once

    @Test func aRestartAndAClockStepBackNeverRunASlotTwice() async throws {
        let file = try TemporaryDatabase()
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        // The wall clock is stepped back a day and a half on Jan 3 at 12:00.
        let first = VirtualClock(
            start: instant("2027-01-01T00:00:00+01:00"),
            end: instant("2027-01-05T00:00:00+01:00"),
            steps: [(at: instant("2027-01-03T12:00:00+01:00"), to: instant("2027-01-02T00:00:00+01:00"))]
        )
        try await Harness(jobs: [churn], clock: first, database: file.database).runScheduler(first)
        // A restart whose clock starts back on Jan 2.
        let second = VirtualClock(start: instant("2027-01-02T00:00:00+01:00"), end: instant("2027-01-07T00:00:00+01:00"))
        let harness = try Harness(jobs: [churn], clock: second, database: file.database)
        try await harness.runScheduler(second)

        let days = churn.nominalTimes.map { String(paris($0).prefix(10)) }
        #expect(days == ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06"])
        #expect(try harness.count("SELECT count(*) FROM job_runs") == 6)
    }

    @Test func twoSchedulersOnOneFileRunEachSlotOnce() async throws {
        let file = try TemporaryDatabase()
        let jobA = RecordingJob(slug: "churn", defaultSchedule: "*/30 * * * *")
        let jobB = RecordingJob(slug: "churn", defaultSchedule: "*/30 * * * *")
        // Two processes on one machine: one wall clock, two loops.
        let clock = VirtualClock(start: instant("2026-12-31T23:59:00Z"), end: instant("2027-01-01T23:59:00Z"), participants: 2)
        let a = try Harness(jobs: [jobA], clock: clock, database: file.database, holder: RunHolder(host: "box", pid: 1, nonce: "a"))
        let b = try Harness(jobs: [jobB], clock: clock, database: try file.reopen(), holder: RunHolder(host: "box", pid: 2, nonce: "b"))
        try await a.schedules.seedDefaults()
        let settle: @Sendable () async -> Void = { [ra = a.runner, rb = b.runner] in
            await ra.activity.waitUntilIdle()
            await rb.activity.waitUntilIdle()
        }
        let schedulerA = a.scheduler(settle: settle)
        let schedulerB = b.scheduler(settle: settle)
        let taskA = Task { try await schedulerA.run() }
        let taskB = Task { try await schedulerB.run() }
        await clock.waitUntilEnd()
        taskA.cancel()
        taskB.cancel()
        try await taskA.value
        try await taskB.value

        #expect(jobA.nominalTimes.count + jobB.nominalTimes.count == 48)
        #expect(Set(jobA.nominalTimes).isDisjoint(with: jobB.nominalTimes))
        #expect(try a.count("SELECT count(*) FROM job_runs") == 48)
        #expect(try a.count("SELECT count(*) FROM job_runs WHERE status = 'succeeded'") == 48)
        #expect(try a.count("SELECT count(DISTINCT slot_utc) FROM job_runs") == 48)
    }

    @Test func aRunKilledMidwayIsAbandonedAtStartAndItsSlotRunsAgain() async throws {
        let file = try TemporaryDatabase()
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        let slot = instant("2027-01-01T02:00:00+01:00")
        // A process on this host claimed the slot, then died (its pid does not exist).
        let dead = RunHolder(host: ProcessInfo.processInfo.hostName, pid: 999_999, nonce: "gone")
        let crashed = try Harness(jobs: [churn], clock: FixedClock(now: slot), database: file.database, holder: dead)
        try await crashed.schedules.seedDefaults()
        let claim = try await crashed.runner.claim(
            RunRequest(
                job: "churn",
                scheduleID: "churn",
                trigger: .schedule,
                slot: slot,
                slotLocal: "2027-01-01T02:00 Europe/Paris",
                settings: RunSettings(timeZone: Harness.paris)
            )
        )
        guard case .claimed = claim else {
            Issue.record("no claim")
            return
        }

        let clock = VirtualClock(start: instant("2027-01-01T02:00:05+01:00"), end: instant("2027-01-01T03:00:00+01:00"))
        let harness = try Harness(jobs: [churn], clock: clock, database: file.database)
        try await harness.runScheduler(clock)
        let runs = try harness.runs()
        #expect(runs.map(\.status) == [.abandoned, .succeeded])
        #expect(runs.map(\.attempt) == [1, 2])
        #expect(runs.map(\.slotUTC) == [slot, slot])
        #expect(churn.nominalTimes == [slot])
    }

    // MARK: Failures

    @Test func aFailingJobIsRetriedAfterTheDocumentedDelaysThenSucceeds() async throws {
        let flaky = FlakyJob(failures: 2)
        let clock = VirtualClock(start: instant("2027-01-01T00:00:00+01:00"), end: instant("2027-01-01T12:00:00+01:00"))
        let harness = try Harness(jobs: [flaky], clock: clock)
        try await harness.runScheduler(clock)
        let runs = try harness.runs()
        #expect(runs.map(\.status) == [.failed, .failed, .succeeded])
        #expect(runs.map(\.trigger) == [.schedule, .retry, .retry])
        let starts = runs.compactMap(\.startedAt)
        #expect(abs(starts[1].timeIntervalSince(starts[0]) - JobRunner.retryDelay(afterAttempt: 1)) < 0.002)
        #expect(abs(starts[2].timeIntervalSince(starts[1]) - JobRunner.retryDelay(afterAttempt: 2)) < 0.002)
        #expect(runs.allSatisfy { $0.nextRetryAt == nil })
        let levels = try harness.logs().map(\.level)
        #expect(levels == [.error, .error, .info])
    }

    @Test func aJobRunningAtShutdownIsCancelledAndItsRunRecorded() async throws {
        let gated = GatedJob()
        // Virtual time ends 20 s after the slot, before the run's lease could expire.
        let clock = VirtualClock(start: instant("2027-01-01T03:59:00+01:00"), end: instant("2027-01-01T04:00:20+01:00"))
        let harness = try Harness(jobs: [gated], clock: clock)
        let scheduler = harness.scheduler(settle: {})
        let task = Task { try await scheduler.run() }
        try await gated.waitForStart()
        task.cancel()
        try await task.value
        let run = try #require(try harness.runs().first)
        #expect(run.status == .abandoned)
        #expect(run.error == "stopped by the appliance's shutdown before it finished")
        #expect(run.nextRetryAt != nil)
        #expect(try harness.logs().map(\.message) == ["Interrompu : Tâche bloquante"])
    }

    // MARK: Changes while running

    @Test func aChangeMadeByAnotherProcessIsNoticedWithinAMinute() async throws {
        let file = try TemporaryDatabase()
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        let clock = VirtualClock(start: instant("2027-01-01T00:00:00+01:00"), end: instant("2027-01-06T00:00:00+01:00"))
        let harness = try Harness(jobs: [churn], clock: clock, database: file.database)
        // The "CLI": its own connection to the file, changing the schedule on Jan 2 at 12:00
        // (moved to 05:00) and pausing it on Jan 4 at 12:00.
        let cli = try Harness(jobs: [churn], clock: clock, database: try file.reopen())
        let changes = Changes()
        let scheduler = harness.scheduler(settle: { [runner = harness.runner] in
            await runner.activity.waitUntilIdle()
            if clock.now >= instant("2027-01-02T12:00:00+01:00"), await changes.once("move") {
                _ = try? await cli.schedules.upsert(id: "churn", .init(cron: "0 5 * * *"))
            }
            if clock.now >= instant("2027-01-04T12:00:00+01:00"), await changes.once("pause") {
                _ = try? await cli.schedules.pause("churn")
            }
        })
        let task = Task { try await scheduler.run() }
        await clock.waitUntilEnd()
        task.cancel()
        try await task.value
        #expect(
            churn.nominalTimes.map(paris) == [
                "2027-01-01T02:00:00+01:00", "2027-01-02T02:00:00+01:00", "2027-01-03T05:00:00+01:00", "2027-01-04T05:00:00+01:00",
            ]
        )
        // Paused survives a restart.
        let restarted = try Harness(jobs: [churn], clock: clock, database: try file.reopen())
        #expect(try await restarted.schedules.schedule("churn").paused)
    }
}

/// Actions a test performs once.
actor Changes {
    private var done: Set<String> = []
    func once(_ name: String) -> Bool { done.insert(name).inserted }
}
