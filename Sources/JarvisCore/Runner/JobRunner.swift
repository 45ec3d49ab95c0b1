import Foundation
import GRDB
import Logging

/// The one path every run takes, whatever triggered it (scheduler, HTTP, CLI):
///
/// 1. **claim** — one transaction: look for the slot's row (or the idempotency key), look for a
///    running run of the same job (the overlap lock lives in the database, so it also holds
///    against another process), insert the `running` row;
/// 2. **execute** — the job runs with its context, under a timeout, while its lease is renewed;
/// 3. **finish** — one transaction: the run's final status and its `system_logs` row.
///
/// A failed scheduled run is given a `next_retry_at`; the scheduler claims the next attempt
/// when it is due.
public struct JobRunner: Sendable {
    public let database: AppDatabase
    public let registry: JobRegistry
    public let clock: any WallClock
    public let logger: Logger
    public let holder: RunHolder
    /// How long a running run's claim lasts without renewal. Its holder renews it every third of
    /// that; past it, another process may declare the run abandoned.
    public let leaseDuration: Duration
    /// The runs this process is executing now.
    public let activity = RunActivity()
    /// Told of every run this process executes (the metrics).
    public let observers = JobRunObservers()

    public init(
        database: AppDatabase,
        registry: JobRegistry,
        clock: any WallClock,
        logger: Logger,
        holder: RunHolder = .thisProcess(),
        leaseDuration: Duration = .seconds(30)
    ) {
        self.database = database
        self.registry = registry
        self.clock = clock
        self.logger = logger
        self.holder = holder
        self.leaseDuration = leaseDuration
    }

    // MARK: Claim

    /// Claims a slot for a run, in one transaction. See `ClaimOutcome`.
    public func claim(_ request: RunRequest) async throws -> ClaimOutcome {
        try registry.requireJob(request.job)
        let now = clock.now
        let active = await activity.runningRunIDs
        let outcome = try await database.write { db in
            try claim(request, now: now, active: active, db: db)
        }
        if case .claimed(let run) = outcome { await activity.begin(run.runID) }
        return outcome
    }

    func claim(_ request: RunRequest, now: Date, active: Set<Int64>, db: Database) throws -> ClaimOutcome {
        if let key = request.idempotencyKey,
            let earlier = try JobRun.fetchOne(db, sql: "SELECT * FROM job_runs WHERE idempotency_key = ?", arguments: [key])
        {
            return .duplicate(earlier)
        }
        if let scheduleID = request.scheduleID,
            let earlier = try JobRun.fetchOne(
                db,
                sql: "SELECT * FROM job_runs WHERE schedule_id = ? AND slot_utc = ? AND attempt = ?",
                arguments: [scheduleID, Timestamp.string(from: request.slot), request.attempt]
            )
        {
            return .duplicate(earlier)
        }
        if let running = try JobRun.fetchOne(
            db,
            sql: "SELECT * FROM job_runs WHERE job = ? AND status = 'running'",
            arguments: [request.job]
        ) {
            if isDead(running, now: now, active: active) {
                try abandon(running, reason: "its process stopped before it finished", now: now, db: db)
            } else {
                if request.isScheduledSlot {
                    try recordSkippedOverlap(request, running: running, now: now, db: db)
                }
                return .overlap(running: running)
            }
        }
        var run = JobRun(request, status: .running)
        run.startedAt = now
        run.idempotencyKey = request.idempotencyKey
        run.retryOf = request.retryOf
        run.holder = holder.description
        run.leaseExpiresAt = now.adding(leaseDuration)
        try run.insert(db)
        return .claimed(run)
    }

    /// Records a scheduled slot that found its job still running: the slot is done, not retried.
    private func recordSkippedOverlap(_ request: RunRequest, running: JobRun, now: Date, db: Database) throws {
        var skipped = JobRun(request, status: .skippedOverlap)
        skipped.finishedAt = now
        skipped.error = "the previous run (#\(running.runID)) was still running"
        try skipped.insert(db)
        try SystemLogEntry(
            timestamp: now,
            logType: logType(of: request.job),
            level: .warning,
            message: StaffTexts.skippedOverlap(displayName(of: request.job), runningRun: running.runID),
            details: ["runId": .int(Int(skipped.runID)), "runningRunId": .int(Int(running.runID)), "slot": .string(request.slotLocal)],
            runID: skipped.runID
        ).insert(db)
    }

    // MARK: Execute and finish

    /// Runs a claimed run to its end and records the outcome. Never throws: a job's failure is
    /// a run's status, not the caller's error.
    public func execute(_ run: JobRun, settings: RunSettings, progress: JobProgress = .ignored) async -> JobRun {
        await activity.begin(run.runID)
        observers.runStarted(run)
        let started = clock.now
        let outcome = await perform(run, settings: settings, progress: progress)
        let finished = clock.now
        let final = await finish(run, outcome: outcome, settings: settings, started: started, finished: finished)
        observers.runFinished(final)
        await activity.end(run.runID)
        return final
    }

    /// Claims and executes: what the HTTP and CLI triggers call.
    public func run(_ request: RunRequest, progress: JobProgress = .ignored) async throws -> (ClaimOutcome, JobRun) {
        let outcome = try await claim(request)
        switch outcome {
        case .claimed(let run): return (outcome, await execute(run, settings: request.settings, progress: progress))
        case .duplicate(let earlier): return (outcome, earlier)
        case .overlap(let running): return (outcome, running)
        }
    }

    /// How a job's work ended.
    enum Outcome {
        case succeeded(JSONValue)
        case failed(JarvisError)
        case timedOut
        case interrupted
    }

    private func perform(_ run: JobRun, settings: RunSettings, progress: JobProgress) async -> Outcome {
        guard let job = registry[run.job] else { return .failed(JarvisError.invalid("job", "unknown job '\(run.job)'")) }
        var runLogger = logger
        runLogger[metadataKey: "job.name"] = "\(run.job)"
        runLogger[metadataKey: "run.id"] = "\(run.runID)"
        let context = JobContext(
            runID: run.runID,
            attempt: run.attempt,
            trigger: run.trigger,
            nominalTime: run.slotUTC,
            timeZone: settings.timeZone,
            clock: clock,
            database: database,
            logger: runLogger,
            progress: progress
        )
        runLogger.info(
            "run started",
            metadata: ["run.trigger": "\(run.trigger.rawValue)", "run.slot": "\(run.slotLocal)", "run.attempt": "\(run.attempt)"]
        )

        // The job, its timeout and its lease renewal race in one group; the first to decide
        // cancels the others. Cancellation is cooperative: the job stops at its next check.
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    return .succeeded(try await job.run(context))
                } catch is CancellationError {
                    return .interrupted
                } catch  where Task.isCancelled {
                    // Stopped by the cancellation (SQLite interrupted mid-statement), not a failure.
                    return .interrupted
                } catch {
                    return .failed(JarvisError(wrapping: error))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: settings.timeout)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: leaseDuration / 3) } catch { return nil }
                    try? await renewLease(of: run)
                }
                return nil
            }
            var decided: Outcome = .interrupted
            while let next = await group.next() {
                guard let outcome = next else { continue }
                decided = outcome
                break
            }
            group.cancelAll()
            // A job that was cancelled by the timeout reports `.interrupted`; the timeout wins.
            while await group.next() != nil {}
            return decided
        }
    }

    private func renewLease(of run: JobRun) async throws {
        let expires = Timestamp.string(from: clock.now.adding(leaseDuration))
        try await database.write { db in
            try db.execute(
                sql: "UPDATE job_runs SET lease_expires_at = ? WHERE id = ? AND status = 'running' AND holder = ?",
                arguments: [expires, run.runID, holder.description]
            )
        }
    }

    private func finish(_ run: JobRun, outcome: Outcome, settings: RunSettings, started: Date, finished: Date) async -> JobRun {
        var final = run
        final.finishedAt = finished
        final.durationMs = max(0, Int((finished.timeIntervalSince(started) * 1000).rounded()))
        final.holder = nil
        final.leaseExpiresAt = nil
        var details: [String: JSONValue] = [:]
        switch outcome {
        case .succeeded(let summary):
            final.status = .succeeded
            if case .object(let object) = summary { details = object }
            final.summary = JSONValue.object(details).jsonText
        case .failed(let error):
            final.status = .failed
            final.error = error.message
            final.cause = error
        case .timedOut:
            final.status = .timedOut
            final.error = "did not finish within its timeout of \(Int(settings.timeout.components.seconds)) s"
        case .interrupted:
            final.status = .abandoned
            final.error = "stopped by the appliance's shutdown before it finished"
        }
        if final.status.isFailure, run.scheduleID != nil, run.attempt <= settings.maxRetries {
            // A run stopped by a shutdown did not fail: like a run whose process died, its slot
            // is retried as soon as the appliance is back, not after the back-off.
            let delay = final.status == .abandoned ? 0 : Self.retryDelay(afterAttempt: run.attempt)
            final.nextRetryAt = finished.addingTimeInterval(delay)
        }
        let entry = logEntry(for: final, details: details, settings: settings)
        do {
            let saved = final
            let database = database
            let holder = holder
            let logger = logger
            let patience = leaseDuration
            // Recorded even when the task is being cancelled (a shutdown): GRDB interrupts the
            // database accesses of a cancelled task, so this one runs in a task of its own.
            // A write that fails (the disk full, the file locked by another process for longer
            // than the busy timeout) is tried again for about a lease's duration, so the run is
            // recorded as soon as space or the lock allows; past that, the run stays `running`
            // until its lease lapses and it is marked abandoned and retried.
            try await Task.detached {
                try await Self.persistently(for: patience, logger: logger, runID: saved.runID) {
                    try await database.write { db in
                        // Only the holder finishes its run: if another process declared it abandoned
                        // meanwhile (an expired lease), that verdict stands.
                        try db.execute(
                            sql: """
                                UPDATE job_runs
                                SET status = :status, finished_at = :finishedAt, duration_ms = :durationMs,
                                    summary = :summary, error = :error, next_retry_at = :nextRetryAt,
                                    holder = NULL, lease_expires_at = NULL
                                WHERE id = :id AND status = 'running' AND holder = :holder
                                """,
                            arguments: [
                                "status": saved.status.rawValue, "finishedAt": Timestamp.string(from: finished),
                                "durationMs": saved.durationMs, "summary": saved.summary, "error": saved.error,
                                "nextRetryAt": saved.nextRetryAt.map(Timestamp.string(from:)), "id": saved.runID,
                                "holder": holder.description,
                            ]
                        )
                        guard db.changesCount == 1 else { return }
                        try entry.insert(db)
                    }
                }
            }.value
        } catch {
            logger.error("could not record the end of a run", metadata: ["run.id": "\(run.runID)", "error": "\(JarvisError.describe(error))"])
            // Say what the database holds: the run still `running`, until its lease lapses and
            // it is marked abandoned and its slot retried.
            let cause = JarvisError(wrapping: error)
            let ended = final.status.rawValue
            final = run
            final.cause = JarvisError(
                cause.code,
                "run #\(run.runID) ended \(ended) but its end could not be recorded (\(cause.message)); the database holds it running until it is marked abandoned and retried",
                details: ["runId": .int(Int(run.runID)), "status": .string(RunStatus.running.rawValue)]
            )
        }
        var runLogger = logger
        runLogger[metadataKey: "job.name"] = "\(run.job)"
        runLogger[metadataKey: "run.id"] = "\(run.runID)"
        runLogger.log(
            level: final.status == .succeeded ? .info : .error,
            "run finished",
            metadata: ["run.status": "\(final.status.rawValue)", "run.duration_ms": "\(final.durationMs ?? 0)"]
                .merging(final.error.map { ["run.error": "\($0)"] } ?? [:], uniquingKeysWith: { a, _ in a })
        )
        return final
    }

    /// The `system_logs` row of a finished run: the job's French message, its details, the run
    /// id and the duration.
    private func logEntry(for run: JobRun, details: [String: JSONValue], settings: RunSettings) -> SystemLogEntry {
        var details = details
        details["runId"] = .int(Int(run.runID))
        details["durationMs"] = .int(run.durationMs ?? 0)
        details["trigger"] = .string(run.trigger.rawValue)
        details["attempt"] = .int(run.attempt)
        details["slot"] = .string(run.slotLocal)
        details["status"] = .string(run.status.rawValue)
        let name = displayName(of: run.job)
        let level: SystemLogEntry.Level
        let message: String
        switch run.status {
        case .succeeded:
            level = .info
            message = registry[run.job]?.completionMessage ?? StaffTexts.completed(name)
        case .timedOut:
            level = .error
            message = StaffTexts.timedOut(name, seconds: Int(settings.timeout.components.seconds))
        case .abandoned:
            level = .warning
            message = StaffTexts.interrupted(name)
        default:
            level = .error
            message = StaffTexts.failed(name, attempt: run.attempt, of: settings.maxRetries + 1)
        }
        if let error = run.error { details["error"] = .string(error) }
        if let retry = run.nextRetryAt { details["nextRetryAt"] = .string(Timestamp.string(from: retry)) }
        return SystemLogEntry(
            timestamp: run.finishedAt ?? clock.now,
            logType: logType(of: run.job),
            level: level,
            message: message,
            details: .object(details),
            runID: run.runID
        )
    }

    // MARK: Abandoned runs and retries

    /// The delay before retry `n + 1` of a slot whose attempt `n` failed: `min(86400, e^(2.5·n))`
    /// seconds, i.e. 12 s, 2.5 min, 30 min, then hours, capped at a day.
    public static func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
        min(86_400, exp(2.5 * Double(attempt)))
    }

    /// True when a running run's holder is gone: its lease expired, or it is a dead process of
    /// this host. A run held by this very process is judged by what the process is executing
    /// (`active`) once its lease has expired: a wall clock stepped forward by hours makes every
    /// lease look expired, and must not end a run that is still going.
    func isDead(_ run: JobRun, now: Date, active: Set<Int64>) -> Bool {
        let other = run.holder.flatMap(RunHolder.init)
        if let lease = run.leaseExpiresAt, lease < now {
            return other != holder || !active.contains(run.runID)
        }
        if let other { return holder.knowsIsDead(other) }
        return false
    }

    /// Runs `write` until it succeeds, trying again after a growing pause (0.25 s, 0.5 s, ...,
    /// at most 5 s) for about `patience`; then throws its last error.
    static func persistently(
        for patience: Duration,
        logger: Logger,
        runID: Int64,
        _ write: @Sendable () async throws -> Void
    ) async throws {
        let deadline = ContinuousClock.now + patience
        var pause = Duration.milliseconds(250)
        while true {
            do {
                return try await write()
            } catch {
                guard ContinuousClock.now + pause < deadline else { throw error }
                logger.warning(
                    "could not record the end of a run; trying again",
                    metadata: ["run.id": "\(runID)", "error": "\(JarvisError.describe(error))", "retry.after": "\(pause)"]
                )
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }

    /// Marks as `abandoned` every running run whose holder is gone (crash, SIGKILL, power loss);
    /// a scheduled one gets an immediate retry if it has retries left. Called at start-up and on
    /// every scheduler wake-up.
    @discardableResult
    public func abandonDeadRuns() async throws -> [JobRun] {
        let now = clock.now
        let active = await activity.runningRunIDs
        return try await database.write { db in
            let running = try JobRun.fetchAll(db, sql: "SELECT * FROM job_runs WHERE status = 'running'")
            var abandoned: [JobRun] = []
            for run in running where isDead(run, now: now, active: active) {
                abandoned.append(try abandon(run, reason: "its process stopped before it finished", now: now, db: db))
            }
            return abandoned
        }
    }

    @discardableResult
    private func abandon(_ run: JobRun, reason: String, now: Date, db: Database) throws -> JobRun {
        var final = run
        final.status = .abandoned
        final.finishedAt = now
        final.error = reason
        final.holder = nil
        final.leaseExpiresAt = nil
        if let started = run.startedAt { final.durationMs = max(0, Int(now.timeIntervalSince(started) * 1000)) }
        if let scheduleID = run.scheduleID {
            let maxRetries =
                try Int.fetchOne(db, sql: "SELECT max_retries FROM schedules WHERE id = ?", arguments: [scheduleID]) ?? Schedule.defaultMaxRetries
            if run.attempt <= maxRetries { final.nextRetryAt = now }
        }
        try final.update(db)
        var details: [String: JSONValue] = [
            "runId": .int(Int(run.runID)), "error": .string(reason), "slot": .string(run.slotLocal), "status": "abandoned",
        ]
        if let retry = final.nextRetryAt { details["nextRetryAt"] = .string(Timestamp.string(from: retry)) }
        try SystemLogEntry(
            timestamp: now,
            logType: logType(of: run.job),
            level: .warning,
            message: StaffTexts.interrupted(displayName(of: run.job)),
            details: .object(details),
            runID: run.runID
        ).insert(db)
        logger.warning("run abandoned", metadata: ["job.name": "\(run.job)", "run.id": "\(run.runID)", "run.holder": "\(run.holder ?? "?")"])
        return final
    }

    /// Claims the next attempt of a failed run: automatically when its `next_retry_at` is due
    /// (scheduler), or by hand (`jarvis runs retry`, `POST /api/runs/{id}/retry`), even when
    /// its retries are spent. The failed run's `next_retry_at` is cleared in the same
    /// transaction, so a retry is claimed once.
    public func claimRetry(of runID: Int64, settings: RunSettings, byHand: Bool) async throws -> ClaimOutcome {
        let now = clock.now
        let active = await activity.runningRunIDs
        let pause = leaseDuration / 3
        let outcome: ClaimOutcome = try await database.write { db in
            guard let failed = try JobRun.fetchOne(db, key: runID) else {
                throw JarvisError.notFound("no run #\(runID)", field: "id")
            }
            guard failed.status.isFailure else {
                throw JarvisError(
                    .conflict,
                    "run #\(runID) is \(failed.status.rawValue); only failed, timed_out or abandoned runs can be retried",
                    details: ["runId": .int(Int(runID))]
                )
            }
            let lastAttempt =
                try Int.fetchOne(
                    db,
                    sql: "SELECT max(attempt) FROM job_runs WHERE job = ? AND slot_utc = ? AND schedule_id IS ?",
                    arguments: [failed.job, Timestamp.string(from: failed.slotUTC), failed.scheduleID]
                ) ?? failed.attempt
            guard byHand || lastAttempt == failed.attempt else {
                // A later attempt exists already: this retry was claimed before.
                try db.execute(sql: "UPDATE job_runs SET next_retry_at = NULL WHERE id = ?", arguments: [runID])
                let later = try JobRun.fetchOne(db, sql: "SELECT * FROM job_runs WHERE retry_of = ? ORDER BY attempt DESC", arguments: [runID])
                return .duplicate(later ?? failed)
            }
            let request = RunRequest(
                job: failed.job,
                scheduleID: failed.scheduleID,
                trigger: .retry,
                slot: failed.slotUTC,
                slotLocal: failed.slotLocal,
                attempt: lastAttempt + 1,
                retryOf: runID,
                settings: settings
            )
            let outcome = try claim(request, now: now, active: active, db: db)
            switch outcome {
            case .claimed:
                try db.execute(sql: "UPDATE job_runs SET next_retry_at = NULL WHERE id = ?", arguments: [runID])
            case .overlap where !byHand:
                // The job is running for another trigger: try again a little later, rather than
                // at every wake-up of the scheduler, which would then never sleep.
                try db.execute(
                    sql: "UPDATE job_runs SET next_retry_at = ? WHERE id = ?",
                    arguments: [Timestamp.string(from: now.adding(pause)), runID]
                )
            default:
                break
            }
            return outcome
        }
        if case .claimed(let run) = outcome { await activity.begin(run.runID) }
        return outcome
    }

    // MARK: Names

    private func logType(of job: String) -> String { registry[job]?.logType ?? "cron_\(job)" }
    private func displayName(of job: String) -> String { registry[job]?.displayName ?? job }
}

extension Date {
    func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
    }
}
