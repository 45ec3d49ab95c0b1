import Foundation
import GRDB
import JarvisTestSupport
import Logging
import Testing

@testable import JarvisCore

/// A failed slot's retry comes due while the same job is running for another trigger.
@Suite("Faults: a retry due while its job runs elsewhere")
struct RetryWhileRunningTests {
    @Test(.timeLimit(.minutes(1)))
    func theRetryWaitsForTheRunningJobWithoutKeepingTheSchedulerAwake() async throws {
        let file = try TemporaryDatabase()
        let churn = RecordingJob(slug: "churn", defaultSchedule: "0 2 * * *")
        let start = instant("2027-01-01T12:00:00+01:00")
        let slot = instant("2027-01-01T02:00:00+01:00")

        // Another machine runs churn by hand, with a 20-minute lease it never renews (it went away).
        let elsewhere = JobRunner(
            database: file.database,
            registry: JobRegistry([churn]),
            clock: FixedClock(now: start),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            holder: RunHolder(host: "other-box", pid: 7, nonce: "x"),
            leaseDuration: .seconds(1200)
        )
        let harness = try Harness(jobs: [churn], clock: FixedClock(now: start), database: file.database)
        try await harness.schedules.seedDefaults()
        let byHand = try await elsewhere.claim(
            RunRequest(
                job: "churn",
                trigger: .cli,
                slot: start,
                slotLocal: "2027-01-01T12:00 Europe/Paris",
                settings: RunSettings(timeZone: Harness.paris)
            )
        )
        guard case .claimed = byHand else {
            Issue.record("no claim: \(byHand)")
            return
        }
        // This morning's slot failed; its retry is due now.
        try await file.database.write { db in
            var failed = JobRun(
                job: "churn",
                scheduleID: "churn",
                trigger: .schedule,
                slotUTC: slot,
                slotLocal: "2027-01-01T02:00 Europe/Paris",
                attempt: 1,
                status: .failed,
                startedAt: slot,
                finishedAt: slot,
                error: "simulated failure",
                nextRetryAt: start
            )
            try failed.insert(db)
        }

        let clock = VirtualClock(start: start, end: instant("2027-01-01T13:00:00+01:00"))
        let scheduler = try Harness(jobs: [churn], clock: clock, database: file.database)
        try await scheduler.runScheduler(clock)

        let runs = try harness.runs()
        #expect(runs.map(\.status) == [.abandoned, .failed, .succeeded])
        #expect(runs.map(\.trigger) == [.cli, .schedule, .retry])
        let retry = try #require(runs.last)
        #expect(retry.slotUTC == slot)
        #expect(retry.attempt == 2)
        // The retry ran once the other run's lease had lapsed, and not before.
        #expect(try #require(retry.startedAt) >= instant("2027-01-01T12:20:00+01:00"))
        #expect(try #require(retry.startedAt) < instant("2027-01-01T12:21:00+01:00"))
        #expect(churn.nominalTimes == [slot])
        // Meanwhile the loop slept between tries: a few hundred wake-ups in the hour, not a spin.
        #expect(clock.sleeps.count < 600, "\(clock.sleeps.count) sleeps")
        #expect(clock.sleeps.dropLast().allSatisfy { $0.until > $0.from }, "every sleep was for some time")
    }
}
