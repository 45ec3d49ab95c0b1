import Cron
import Foundation
import GRDB

/// One line of `jarvis doctor`: what was checked, how it went, and the fix when it did not pass.
public struct DoctorCheck: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable { case pass, warn, fail }

    public var name: String
    public var status: Status
    public var detail: String
    /// What to do about it; nil when it passed.
    public var fix: String?

    public init(_ name: String, _ status: Status, _ detail: String, fix: String? = nil) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
    }
}

/// The set-up checklist of a migration from a hosted cron service, automated: secret, database,
/// schedules, last runs, time zone, port, signing keys, disk space.
public struct Doctor: Sendable {
    /// What the executable observed of the machine and passes in (the checks stay testable).
    public struct Environment: Sendable {
        /// Whether something answers on the configured port, and whether it is a jarvis whose
        /// `/api/health` says ok.
        public enum Port: Sendable, Equatable { case free, jarvisAnswering, takenByAnotherProgram }

        public var port: Port
        /// Free bytes on the database's file system.
        public var freeDiskBytes: Int64?
        /// Whether the zone came from `--timezone`/`JARVIS_TIMEZONE` rather than the system.
        public var timeZoneExplicit: Bool

        public init(port: Port, freeDiskBytes: Int64?, timeZoneExplicit: Bool) {
            self.port = port
            self.freeDiskBytes = freeDiskBytes
            self.timeZoneExplicit = timeZoneExplicit
        }
    }

    /// Less free disk than this is a failure; less than four times the database a warning.
    public static let minimumFreeDisk: Int64 = 512 << 20

    public let appliance: Appliance
    public let environment: Environment

    public init(appliance: Appliance, environment: Environment) {
        self.appliance = appliance
        self.environment = environment
    }

    /// Runs every check, in the order an operator would fix them.
    public func run() async -> [DoctorCheck] {
        var checks = secretChecks()
        checks += await databaseChecks()
        checks += await scheduleChecks()
        checks += await lastRunChecks()
        checks.append(timeZoneCheck())
        checks.append(portCheck())
        checks += signingKeyChecks()
        checks.append(diskCheck())
        return checks
    }

    // MARK: Secret

    func secretChecks() -> [DoctorCheck] {
        let configuration = appliance.configuration
        guard let secret = configuration.cronSecret, let source = configuration.cronSecretSource else {
            return [
                DoctorCheck(
                    "cron secret",
                    .fail,
                    "no CRON_SECRET is set and there is no secret file beside the database",
                    fix: "run `jarvis serve` once to generate one, or set CRON_SECRET (e.g. from `jarvis secret`) in the service's environment file"
                )
            ]
        }
        var checks: [DoctorCheck] = []
        if secret.value.count < AppConfiguration.minimumCronSecretLength {
            checks.append(
                DoctorCheck(
                    "cron secret",
                    .fail,
                    "the secret from \(source) has \(secret.value.count) characters; at least \(AppConfiguration.minimumCronSecretLength) are needed",
                    fix: "replace it with `jarvis secret` (64 hex characters) and update the trigger that sends it"
                )
            )
        } else {
            checks.append(DoctorCheck("cron secret", .pass, "set in \(source), \(secret.value.count) characters"))
        }
        if let mode = CronSecretFile.permissions(of: source) {
            if mode & 0o077 != 0 {
                checks.append(
                    DoctorCheck(
                        "cron secret file",
                        .fail,
                        "\(source) has mode \(String(mode, radix: 8)): other users can read it",
                        fix: "chmod 600 \(source)"
                    )
                )
            } else {
                checks.append(DoctorCheck("cron secret file", .pass, "\(source) is readable by its owner only"))
            }
        }
        return checks
    }

    // MARK: Database

    func databaseChecks() async -> [DoctorCheck] {
        let path = appliance.configuration.databasePath
        var checks: [DoctorCheck] = []
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int {
            checks.append(
                mode & 0o077 == 0
                    ? DoctorCheck("database permissions", .pass, "\(path) has mode \(String(mode, radix: 8))")
                    : DoctorCheck(
                        "database permissions",
                        .fail,
                        "\(path) has mode \(String(mode, radix: 8)): other users can read personal data",
                        fix: "chmod 600 \(path) \(path)-wal \(path)-shm"
                    )
            )
        }
        do {
            let (mode, problems) = try await appliance.database.read { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                    try String.fetchAll(db, sql: "PRAGMA quick_check").filter { $0 != "ok" }
                )
            }
            checks.append(
                mode == "wal"
                    ? DoctorCheck("database journal", .pass, "WAL mode")
                    : DoctorCheck(
                        "database journal",
                        .fail,
                        "journal mode is \(mode)",
                        fix: "run `sqlite3 \(path) 'PRAGMA journal_mode=WAL'` while the server is stopped"
                    )
            )
            checks.append(
                problems.isEmpty
                    ? DoctorCheck("database integrity", .pass, "quick_check ok")
                    : DoctorCheck(
                        "database integrity",
                        .fail,
                        problems.prefix(3).joined(separator: "; "),
                        fix: "stop the server, restore the latest `jarvis db backup`, and run `jarvis db check`"
                    )
            )
        } catch {
            checks.append(DoctorCheck("database", .fail, "\(path) cannot be read: \(error)", fix: "check the path (--db, JARVIS_DB) and its owner"))
        }
        return checks
    }

    // MARK: Schedules and runs

    func scheduleChecks() async -> [DoctorCheck] {
        guard let schedules = try? await appliance.schedules.all() else {
            return [DoctorCheck("schedules", .fail, "the schedules table cannot be read", fix: "run `jarvis db check`")]
        }
        let now = appliance.clock.now
        return appliance.registry.all.map { job in
            let name = "schedule \(job.slug)"
            guard let schedule = schedules.first(where: { $0.job == job.slug }) else {
                return DoctorCheck(name, .fail, "no schedule runs \(job.slug)", fix: "jarvis schedules set \(job.slug) \"\(job.defaultSchedule)\"")
            }
            guard let expression = try? appliance.schedules.expression(of: schedule) else {
                return DoctorCheck(
                    name,
                    .fail,
                    "'\(schedule.cron)' is not a valid cron expression",
                    fix: "jarvis schedules set \(schedule.id) \"\(job.defaultSchedule)\""
                )
            }
            if schedule.paused {
                return DoctorCheck(name, .fail, "paused (\(expression.explanation))", fix: "jarvis schedules resume \(schedule.id)")
            }
            let next = expression.nextFires(after: now, count: 2).map { RFC3339Timestamp.string(from: $0, in: expression.timeZone) }
            return DoctorCheck(name, .pass, "\(expression.explanation); next \(next.joined(separator: ", "))")
        }
    }

    func lastRunChecks() async -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        for job in appliance.registry.all {
            let slug = job.slug
            let last = try? await appliance.database.read { db in
                try JobRun.fetchOne(
                    db,
                    sql: "SELECT * FROM job_runs WHERE job = ? AND status NOT IN ('missed', 'skipped_overlap') ORDER BY id DESC LIMIT 1",
                    arguments: [slug]
                )
            }
            let name = "last run \(slug)"
            guard let run = last ?? nil else {
                checks.append(DoctorCheck(name, .warn, "never ran", fix: "jarvis run \(slug)  (or wait for its schedule)"))
                continue
            }
            let when = run.finishedAt.map(Timestamp.string(from:)) ?? "running since \(run.startedAt.map(Timestamp.string(from:)) ?? "?")"
            switch run.status {
            case .succeeded, .running:
                checks.append(DoctorCheck(name, .pass, "run #\(run.runID) \(run.status.rawValue), \(when)"))
            default:
                let retry = run.nextRetryAt.map { "; retry at \(Timestamp.string(from: $0))" } ?? ""
                checks.append(
                    DoctorCheck(
                        name,
                        .fail,
                        "run #\(run.runID) \(run.status.rawValue), \(when): \(run.error ?? "no error recorded")\(retry)",
                        fix: "read `jarvis runs --job \(slug)`, fix the cause, then `jarvis runs retry \(run.runID)`"
                    )
                )
            }
        }
        return checks
    }

    // MARK: Machine

    func timeZoneCheck() -> DoctorCheck {
        let zone = appliance.configuration.timeZone
        guard TimeZone.iana(zone.identifier) != nil else {
            return DoctorCheck("time zone", .fail, "'\(zone.identifier)' is not an IANA zone", fix: "set JARVIS_TIMEZONE=Europe/Paris (or your zone)")
        }
        if !environment.timeZoneExplicit {
            return DoctorCheck(
                "time zone",
                .warn,
                "\(zone.identifier), taken from the system",
                fix: "set JARVIS_TIMEZONE=\(zone.identifier) so that a change of the system's zone does not move the schedules"
            )
        }
        return DoctorCheck("time zone", .pass, zone.identifier)
    }

    func portCheck() -> DoctorCheck {
        let address = "\(appliance.configuration.host):\(appliance.configuration.port)"
        switch environment.port {
        case .free: return DoctorCheck("port", .pass, "\(address) is free for `jarvis serve`")
        case .jarvisAnswering: return DoctorCheck("port", .pass, "jarvis answers on \(address) (/api/health ok)")
        case .takenByAnotherProgram:
            return DoctorCheck(
                "port",
                .fail,
                "\(address) is taken by a program that is not jarvis",
                fix: "stop that program or choose another port (--port, JARVIS_PORT)"
            )
        }
    }

    func signingKeyChecks() -> [DoctorCheck] {
        let keys = [
            ("QSTASH_CURRENT_SIGNING_KEY", appliance.configuration.qstashCurrentSigningKey),
            ("QSTASH_NEXT_SIGNING_KEY", appliance.configuration.qstashNextSigningKey),
        ]
        let set = keys.filter { $0.1 != nil }
        guard !set.isEmpty else { return [DoctorCheck("signing keys", .pass, "not set: signed triggers from a hosted cron service are refused")] }
        var checks = set.map { DoctorCheck("signing key \($0.0)", .pass, "set, \($0.1!.value.count) characters") }
        if set.count == 1 {
            checks.append(
                DoctorCheck(
                    "signing keys",
                    .warn,
                    "only \(set[0].0) is set",
                    fix: "set both keys from the hosted service's console so that a key rotation does not break triggers"
                )
            )
        }
        return checks
    }

    func diskCheck() -> DoctorCheck {
        guard let free = environment.freeDiskBytes else {
            return DoctorCheck("disk space", .warn, "free space unknown", fix: "check `df -h` on the database's folder")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: appliance.configuration.databasePath))?[.size] as? Int64) ?? 0
        let text = "\(free >> 20) MiB free, database \(size >> 20) MiB"
        if free < Self.minimumFreeDisk {
            return DoctorCheck("disk space", .fail, text, fix: "free space on the database's file system (a full disk stops every job)")
        }
        if free < 4 * size {
            return DoctorCheck("disk space", .warn, text, fix: "keep at least 4× the database free: backups and vacuum need room")
        }
        return DoctorCheck("disk space", .pass, text)
    }
}
