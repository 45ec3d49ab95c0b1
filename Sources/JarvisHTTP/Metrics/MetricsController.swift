import Foundation
import GRDB
import Hummingbird
import JarvisCore

/// `GET /metrics`: the Prometheus text exposition. No authentication and no personal data:
/// job and schedule names, counts, durations and times only.
struct MetricsController: Sendable {
    let appliance: Appliance
    let metrics: ApplianceMetrics

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics", use: exposition)
    }

    @Sendable func exposition(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            metrics.setScrapeGauges(try await stateGauges())
        } catch {
            context.logger.error("could not read the schedules for the metrics", metadata: ["error": "\(String(describing: type(of: error)))"])
            throw APIError(.serviceUnavailable, "the database cannot be read")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition()))
        )
    }

    /// Running runs per job, and per schedule its job's last success, its next fire and whether
    /// it is paused, read now.
    func stateGauges() async throws -> [ApplianceMetrics.Series: Double] {
        let (schedules, running, lastSuccess) = try await appliance.database.writer.read { db in
            (
                try Schedule.order(Column("id")).fetchAll(db),
                try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT job, count(*) AS n FROM job_runs WHERE status = 'running' GROUP BY job")
                        .map { row in (row["job"] as String, row["n"] as Int) }
                ),
                try Dictionary(
                    uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT job, max(finished_at) AS at FROM job_runs WHERE status = 'succeeded' GROUP BY job")
                        .compactMap { row -> (String, Date)? in
                            guard let text = row["at"] as String?, let date = Timestamp.date(from: text) else { return nil }
                            return (row["job"], date)
                        }
                )
            )
        }
        var values: [ApplianceMetrics.Series: Double] = [:]
        for job in Set(appliance.registry.slugs).union(running.keys) {
            values[.init("jarvis_job_runs_running", ["job": job])] = Double(running[job] ?? 0)
        }
        let now = appliance.clock.now
        for schedule in schedules {
            let labels: KeyValuePairs<String, String> = ["schedule": schedule.id, "job": schedule.job]
            values[.init("jarvis_schedule_paused", labels)] = schedule.paused ? 1 : 0
            if let success = lastSuccess[schedule.job] {
                values[.init("jarvis_schedule_last_success_timestamp_seconds", labels)] = success.timeIntervalSince1970
            }
            if !schedule.paused, let next = try? appliance.schedules.expression(of: schedule).nextFire(after: now) {
                values[.init("jarvis_schedule_next_fire_timestamp_seconds", labels)] = next.timeIntervalSince1970
            }
        }
        return values
    }
}
