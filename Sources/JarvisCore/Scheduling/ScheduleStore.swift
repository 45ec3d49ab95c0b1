import Cron
import Foundation
import GRDB

/// The use cases of `schedules`: seeding the defaults, listing, upserting, pausing, deleting,
/// and previewing an expression. Every change is validated here, whichever edge asks (job
/// known, the zone an IANA name, the expression valid and able to fire, retries and timeout in
/// range), stamps `updated_at`, and is announced to this process's scheduler at once; a
/// scheduler in another process notices `updated_at` at its next wake-up, within a minute.
public struct ScheduleStore: Sendable {
    private let database: AppDatabase
    public let registry: JobRegistry
    /// The zone of schedules that name none.
    public let defaultTimeZone: TimeZone
    public let clock: any WallClock
    /// Signalled after every change, so that the scheduler looks at the schedules again now.
    let changes: WakeSignal

    public init(database: AppDatabase, registry: JobRegistry, defaultTimeZone: TimeZone, clock: any WallClock) {
        self.database = database
        self.registry = registry
        self.defaultTimeZone = defaultTimeZone
        self.clock = clock
        self.changes = WakeSignal()
    }

    /// A change to a schedule: nil fields keep their current value (or the default, for a new one).
    public struct Change: Sendable, Equatable {
        public var job: String?
        public var cron: String?
        /// `.some(nil)` resets the zone to the appliance's.
        public var timezone: String??
        public var catchUp: CatchUpPolicy?
        public var maxRetries: Int?
        public var timeoutSeconds: Int?
        public var paused: Bool?

        public init(
            job: String? = nil,
            cron: String? = nil,
            timezone: String?? = nil,
            catchUp: CatchUpPolicy? = nil,
            maxRetries: Int? = nil,
            timeoutSeconds: Int? = nil,
            paused: Bool? = nil
        ) {
            self.job = job
            self.cron = cron
            self.timezone = timezone
            self.catchUp = catchUp
            self.maxRetries = maxRetries
            self.timeoutSeconds = timeoutSeconds
            self.paused = paused
        }
    }

    /// Creates each registered job's default schedule (id = job slug) the first time the job is
    /// seen, and never again: what an operator changed or deleted later stays so. They are
    /// stamped `time` (default: now; the demo stamps them with the end of its history, so that
    /// its content depends on its options only).
    @discardableResult
    public func seedDefaults(at time: Date? = nil) async throws -> [String] {
        let now = time ?? clock.now
        return try await database.write { db in
            var seeded: [String] = []
            for job in registry.all {
                let key = "schedule.seeded.\(job.slug)"
                guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM appliance_state WHERE key = ?)", arguments: [key])! else { continue }
                if try Schedule.fetchOne(db, key: job.slug) == nil {
                    try Schedule(id: job.slug, job: job.slug, cron: job.defaultSchedule, createdAt: now, updatedAt: now).insert(db)
                    seeded.append(job.slug)
                }
                try db.execute(
                    sql: "INSERT INTO appliance_state (key, value, updated_at) VALUES (?, ?, ?)",
                    arguments: [key, job.defaultSchedule, Timestamp.string(from: now)]
                )
            }
            return seeded
        }
    }

    /// Every schedule, by id.
    public func all() async throws -> [Schedule] {
        try await database.read { db in try Schedule.order(Column("id")).fetchAll(db) }
    }

    /// One schedule, or a `notFound` error naming it.
    public func schedule(_ id: String) async throws -> Schedule {
        guard let schedule = try await database.read({ db in try Schedule.fetchOne(db, key: id) }) else {
            throw Self.notFound(id)
        }
        return schedule
    }

    /// Every schedule with where it stands at `now`: its zone, its meaning, its next fire.
    public func statuses(now: Date) async throws -> [ScheduleStatus] {
        try await all().map { status(of: $0, now: now) }
    }

    /// Where a schedule stands at `now`.
    public func status(of schedule: Schedule, now: Date) -> ScheduleStatus {
        let expression = try? expression(of: schedule)
        return ScheduleStatus(
            schedule: schedule,
            zone: expression?.timeZone ?? zone(of: schedule),
            expression: expression,
            nextFire: schedule.paused ? nil : expression?.nextFire(after: now)
        )
    }

    /// The next `count` fires of `cron` in `timezone` (nil or empty: the appliance's zone),
    /// validated as a change would be, without saving anything: the dashboard's preview.
    public func preview(cron: String, timezone: String?, count: Int = 5) throws -> (expression: CronExpression, fires: [Date]) {
        let probe = Schedule(
            id: "preview",
            job: registry.slugs.first ?? "",
            cron: cron,
            timezone: timezone.flatMap { $0.isEmpty ? nil : $0 },
            createdAt: clock.now,
            updatedAt: clock.now
        )
        let expression = try validatedExpression(of: probe)
        return (expression, expression.nextFires(after: clock.now, count: count))
    }

    /// Creates or changes a schedule. A new one needs a cron expression; its job defaults to
    /// its id.
    @discardableResult
    public func upsert(id: String, _ change: Change) async throws -> Schedule {
        try Self.validateID(id)
        let now = clock.now
        let schedule = try await database.write { db in
            var schedule: Schedule
            if let existing = try Schedule.fetchOne(db, key: id) {
                schedule = existing
            } else {
                guard change.cron != nil else {
                    throw JarvisError.invalid("cron", "schedule '\(id)' does not exist yet: give its cron expression")
                }
                schedule = Schedule(id: id, job: change.job ?? id, cron: "", createdAt: now, updatedAt: now)
            }
            if let job = change.job { schedule.job = job }
            if let cron = change.cron { schedule.cron = cron.trimmingCharacters(in: .whitespaces) }
            if let timezone = change.timezone { schedule.timezone = timezone }
            if let catchUp = change.catchUp { schedule.catchUp = catchUp }
            if let maxRetries = change.maxRetries { schedule.maxRetries = maxRetries }
            if let timeoutSeconds = change.timeoutSeconds { schedule.timeoutSeconds = timeoutSeconds }
            if let paused = change.paused { schedule.paused = paused }
            schedule.updatedAt = now
            try validate(schedule)
            try schedule.save(db)
            return schedule
        }
        changes.signal()
        return schedule
    }

    /// Pauses a schedule. Slots that fall while it is paused are not run later.
    @discardableResult
    public func pause(_ id: String) async throws -> Schedule {
        try await setPaused(id, true)
    }

    /// Resumes a paused schedule from now on.
    @discardableResult
    public func resume(_ id: String) async throws -> Schedule {
        try await setPaused(id, false)
    }

    private func setPaused(_ id: String, _ paused: Bool) async throws -> Schedule {
        let now = clock.now
        let schedule = try await database.write { db in
            guard var schedule = try Schedule.fetchOne(db, key: id) else { throw Self.notFound(id) }
            schedule.paused = paused
            schedule.updatedAt = now
            try schedule.update(db)
            return schedule
        }
        changes.signal()
        return schedule
    }

    /// Deletes a schedule; its runs stay in the history.
    public func delete(_ id: String) async throws {
        let deleted = try await database.write { db in try Schedule.deleteOne(db, key: id) }
        guard deleted else { throw Self.notFound(id) }
        changes.signal()
    }

    /// The schedule's parsed expression in its zone.
    public func expression(of schedule: Schedule) throws -> CronExpression {
        do {
            return try CronExpression(schedule.cron, timeZone: zone(of: schedule))
        } catch {
            throw JarvisError.invalid("cron", "schedule '\(schedule.id)': \(error)")
        }
    }

    /// The zone a schedule runs in: its own, else the appliance's.
    public func zone(of schedule: Schedule) -> TimeZone {
        schedule.timezone.flatMap(TimeZone.iana) ?? defaultTimeZone
    }

    /// The settings of a run's next attempt: those of the run's schedule while it exists,
    /// else those of a run of its job asked for by hand.
    public func settings(for run: JobRun) async throws -> RunSettings {
        if let id = run.scheduleID, let schedule = try await database.read({ db in try Schedule.fetchOne(db, key: id) }) {
            return settings(of: schedule)
        }
        return try await settings(forJob: run.job)
    }

    /// How a schedule's runs are governed.
    public func settings(of schedule: Schedule) -> RunSettings {
        RunSettings(timeZone: zone(of: schedule), timeout: .seconds(schedule.timeoutSeconds), maxRetries: schedule.maxRetries)
    }

    /// The settings of a run of `job` asked for by hand: those of the job's own schedule (id =
    /// slug) or of its first schedule, else the defaults.
    public func settings(forJob job: String) async throws -> RunSettings {
        let schedule = try await database.read { db in
            try Schedule.fetchOne(db, sql: "SELECT * FROM schedules WHERE job = ? ORDER BY id = ? DESC, id LIMIT 1", arguments: [job, job])
        }
        return schedule.map(settings(of:)) ?? RunSettings(timeZone: defaultTimeZone)
    }

    private func validate(_ schedule: Schedule) throws {
        try registry.requireJob(schedule.job)
        _ = try validatedExpression(of: schedule)
        guard (0...100).contains(schedule.maxRetries) else {
            throw JarvisError.invalid("maxRetries", "retries: \(schedule.maxRetries) is out of range 0-100")
        }
        guard (1...86_400).contains(schedule.timeoutSeconds) else {
            throw JarvisError.invalid("timeoutSeconds", "timeout: \(schedule.timeoutSeconds) s is out of range 1-86400 s")
        }
    }

    /// The expression of a schedule about to be saved: its zone an IANA name (`GMT+2` is not),
    /// its expression valid and able to fire (`0 0 30 2 *` never does).
    private func validatedExpression(of schedule: Schedule) throws -> CronExpression {
        if let zone = schedule.timezone, TimeZone.iana(zone) == nil {
            throw JarvisError.refused(
                "timezone",
                "timezone: '\(zone)' is not an IANA time zone such as Europe/Paris",
                reason: "unknown_time_zone",
                value: zone
            )
        }
        let expression = try expression(of: schedule)
        guard expression.canFire else {
            throw JarvisError.refused(
                "cron",
                "cron: '\(schedule.cron)' never fires (\(expression.explanation))",
                reason: "never_fires",
                value: schedule.cron
            )
        }
        return expression
    }

    static func validateID(_ id: String) throws {
        let allowed = id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
        guard !id.isEmpty, id.count <= 64, allowed, id.first != "-" else {
            throw JarvisError.invalid("id", "id: '\(id)' must be 1-64 lowercase letters, digits or dashes")
        }
    }

    private static func notFound(_ id: String) -> JarvisError {
        JarvisError.notFound("no schedule '\(id)'", field: "id")
    }
}
