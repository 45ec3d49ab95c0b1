import Foundation
import GRDB

/// The read-only queries behind the operator's overview and `/metrics`: open alerts, kiosk
/// status, run gauges. Each use case is one read transaction.
public struct OverviewStore: Sendable {
    private let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// What `/metrics` shows of the runs: how many are running per job, and when each job last
    /// succeeded.
    public struct RunGauges: Sendable, Equatable {
        public var runningByJob: [String: Int]
        public var lastSuccessByJob: [String: Date]
    }

    public func runGauges() async throws -> RunGauges {
        try await database.read { db in
            let running = try Row.fetchAll(db, sql: "SELECT job, count(*) AS n FROM job_runs WHERE status = 'running' GROUP BY job")
            let succeeded = try Row.fetchAll(db, sql: "SELECT job, max(finished_at) AS at FROM job_runs WHERE status = 'succeeded' GROUP BY job")
            return RunGauges(
                runningByJob: Dictionary(uniqueKeysWithValues: running.map { ($0["job"], $0["n"]) }),
                lastSuccessByJob: Dictionary(
                    uniqueKeysWithValues: succeeded.compactMap { row -> (String, Date)? in
                        guard let text = row["at"] as String?, let date = Timestamp.date(from: text) else { return nil }
                        return (row["job"], date)
                    }
                )
            )
        }
    }

    /// The alerts still open or acknowledged: their count and the `limit` most pressing.
    public func openAlerts(limit: Int = 10) async throws -> OpenAlerts {
        try await database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM manager_alerts WHERE resolved_at IS NULL") ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, g.slug, g.name, a.alert_type, a.priority, a.status, a.title, a.created_at
                    FROM manager_alerts a
                    JOIN gyms g ON g.id = a.gym_id
                    WHERE a.resolved_at IS NULL
                    ORDER BY CASE a.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                             a.created_at DESC, a.id DESC
                    LIMIT :limit
                    """,
                arguments: ["limit": max(0, limit)]
            )
            let alerts = rows.map { row in
                OpenAlert(
                    id: row["id"],
                    gymSlug: row["slug"],
                    gymName: row["name"],
                    type: row["alert_type"],
                    priority: row["priority"],
                    status: row["status"],
                    title: row["title"],
                    createdAt: Timestamp.date(from: row["created_at"]) ?? .distantPast
                )
            }
            return OpenAlerts(total: total, first: alerts)
        }
    }

    /// How many kiosks are online, offline, or in another status.
    public func kioskCounts() async throws -> KioskCounts {
        try await database.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE status = 'online') AS online,
                           count(*) FILTER (WHERE status = 'offline') AS offline,
                           count(*) FILTER (WHERE status NOT IN ('online', 'offline')) AS other
                    FROM kiosks
                    """
            )!
            return KioskCounts(online: row["online"], offline: row["offline"], other: row["other"])
        }
    }

    /// Every kiosk by gym and slug, with its uptime over the 7 days before `now`.
    public func kiosks(now: Date) async throws -> [KioskStatus] {
        let windowStart = now.addingTimeInterval(-KioskStatus.uptimeWindow)
        let startEpoch = Int64(windowStart.timeIntervalSince1970.rounded(.down))
        let bucket = KioskStatus.uptimeBucketSeconds
        return try await database.read { db in
            var upBuckets: [Int64: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT kiosk_id,
                           count(DISTINCT (CAST(strftime('%s', received_at) AS INTEGER) - :startEpoch) / :bucket) AS buckets
                    FROM kiosk_heartbeats
                    WHERE received_at >= :start AND received_at <= :end
                    GROUP BY kiosk_id
                    """,
                arguments: [
                    "startEpoch": startEpoch, "bucket": bucket,
                    "start": Timestamp.string(from: windowStart), "end": Timestamp.string(from: now),
                ]
            ) {
                upBuckets[row["kiosk_id"]] = row["buckets"]
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT k.id, k.slug, k.name, k.status, k.last_heartbeat, k.software_version, k.created_at,
                           g.slug AS gym_slug, g.name AS gym_name, g.timezone
                    FROM kiosks k
                    JOIN gyms g ON g.id = k.gym_id
                    ORDER BY g.slug, k.slug
                    """
            ).map { row in
                let id: Int64 = row["id"]
                let status: String = row["status"]
                var uptime: Double?
                if status != "provisioning" {
                    let created = (row["created_at"] as String?).flatMap(Timestamp.date(from:)) ?? windowStart
                    let from = max(windowStart, created)
                    let buckets = Int((now.timeIntervalSince(from) / Double(bucket)).rounded(.up))
                    uptime = buckets > 0 ? min(1, Double(upBuckets[id] ?? 0) / Double(buckets)) : nil
                }
                return KioskStatus(
                    id: id,
                    slug: row["slug"],
                    name: row["name"],
                    gymSlug: row["gym_slug"],
                    gymName: row["gym_name"],
                    gymTimeZone: row["timezone"],
                    status: status,
                    lastHeartbeat: (row["last_heartbeat"] as String?).flatMap(Timestamp.date(from:)),
                    softwareVersion: row["software_version"],
                    uptime: uptime
                )
            }
        }
    }
}
