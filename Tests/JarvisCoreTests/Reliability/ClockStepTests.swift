import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

/// The wall clock stepped by hours (an operator's `date -s`, NTP after a long drift, a VM
/// restored from a snapshot) while the scheduler runs.
@Suite("Faults: wall clock stepped by hours")
struct ClockStepTests {
    /// An hourly job from 00:30 to 14:30 (Paris, 2027-01-01); at 03:10 the clock jumps to 08:10
    /// (five hours forward), at 10:20 it jumps back to 06:20 (four hours back).
    func hourly(_ policy: CatchUpPolicy) async throws -> (statuses: [String: String], runs: Int, nominal: [Date]) {
        let job = RecordingJob(slug: "hourly", defaultSchedule: "0 * * * *")
        let clock = VirtualClock(
            start: instant("2027-01-01T00:30:00+01:00"),
            end: instant("2027-01-01T14:30:00+01:00"),
            steps: [
                (at: instant("2027-01-01T03:10:00+01:00"), to: instant("2027-01-01T08:10:00+01:00")),
                (at: instant("2027-01-01T10:20:00+01:00"), to: instant("2027-01-01T06:20:00+01:00")),
            ]
        )
        let harness = try Harness(jobs: [job], clock: clock)
        try await harness.schedules.seedDefaults()
        try await harness.schedules.upsert(id: "hourly", .init(catchUp: policy))
        try await harness.runScheduler(clock)
        var statuses: [String: String] = [:]
        let runs = try harness.runs()
        for run in runs {
            let hour = String(run.slotLocal.dropFirst(11).prefix(2))
            #expect(statuses[hour] == nil, "slot \(run.slotLocal) has two rows")
            statuses[hour] = "\(run.status.rawValue)/\(run.trigger.rawValue)"
        }
        return (statuses, runs.count, job.nominalTimes)
    }

    /// 01-03 before the step; 09-14 after it, on time (11-14 once the clock stepped back has
    /// caught up again); 09 and 10 are not run again after the step back.
    static let onTime = [
        "01": "succeeded/schedule", "02": "succeeded/schedule", "03": "succeeded/schedule",
        "09": "succeeded/schedule", "10": "succeeded/schedule", "11": "succeeded/schedule",
        "12": "succeeded/schedule", "13": "succeeded/schedule", "14": "succeeded/schedule",
    ]

    @Test func forwardUnderLatestRunsTheLastSkippedSlotOnceAndRecordsTheOthersMissed() async throws {
        let (statuses, runs, nominal) = try await hourly(.latest)
        #expect(
            statuses
                == Self.onTime.merging([
                    "04": "missed/catchup", "05": "missed/catchup", "06": "missed/catchup", "07": "missed/catchup",
                    "08": "succeeded/catchup",
                ]) { $1 }
        )
        #expect(runs == 14)
        #expect(nominal.count == 10)
        #expect(Set(nominal).count == nominal.count, "no slot ran twice")
    }

    @Test func forwardUnderAllRunsEverySkippedSlotOnceOldestFirst() async throws {
        let (statuses, runs, nominal) = try await hourly(.all)
        #expect(
            statuses
                == Self.onTime.merging([
                    "04": "succeeded/catchup", "05": "succeeded/catchup", "06": "succeeded/catchup", "07": "succeeded/catchup",
                    "08": "succeeded/catchup",
                ]) { $1 }
        )
        #expect(runs == 14)
        #expect(nominal == nominal.sorted())
        #expect(nominal.count == 14)
    }

    @Test func forwardUnderSkipRunsNoSkippedSlot() async throws {
        let (statuses, runs, nominal) = try await hourly(.skip)
        #expect(
            statuses
                == Self.onTime.merging([
                    "04": "missed/catchup", "05": "missed/catchup", "06": "missed/catchup", "07": "missed/catchup",
                    "08": "missed/catchup",
                ]) { $1 }
        )
        #expect(runs == 14)
        #expect(nominal.count == 9)
    }

    @Test func aStepForwardWhileAJobRunsDoesNotAbandonTheRunStillGoing() async throws {
        let gated = GatedJob()
        // The 04:00 run is still going when the clock jumps five hours ahead, far past its
        // 30 s lease; the scheduler wakes on the new time and looks for dead runs.
        let clock = VirtualClock(
            start: instant("2027-01-01T03:59:00+01:00"),
            end: instant("2027-01-01T09:10:00+01:00"),
            steps: [(at: instant("2027-01-01T04:00:30+01:00"), to: instant("2027-01-01T09:00:30+01:00"))]
        )
        let harness = try Harness(jobs: [gated], clock: clock)
        let scheduler = harness.scheduler(settle: {})
        let task = Task { try await scheduler.run() }
        try await gated.waitForStart()
        await clock.waitUntilEnd()
        #expect(try harness.runs().map(\.status) == [.running], "the live run was not declared dead")
        gated.open()
        await harness.runner.activity.waitUntilIdle()
        task.cancel()
        try await task.value

        #expect(gated.started == 1, "the job ran once")
        let runs = try harness.runs()
        #expect(runs.map(\.status) == [.succeeded])
        #expect(runs.map(\.attempt) == [1])
    }
}
