import Cron
import Foundation
import GRDB

/// The use cases of `schedules`: seeding the defaults, listing, upserting, pausing, deleting.
/// Every change is validated here (job known, expression and zone valid) and stamps
/// `updated_at`, which is how a running scheduler notices it.
public struct ScheduleStore: Sendable {
    public let database: AppDatabase
    public let registry: JobRegistry
    /// The zone of schedules that name none.
    public let defaultTimeZone: TimeZone
    public let clock: any WallClock

    public init(database: AppDatabase, registry: JobRegistry, defaultTimeZone: TimeZone, clock: any WallClock) {
        self.database = database
        self.registry = registry
        self.defaultTimeZone = defaultTimeZone
        self.clock = clock
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
            job: String? = nil, cron: String? = nil, timezone: String?? = nil, catchUp: CatchUpPolicy? = nil,
            maxRetries: Int? = nil, timeoutSeconds: Int? = nil, paused: Bool? = nil
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
    /// seen, and never again: what an operator changed or deleted later stays so.
    @discardableResult
    public func seedDefaults() async throws -> [String] {
        let now = clock.now
        return try await database.writer.write { db in
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
        try await database.writer.read { db in try Schedule.order(Column("id")).fetchAll(db) }
    }

    /// One schedule, or a `notFound` error naming it.
    public func schedule(_ id: String) async throws -> Schedule {
        guard let schedule = try await database.writer.read({ db in try Schedule.fetchOne(db, key: id) }) else {
            throw RunnerError(.notFound, "no schedule '\(id)'")
        }
        return schedule
    }

    /// Creates or changes a schedule. A new one needs a cron expression; its job defaults to
    /// its id.
    @discardableResult
    public func upsert(id: String, _ change: Change) async throws -> Schedule {
        try Self.validateID(id)
        let now = clock.now
        return try await database.writer.write { db in
            var schedule: Schedule
            if let existing = try Schedule.fetchOne(db, key: id) {
                schedule = existing
            } else {
                guard change.cron != nil else {
                    throw RunnerError(.invalidSchedule, "schedule '\(id)' does not exist yet: give its cron expression")
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
    }

    /// Pauses or resumes a schedule. Slots that fall while it is paused are not run later.
    @discardableResult
    public func setPaused(_ id: String, _ paused: Bool) async throws -> Schedule {
        let now = clock.now
        return try await database.writer.write { db in
            guard var schedule = try Schedule.fetchOne(db, key: id) else {
                throw RunnerError(.notFound, "no schedule '\(id)'")
            }
            schedule.paused = paused
            schedule.updatedAt = now
            try schedule.update(db)
            return schedule
        }
    }

    /// Deletes a schedule; its runs stay in the history.
    public func delete(_ id: String) async throws {
        let deleted = try await database.writer.write { db in try Schedule.deleteOne(db, key: id) }
        guard deleted else { throw RunnerError(.notFound, "no schedule '\(id)'") }
    }

    /// The schedule's parsed expression in its zone.
    public func expression(of schedule: Schedule) throws -> CronExpression {
        do {
            return try CronExpression(schedule.cron, timeZone: zone(of: schedule))
        } catch {
            throw RunnerError(.invalidSchedule, "schedule '\(schedule.id)': \(error)")
        }
    }

    /// The zone a schedule runs in.
    public func zone(of schedule: Schedule) -> TimeZone {
        schedule.timezone.flatMap(TimeZone.init(identifier:)) ?? defaultTimeZone
    }

    /// How a schedule's runs are governed.
    public func settings(of schedule: Schedule) -> RunSettings {
        RunSettings(timeZone: zone(of: schedule), timeout: .seconds(schedule.timeoutSeconds), maxRetries: schedule.maxRetries)
    }

    /// The settings of a run of `job` asked for by hand: those of the job's own schedule (id =
    /// slug) or of its first schedule, else the defaults.
    public func settings(forJob job: String) async throws -> RunSettings {
        let schedule = try await database.writer.read { db in
            try Schedule.fetchOne(db, sql: "SELECT * FROM schedules WHERE job = ? ORDER BY id = ? DESC, id LIMIT 1", arguments: [job, job])
        }
        return schedule.map(settings(of:)) ?? RunSettings(timeZone: defaultTimeZone)
    }

    private func validate(_ schedule: Schedule) throws {
        guard registry[schedule.job] != nil else {
            throw RunnerError(.unknownJob, "unknown job '\(schedule.job)'; known jobs: \(registry.slugs.joined(separator: ", "))")
        }
        if let zone = schedule.timezone, TimeZone(identifier: zone) == nil || zone.isEmpty {
            throw RunnerError(.invalidSchedule, "timezone: '\(zone)' is not an IANA time zone such as Europe/Paris")
        }
        _ = try expression(of: schedule)
        guard (0...100).contains(schedule.maxRetries) else {
            throw RunnerError(.invalidSchedule, "retries: \(schedule.maxRetries) is out of range 0-100")
        }
        guard (1...86_400).contains(schedule.timeoutSeconds) else {
            throw RunnerError(.invalidSchedule, "timeout: \(schedule.timeoutSeconds) s is out of range 1-86400 s")
        }
    }

    static func validateID(_ id: String) throws {
        let allowed = id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 }
        guard !id.isEmpty, id.count <= 64, allowed, id.first != "-" else {
            throw RunnerError(.invalidSchedule, "id: '\(id)' must be 1-64 lowercase letters, digits or dashes")
        }
    }
}
