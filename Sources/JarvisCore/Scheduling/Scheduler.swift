import Cron
import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// The scheduler `Service`: fires the schedules stored in SQLite, exactly once per slot.
///
/// It sleeps until the next due instant over all schedules and retries, in chunks of at most
/// `maxSleep` (60 s), re-reading the wall clock each time: a clock step is noticed within a
/// minute, and so is a schedule changed by another process (the CLI). It never polls per second.
///
/// Each wake-up: runs whose holder died are marked `abandoned`; due retries are claimed; each
/// schedule's due slots are claimed and dispatched under its catch-up policy. A slot counts as
/// on time when it is at most `onTimeGrace` old; older slots were missed (downtime, a clock
/// jump) and follow the policy. All claims go through `JobRunner`, whose unique slot key makes
/// a second claim (restart, clock step back, a second scheduler) a no-op.
public final class Scheduler: Service, Sendable {
    public let runner: JobRunner
    public let schedules: ScheduleStore
    public let maxSleep: Duration
    /// How late a slot may be found and still count as on time.
    public let onTimeGrace: TimeInterval
    /// At most this many `missed` rows are written per schedule and catch-up; the rest are
    /// counted in the log row.
    public let missedRecordLimit: Int
    /// Awaited before each sleep. Production passes nothing; tests let the runs they dispatched
    /// finish, so that virtual time advances deterministically.
    let settle: @Sendable () async -> Void
    /// Signalled by a run that failed with a retry to schedule, and by every change to the
    /// schedules made in this process (`ScheduleStore`), whichever edge made it.
    private var wakeSignal: WakeSignal { schedules.changes }

    private var clock: any WallClock { runner.clock }
    private var logger: Logger { runner.logger }

    public init(
        runner: JobRunner,
        schedules: ScheduleStore,
        maxSleep: Duration = .seconds(60),
        onTimeGrace: TimeInterval = 90,
        missedRecordLimit: Int = 1000,
        settle: @escaping @Sendable () async -> Void = {}
    ) {
        self.runner = runner
        self.schedules = schedules
        self.maxSleep = maxSleep
        self.onTimeGrace = onTimeGrace
        self.missedRecordLimit = missedRecordLimit
        self.settle = settle
    }

    /// One schedule as the loop sees it.
    struct Entry {
        var schedule: Schedule
        var expression: CronExpression
        /// The next slot to fire, after the last one claimed.
        var next: CronSlot?
    }

    /// What the loop knows between wake-ups.
    struct LoopState {
        var entries: [String: Entry] = [:]
        var signature: String?
        var nextRetry: Date?
        var lastNow: Date?
        var expectedWake: Date?
        var invalid: Set<String> = []
    }

    public func run() async throws {
        try await schedules.seedDefaults()
        let abandoned = try await runner.abandonDeadRuns()
        logger.info(
            "scheduler started",
            metadata: ["runs.abandoned": "\(abandoned.count)", "scheduler.max_sleep_s": "\(maxSleep.components.seconds)"]
        )

        await cancelWhenGracefulShutdown { [self] in
            await loop()
        }
        logger.info("scheduler stopped")
    }

    /// Wakes, fires what is due, sleeps; until cancelled (graceful shutdown). Running jobs are
    /// then cancelled and record their runs as they stop.
    private func loop() async {
        await withDiscardingTaskGroup { group in
            var state = LoopState()
            while !Task.isCancelled {
                let now = clock.now
                noticeClockJumps(now: now, state: &state)
                do {
                    try await wake(now: now, state: &state, group: &group)
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("scheduler wake-up failed; retrying at the next one", metadata: ["error": "\(JarvisError.describe(error))"])
                }
                await settle()
                // A run that failed meanwhile has set a retry time: look again before sleeping.
                if wakeSignal.consume() { continue }
                let deadline = min(nextDue(state) ?? .distantFuture, now.adding(maxSleep))
                state.expectedWake = deadline
                await sleep(until: deadline)
            }
            group.cancelAll()
        }
    }

    /// Sleeps until the deadline, a wake signal, or cancellation, whichever comes first.
    private func sleep(until deadline: Date) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [clock] in try? await clock.sleep(until: deadline) }
            group.addTask { [wakeSignal] in await wakeSignal.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Executes a claimed run beside the loop, and wakes the loop if the run failed and has a
    /// retry to schedule.
    private func dispatch(_ run: JobRun, settings: RunSettings, group: inout DiscardingTaskGroup) {
        group.addTask { [runner, wakeSignal] in
            let final = await runner.execute(run, settings: settings)
            if final.nextRetryAt != nil { wakeSignal.signal() }
        }
    }

    // MARK: One wake-up

    private func wake(now: Date, state: inout LoopState, group: inout DiscardingTaskGroup) async throws {
        let probe = try await runner.database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT (SELECT group_concat(json_array(id, job, cron, timezone, paused, catch_up, max_retries, timeout_seconds, updated_at), ',') FROM (SELECT * FROM schedules ORDER BY id)) AS signature,
                           (SELECT count(*) FROM job_runs WHERE status = 'running' AND lease_expires_at < :now) AS stale,
                           (SELECT min(next_retry_at) FROM job_runs WHERE next_retry_at IS NOT NULL) AS nextRetry
                    """,
                arguments: ["now": Timestamp.string(from: now)]
            )!
            return (signature: row["signature"] as String?, stale: row["stale"] as Int? ?? 0, nextRetry: row["nextRetry"] as String?)
        }
        let signature = probe.signature
        if signature != state.signature || state.signature == nil {
            try await reload(now: now, state: &state)
            state.signature = signature
        }
        if probe.stale > 0 {
            try await runner.abandonDeadRuns()
        }
        state.nextRetry = probe.nextRetry.flatMap(Timestamp.date(from:))
        if let retry = state.nextRetry, retry <= now {
            try await dispatchDueRetries(now: now, group: &group)
            state.nextRetry = try await runner.database.read { db in
                try String.fetchOne(db, sql: "SELECT min(next_retry_at) FROM job_runs WHERE next_retry_at IS NOT NULL")
            }.flatMap(Timestamp.date(from:))
        }
        for id in state.entries.keys.sorted() {
            guard var entry = state.entries[id], !entry.schedule.paused, let next = entry.next, next.instant <= now else { continue }
            // The due slots; after a long downtime only the latest `missedRecordLimit` are kept,
            // the older ones are only counted.
            var due: [CronSlot] = []
            var uncounted = 0
            var slot: CronSlot? = next
            while let current = slot, current.instant <= now {
                due.append(current)
                if due.count >= 2 * missedRecordLimit {
                    uncounted += due.count - missedRecordLimit
                    due.removeFirst(due.count - missedRecordLimit)
                }
                slot = entry.expression.nextSlot(after: current.instant)
            }
            if due.count > missedRecordLimit {
                uncounted += due.count - missedRecordLimit
                due.removeFirst(due.count - missedRecordLimit)
            }
            entry.next = slot
            state.entries[id] = entry
            try await fire(due, olderMissed: uncounted, of: entry, now: now, group: &group)
        }
    }

    /// Re-reads every schedule and where each one stands: after the last slot claimed for it, or
    /// after its last change, whichever is later.
    private func reload(now: Date, state: inout LoopState) async throws {
        let rows = try await runner.database.read { db in
            try Schedule.fetchAll(db).map { schedule in
                let last = try String.fetchOne(db, sql: "SELECT max(slot_utc) FROM job_runs WHERE schedule_id = ?", arguments: [schedule.id])
                return (schedule, last.flatMap(Timestamp.date(from:)))
            }
        }
        var entries: [String: Entry] = [:]
        for (schedule, lastSlot) in rows {
            let expression: CronExpression
            do {
                expression = try schedules.expression(of: schedule)
            } catch {
                if !state.invalid.contains(schedule.id) {
                    logger.error("schedule ignored: invalid expression", metadata: ["schedule.id": "\(schedule.id)", "error": "\(error)"])
                }
                state.invalid.insert(schedule.id)
                continue
            }
            state.invalid.remove(schedule.id)
            let anchor = max(lastSlot ?? schedule.updatedAt, schedule.updatedAt)
            if let old = state.entries[schedule.id], old.schedule.cron == schedule.cron, old.schedule.timezone == schedule.timezone,
                old.schedule.paused == schedule.paused
            {
                // Only settings changed: keep its place.
                entries[schedule.id] = Entry(schedule: schedule, expression: expression, next: old.next)
            } else {
                entries[schedule.id] = Entry(schedule: schedule, expression: expression, next: expression.nextSlot(after: anchor))
            }
        }
        if state.signature != nil {
            logger.info("schedules reloaded", metadata: ["schedules.count": "\(entries.count)"])
        }
        state.entries = entries
    }

    /// Claims and dispatches a schedule's due slots under its catch-up policy.
    private func fire(_ due: [CronSlot], olderMissed: Int, of entry: Entry, now: Date, group: inout DiscardingTaskGroup) async throws {
        let schedule = entry.schedule
        let settings = schedules.settings(of: schedule)
        let zone = entry.expression.timeZone.identifier
        func request(_ slot: CronSlot, _ trigger: RunTrigger) -> RunRequest {
            RunRequest(
                job: schedule.job,
                scheduleID: schedule.id,
                trigger: trigger,
                slot: slot.instant,
                slotLocal: "\(slot.nominal) \(zone)",
                settings: settings
            )
        }
        let onTime = due.filter { now.timeIntervalSince($0.instant) <= onTimeGrace }
        let late = due.filter { now.timeIntervalSince($0.instant) > onTimeGrace }

        var toRun: [RunRequest] = onTime.map { request($0, .schedule) }
        var missed: [CronSlot] = []
        switch schedule.catchUp {
        case .latest:
            if onTime.isEmpty, let last = late.last {
                toRun = [request(last, .catchup)]
                missed = Array(late.dropLast())
            } else {
                missed = late
            }
        case .all:
            toRun = late.map { request($0, .catchup) } + toRun
        case .skip:
            missed = late
        }
        if !missed.isEmpty || olderMissed > 0 {
            try await recordMissed(missed, olderMissed: olderMissed, of: schedule, zone: zone, now: now)
        }
        guard !toRun.isEmpty else { return }
        if toRun.count == 1 {
            // Claimed here, before the next wake-up, then executed beside the loop.
            if case .claimed(let run) = try await runner.claim(toRun[0]) {
                dispatch(run, settings: settings, group: &group)
            }
        } else {
            // Several slots of one job run one after the other (they would overlap otherwise);
            // each is claimed just before it runs, so a crash midway leaves the rest to catch up.
            let batch = await runner.activity.beginBatch()
            group.addTask { [runner, logger, wakeSignal] in
                for next in toRun where !Task.isCancelled {
                    do {
                        if case .claimed(let run) = try await runner.claim(next),
                            await runner.execute(run, settings: settings).nextRetryAt != nil
                        {
                            wakeSignal.signal()
                        }
                    } catch {
                        logger.error("catch-up claim failed", metadata: ["schedule.id": "\(schedule.id)", "error": "\(JarvisError.describe(error))"])
                    }
                }
                await runner.activity.end(batch)
            }
        }
    }

    /// Records slots that will not run as `missed`, with one log row for them all.
    private func recordMissed(_ slots: [CronSlot], olderMissed: Int, of schedule: Schedule, zone: String, now: Date) async throws {
        let recorded = slots
        let logType = runner.registry[schedule.job]?.logType ?? "cron_\(schedule.job)"
        let name = runner.registry[schedule.job]?.displayName ?? schedule.job
        try await runner.database.write { db in
            var lastID: Int64?
            for slot in recorded {
                var run = JobRun(
                    job: schedule.job,
                    scheduleID: schedule.id,
                    trigger: .catchup,
                    slotUTC: slot.instant,
                    slotLocal: "\(slot.nominal) \(zone)",
                    attempt: 1,
                    status: .missed,
                    finishedAt: now,
                    error: "the appliance was not running at this time (catch-up policy \(schedule.catchUp.rawValue))"
                )
                try run.insert(db, onConflict: .ignore)
                if run.id != nil, db.changesCount == 1 { lastID = run.id }
            }
            guard let lastID else { return }
            let details: JSONValue = [
                "count": .int(slots.count + olderMissed),
                "recorded": .int(recorded.count),
                "first": .string(slots.first.map { "\($0.nominal) \(zone)" } ?? ""),
                "last": .string(slots.last.map { "\($0.nominal) \(zone)" } ?? ""),
                "catchUp": .string(schedule.catchUp.rawValue),
                "runId": .int(Int(lastID)),
            ]
            try SystemLogEntry(
                timestamp: now,
                logType: logType,
                level: .warning,
                message: StaffTexts.missedSlots(name, count: slots.count + olderMissed),
                details: details,
                runID: lastID
            ).insert(db)
        }
        logger.warning(
            "missed slots recorded",
            metadata: [
                "schedule.id": "\(schedule.id)", "slots.count": "\(slots.count + olderMissed)", "schedule.catch_up": "\(schedule.catchUp.rawValue)",
            ]
        )
    }

    /// Claims the retries whose time has come and runs them.
    private func dispatchDueRetries(now: Date, group: inout DiscardingTaskGroup) async throws {
        let due = try await runner.database.read { db in
            try JobRun.fetchAll(
                db,
                sql: "SELECT * FROM job_runs WHERE next_retry_at IS NOT NULL AND next_retry_at <= ? ORDER BY next_retry_at",
                arguments: [Timestamp.string(from: now)]
            )
        }
        for failed in due {
            let settings = try await schedules.settings(for: failed)
            if case .claimed(let run) = try await runner.claimRetry(of: failed.runID, settings: settings, byHand: false) {
                dispatch(run, settings: settings, group: &group)
            }
        }
    }

    // MARK: Time

    private func nextDue(_ state: LoopState) -> Date? {
        let slots = state.entries.values.filter { !$0.schedule.paused }.compactMap { $0.next?.instant }
        return (slots + [state.nextRetry].compactMap { $0 }).min()
    }

    /// Logs a wall clock that went backwards, or that woke the loop much later than it asked
    /// (a clock step forward, or a suspended machine).
    private func noticeClockJumps(now: Date, state: inout LoopState) {
        if let last = state.lastNow, now < last.addingTimeInterval(-1) {
            logger.warning(
                "wall clock stepped back",
                metadata: ["clock.from": "\(Timestamp.string(from: last))", "clock.to": "\(Timestamp.string(from: now))"]
            )
        } else if let expected = state.expectedWake, now > expected.addingTimeInterval(60) {
            logger.warning(
                "wall clock jumped forward (or the machine was suspended)",
                metadata: ["clock.expected": "\(Timestamp.string(from: expected))", "clock.now": "\(Timestamp.string(from: now))"]
            )
        }
        state.lastNow = now
    }
}
