import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("JobRunner")
struct JobRunnerTests {
    let start = instant("2027-03-01T02:00:00+01:00")

    func scheduledRequest(
        _ job: String,
        scheduleID: String? = nil,
        at slot: Date,
        trigger: RunTrigger = .schedule,
        timeout: Duration = .seconds(900),
        retries: Int = 3
    ) -> RunRequest {
        RunRequest(
            job: job,
            scheduleID: scheduleID ?? job,
            trigger: trigger,
            slot: slot,
            slotLocal: "test",
            settings: RunSettings(timeZone: Harness.paris, timeout: timeout, maxRetries: retries)
        )
    }

    func seedSchedule(_ harness: Harness, _ id: String, retries: Int = 3) async throws {
        try await harness.schedules.upsert(id: id, .init(cron: "0 2 * * *", maxRetries: retries))
    }

    @Test func aSuccessfulRunIsRecordedWithItsLogRowInFrench() async throws {
        let job = RecordingJob(slug: "churn")
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "churn")
        let (outcome, run) = try await harness.runner.run(scheduledRequest("churn", at: start))
        guard case .claimed = outcome else {
            Issue.record("expected a claim, got \(outcome)")
            return
        }
        #expect(run.status == .succeeded)
        #expect(run.summaryValue?["processed"] == 1)

        let stored = try harness.runs()
        #expect(stored.count == 1)
        #expect(stored[0].status == .succeeded)
        #expect(stored[0].finishedAt == start)
        #expect(stored[0].holder == nil)
        let logs = try harness.logs()
        #expect(logs.count == 1)
        #expect(logs[0].logType == "cron_test_churn")
        #expect(logs[0].level == .info)
        #expect(logs[0].message == "Tâche de test churn terminée")
        #expect(logs[0].runID == run.id)
        let details = try #require(logs[0].detailsValue)
        #expect(details["runId"]?.intValue == Int(run.runID))
        #expect(details["durationMs"]?.intValue == 0)
        #expect(details["processed"] == 1)
        // The contract's timestamps: ISO-8601 UTC text with milliseconds.
        let text = try await harness.database.read { db in try String.fetchOne(db, sql: "SELECT timestamp FROM system_logs") }
        #expect(text == "2027-03-01T01:00:00.000Z")
    }

    @Test func aSlotIsClaimedOnlyOnce() async throws {
        let job = RecordingJob(slug: "churn")
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "churn")
        _ = try await harness.runner.run(scheduledRequest("churn", at: start))
        let (second, earlier) = try await harness.runner.run(scheduledRequest("churn", at: start))
        guard case .duplicate = second else {
            Issue.record("expected a duplicate, got \(second)")
            return
        }
        #expect(earlier.status == .succeeded)
        #expect(job.nominalTimes.count == 1)
        #expect(try harness.count("SELECT count(*) FROM job_runs") == 1)

        // The database itself refuses a second row for the same slot and attempt.
        #expect(throws: DatabaseError.self) {
            try harness.database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO job_runs (job, schedule_id, trigger, slot_utc, slot_local, attempt, status, finished_at)
                        SELECT job, schedule_id, 'schedule', slot_utc, slot_local, attempt, 'missed', finished_at FROM job_runs
                        """
                )
            }
        }
    }

    @Test func anIdempotencyKeyReturnsTheFirstRun() async throws {
        let job = RecordingJob(slug: "churn")
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        var request = scheduledRequest("churn", at: start, trigger: .http)
        request.scheduleID = nil
        request.idempotencyKey = "msg_123"
        let (_, first) = try await harness.runner.run(request)
        request.slot = start.addingTimeInterval(60)
        let (outcome, again) = try await harness.runner.run(request)
        guard case .duplicate = outcome else {
            Issue.record("expected a duplicate, got \(outcome)")
            return
        }
        #expect(again.id == first.id)
        #expect(job.nominalTimes.count == 1)
    }

    @Test func aRunningJobRefusesAManualRunAndRecordsAScheduledSlotAsSkipped() async throws {
        let job = GatedJob()
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "gated")
        let first = Task { try await harness.runner.run(scheduledRequest("gated", at: start)) }
        try await job.waitForStart()

        var manual = scheduledRequest("gated", at: start.addingTimeInterval(5), trigger: .cli)
        manual.scheduleID = nil
        let (refused, running) = try await harness.runner.run(manual)
        guard case .overlap = refused else {
            Issue.record("expected an overlap, got \(refused)")
            return
        }
        #expect(running.status == .running)
        #expect(try harness.count("SELECT count(*) FROM job_runs") == 1)

        let (skipped, _) = try await harness.runner.run(scheduledRequest("gated", at: start.addingTimeInterval(3600)))
        guard case .overlap = skipped else {
            Issue.record("expected an overlap, got \(skipped)")
            return
        }
        #expect(try harness.count("SELECT count(*) FROM job_runs WHERE status = 'skipped_overlap'") == 1)
        #expect(try harness.count("SELECT count(*) FROM system_logs WHERE level = 'warning'") == 1)

        job.open()
        let (_, done) = try await first.value
        #expect(done.status == .succeeded)
        // The database holds the overlap lock: a second running row for a job is refused.
        #expect(throws: DatabaseError.self) {
            try harness.database.write { db in
                for _ in 0..<2 {
                    try db.execute(
                        sql: """
                            INSERT INTO job_runs (job, trigger, slot_utc, slot_local, status) VALUES ('gated', 'cli', 'x', 'x', 'running')
                            """
                    )
                }
            }
        }
    }

    @Test func aFailedScheduledRunGetsItsRetryTimeAndAnErrorLog() async throws {
        let job = FlakyJob(failures: 10)
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "flaky")
        let (_, run) = try await harness.runner.run(scheduledRequest("flaky", at: start))
        #expect(run.status == .failed)
        #expect(run.error == "simulated failure #1")
        #expect(run.nextRetryAt == start.addingTimeInterval(JobRunner.retryDelay(afterAttempt: 1)))
        let log = try #require(try harness.logs().last)
        #expect(log.level == .error)
        #expect(log.message == "Échec : Tâche instable (tentative 1/4)")
        #expect(log.detailsValue?["error"] == "simulated failure #1")
    }

    @Test(arguments: [(1, 12.182), (2, 148.413), (3, 1808.042), (4, 22026.466), (5, 86_400.0), (9, 86_400.0)])
    func retryDelaysFollowTheDocumentedBackoff(attempt: Int, seconds: Double) {
        #expect(abs(JobRunner.retryDelay(afterAttempt: attempt) - seconds) < 0.001)
    }

    @Test func theLastRetryLeavesTheRunDeadUntilRetriedByHand() async throws {
        let job = FlakyJob(failures: 2)
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "flaky", retries: 1)
        let settings = RunSettings(timeZone: Harness.paris, maxRetries: 1)
        let (_, first) = try await harness.runner.run(scheduledRequest("flaky", at: start, retries: 1))
        #expect(first.nextRetryAt != nil)
        guard case .claimed(let retry) = try await harness.runner.claimRetry(of: first.runID, settings: settings, byHand: false) else {
            Issue.record("the retry was not claimed")
            return
        }
        #expect(retry.attempt == 2)
        #expect(retry.trigger == .retry)
        #expect(retry.retryOf == first.id)
        let second = await harness.runner.execute(retry, settings: settings)
        #expect(second.status == .failed)
        #expect(second.nextRetryAt == nil)  // dead: retries spent
        // The automatic retry of the first attempt cannot be claimed twice.
        guard case .duplicate = try await harness.runner.claimRetry(of: first.runID, settings: settings, byHand: false) else {
            Issue.record("a second automatic retry was claimed")
            return
        }
        // By hand, a dead run is retried once more, and this time the job succeeds.
        guard case .claimed(let manual) = try await harness.runner.claimRetry(of: second.runID, settings: settings, byHand: true) else {
            Issue.record("the manual retry was not claimed")
            return
        }
        let third = await harness.runner.execute(manual, settings: settings)
        #expect(third.status == .succeeded)
        #expect(third.attempt == 3)
        #expect(try harness.count("SELECT count(*) FROM job_runs WHERE slot_utc = ?", [Timestamp.string(from: start)]) == 3)
    }

    @Test func aRunPastItsTimeoutIsCancelledAndRecordedTimedOut() async throws {
        let job = GatedJob()
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "gated")
        let (_, run) = try await harness.runner.run(scheduledRequest("gated", at: start, timeout: .milliseconds(100)))
        #expect(run.status == .timedOut)
        #expect(run.nextRetryAt != nil)
        let log = try #require(try harness.logs().last)
        #expect(log.level == .error)
        #expect(log.message.hasPrefix("Délai dépassé : Tâche bloquante"))
        #expect(try harness.count("SELECT count(*) FROM job_runs WHERE status = 'running'") == 0)
    }

    @Test func runsLeftRunningByADeadProcessAreAbandonedAndRetried() async throws {
        let job = RecordingJob(slug: "churn")
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await seedSchedule(harness, "churn")
        let host = ProcessInfo.processInfo.hostName
        let lease = Timestamp.string(from: start.addingTimeInterval(20))
        try await harness.database.write { db in
            // Killed with SIGKILL: same host, a pid that no longer exists, lease not yet expired.
            try db.execute(
                sql: """
                    INSERT INTO job_runs (job, schedule_id, trigger, slot_utc, slot_local, attempt, status, started_at, holder, lease_expires_at)
                    VALUES ('churn', 'churn', 'schedule', ?, 'x', 1, 'running', ?, ?, ?)
                    """,
                arguments: [Timestamp.string(from: start), Timestamp.string(from: start), "\(host):999999:dead", lease]
            )
        }
        let abandoned = try await harness.runner.abandonDeadRuns()
        #expect(abandoned.count == 1)
        let stored = try harness.runs()
        #expect(stored[0].status == .abandoned)
        #expect(stored[0].nextRetryAt == start)
        #expect(try harness.logs().last?.message == "Interrompu : Tâche de test churn")

        guard
            case .claimed(let retry) = try await harness.runner.claimRetry(
                of: stored[0].runID,
                settings: RunSettings(timeZone: Harness.paris),
                byHand: false
            )
        else {
            Issue.record("the abandoned slot was not retried")
            return
        }
        let done = await harness.runner.execute(retry, settings: RunSettings(timeZone: Harness.paris))
        #expect(done.status == .succeeded)
        #expect(done.slotUTC == start)
        #expect(job.nominalTimes == [start])
    }

    @Test func aLiveHolderOnAnotherHostKeepsItsRunUntilItsLeaseExpires() async throws {
        let job = RecordingJob(slug: "churn")
        let harness = try Harness(jobs: [job], clock: FixedClock(now: start))
        try await harness.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job_runs (job, trigger, slot_utc, slot_local, status, started_at, holder, lease_expires_at)
                    VALUES ('churn', 'cli', ?, 'x', 'running', ?, 'other-host:42:abc', ?)
                    """,
                arguments: [Timestamp.string(from: start), Timestamp.string(from: start), Timestamp.string(from: start.addingTimeInterval(10))]
            )
        }
        #expect(try await harness.runner.abandonDeadRuns().isEmpty)
        let later = try Harness(sharing: harness, clock: FixedClock(now: start.addingTimeInterval(11)))
        #expect(try await later.runner.abandonDeadRuns().count == 1)
    }

    @Test func anUnknownJobIsRefusedWithTheKnownOnes() async throws {
        let harness = try Harness(jobs: [RecordingJob(slug: "churn")], clock: FixedClock(now: start))
        await #expect(
            throws: JarvisError.refused("job", "unknown job 'nope'; known jobs: churn", reason: "unknown_job", value: "nope")
        ) {
            try await harness.runner.claim(scheduledRequest("nope", at: start))
        }
    }
}

extension Harness {
    /// The same database and jobs, seen with another clock (and this process as holder).
    init(sharing other: Harness, clock: any WallClock) throws {
        try self.init(jobs: other.runner.registry.all, clock: clock, database: other.database)
    }
}
