import Foundation
import GRDB
import JarvisTestSupport
import Logging
import Testing

@testable import JarvisCore

@Suite("Doctor")
struct DoctorTests {
    let now = instant("2027-03-10T10:00:00+01:00")

    /// An appliance on a temporary file with a secret file of the given content and mode, every
    /// default schedule seeded and each job's last run succeeded.
    func setUp(secret: String, secretMode: Int) async throws -> (Appliance, TemporaryDatabase) {
        let file = try TemporaryDatabase()
        let secretPath = CronSecretFile.defaultPath(forDatabase: file.path)
        _ = FileManager.default.createFile(atPath: secretPath, contents: Data(secret.utf8), attributes: [.posixPermissions: secretMode])
        let configuration = try AppConfiguration.resolve(
            flags: .init(databasePath: file.path, timeZone: "Europe/Paris"),
            environment: [:],
            systemTimeZone: Harness.paris
        )
        let appliance = Appliance(
            configuration: configuration,
            database: file.database,
            clock: FixedClock(now: now),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await appliance.schedules.seedDefaults()
        try await appliance.database.write { db in
            for job in appliance.registry.slugs {
                try db.execute(
                    sql: """
                        INSERT INTO job_runs (job, schedule_id, trigger, slot_utc, slot_local, status, started_at, finished_at, duration_ms)
                        VALUES (?, ?, 'schedule', ?, 'x', 'succeeded', ?, ?, 5)
                        """,
                    arguments: [job, job, Timestamp.string(from: now), Timestamp.string(from: now), Timestamp.string(from: now)]
                )
            }
        }
        return (appliance, file)
    }

    let healthy = Doctor.Environment(port: .free, freeDiskBytes: 50 << 30, timeZoneExplicit: true)

    @Test func aHealthySetUpPassesEveryCheck() async throws {
        let (appliance, file) = try await setUp(secret: String(repeating: "a1", count: 32), secretMode: 0o600)
        _ = file
        let checks = await Doctor(appliance: appliance, environment: healthy).run()
        #expect(checks.filter { $0.status != .pass }.map(\.name) == [])
        #expect(checks.count >= 14)
        #expect(
            checks.contains {
                $0.name == "schedule daily-churn-analysis" && $0.detail.hasPrefix("at 02:00 every day (Europe/Paris); next 2027-03-11T02:00:00+01:00")
            }
        )
    }

    @Test func aBrokenSetUpReportsEachFailureWithItsFix() async throws {
        let (appliance, file) = try await setUp(secret: "short-secret", secretMode: 0o644)
        try await appliance.schedules.pause("weekly-reports")
        let later = Timestamp.string(from: now.addingTimeInterval(60))
        try await appliance.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO job_runs (job, schedule_id, trigger, slot_utc, slot_local, attempt, status, started_at, finished_at, error)
                    VALUES ('cleanup-old-data', 'cleanup-old-data', 'schedule', ?, 'x', 1, 'failed', ?, ?, 'database or disk is full')
                    """,
                arguments: [later, later, later]
            )
        }
        let environment = Doctor.Environment(port: .takenByAnotherProgram, freeDiskBytes: 100 << 20, timeZoneExplicit: true)
        let failures = await Doctor(appliance: appliance, environment: environment).run().filter { $0.status == .fail }
        let byName = Dictionary(uniqueKeysWithValues: failures.map { ($0.name, $0) })
        let secretPath = CronSecretFile.defaultPath(forDatabase: file.path)

        #expect(byName["cron secret"]?.detail == "the secret from \(secretPath) has 12 characters; at least 32 are needed")
        #expect(byName["cron secret"]?.fix?.contains("jarvis secret") == true)
        #expect(byName["cron secret file"]?.fix == "chmod 600 \(secretPath)")
        #expect(byName["schedule weekly-reports"]?.fix == "jarvis schedules resume weekly-reports")
        #expect(byName["last run cleanup-old-data"]?.detail.contains("failed") == true)
        #expect(byName["last run cleanup-old-data"]?.detail.contains("database or disk is full") == true)
        #expect(byName["last run cleanup-old-data"]?.fix?.contains("jarvis runs retry") == true)
        #expect(byName["port"]?.fix?.contains("--port") == true)
        #expect(byName["disk space"] != nil)
        #expect(failures.count == 6)
        // The secret itself never appears in what the doctor says.
        #expect(!failures.contains { $0.detail.contains("short-secret") || ($0.fix ?? "").contains("short-secret") })
    }

    @Test func aWorldReadableDatabaseFails() async throws {
        let (appliance, file) = try await setUp(secret: String(repeating: "b2", count: 32), secretMode: 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let check = await Doctor(appliance: appliance, environment: healthy).run().first { $0.name == "database permissions" }
        #expect(check?.status == .fail)
        #expect(check?.fix == "chmod 600 \(file.path) \(file.path)-wal \(file.path)-shm")
    }
}
