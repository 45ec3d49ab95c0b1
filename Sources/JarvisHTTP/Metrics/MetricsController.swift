import Foundation
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
        let runs = try await appliance.overview.runGauges()
        let schedules = try await appliance.schedules.statuses(now: appliance.clock.now)
        var values: [ApplianceMetrics.Series: Double] = [:]
        for job in Set(appliance.registry.slugs).union(runs.runningByJob.keys) {
            values[.init("jarvis_job_runs_running", ["job": job])] = Double(runs.runningByJob[job] ?? 0)
        }
        for status in schedules {
            let schedule = status.schedule
            let labels: KeyValuePairs<String, String> = ["schedule": schedule.id, "job": schedule.job]
            values[.init("jarvis_schedule_paused", labels)] = schedule.paused ? 1 : 0
            if let success = runs.lastSuccessByJob[schedule.job] {
                values[.init("jarvis_schedule_last_success_timestamp_seconds", labels)] = success.timeIntervalSince1970
            }
            if let next = status.nextFire {
                values[.init("jarvis_schedule_next_fire_timestamp_seconds", labels)] = next.timeIntervalSince1970
            }
        }
        return values
    }
}
