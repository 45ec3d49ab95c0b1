import CoreMetrics
import Foundation
import JarvisCore
import Prometheus
import Synchronization

/// The appliance's metrics, in a Prometheus registry that the application owns (no global
/// `MetricsSystem.bootstrap`, so that tests building several applications stay apart). Events
/// (finished runs, HTTP requests) are counted through swift-metrics as they happen; the state
/// of schedules and running runs is read from the database on each scrape.
///
/// | series | type | labels |
/// |---|---|---|
/// | `jarvis_job_runs_total` | counter | `job`, `status` |
/// | `jarvis_job_run_duration_seconds` | histogram | `job` |
/// | `jarvis_job_runs_running` | gauge | `job` |
/// | `jarvis_schedule_last_success_timestamp_seconds` | gauge | `schedule`, `job` |
/// | `jarvis_schedule_next_fire_timestamp_seconds` | gauge | `schedule`, `job` |
/// | `jarvis_schedule_paused` | gauge | `schedule`, `job` |
/// | `jarvis_http_requests_total` | counter | `route`, `method`, `status` |
public final class ApplianceMetrics: JobRunObserver, Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let scrapeGauges = Mutex<[Series: CoreMetrics.Gauge]>([:])

    /// Run durations from a tenth of a second to an hour: the four jobs take seconds to minutes
    /// on a chain's data, and the default timeout is 15 minutes.
    static let runDurationBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30),
        .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(900), .seconds(1800), .seconds(3600),
    ]

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["jarvis_job_run_duration_seconds"] = Self.runDurationBuckets
        self.factory = factory
    }

    /// The exposition in the Prometheus text format.
    public func exposition() -> String {
        registry.emitToString()
    }

    // MARK: Runs

    public func runStarted(_ run: JobRun) {}

    public func runFinished(_ run: JobRun) {
        CoreMetrics.Counter(label: "jarvis_job_runs_total", dimensions: [("job", run.job), ("status", run.status.rawValue)], factory: factory)
            .increment()
        if let milliseconds = run.durationMs {
            CoreMetrics.Timer(label: "jarvis_job_run_duration_seconds", dimensions: [("job", run.job)], factory: factory)
                .recordMilliseconds(milliseconds)
        }
    }

    // MARK: HTTP requests

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// Counts a request by its route pattern (`/api/kiosks/{slug}/heartbeat`, never the raw path,
    /// so that the number of series stays bounded), its method and its status code.
    func countRequest(route: String, method: String, status: Int) {
        let key = RequestKey(route: route, method: method, status: status)
        let counter = requestCounters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = CoreMetrics.Counter(
                label: "jarvis_http_requests_total",
                dimensions: [("route", route), ("method", method), ("status", String(status))],
                factory: factory
            )
            counters[key] = counter
            return counter
        }
        counter.increment()
    }

    // MARK: State read on each scrape

    /// A gauge series: its name and its labels.
    struct Series: Hashable {
        var name: String
        var labels: [String]

        init(_ name: String, _ labels: KeyValuePairs<String, String>) {
            self.name = name
            self.labels = labels.flatMap { [$0.key, $0.value] }
        }

        var dimensions: [(String, String)] {
            stride(from: 0, to: labels.count, by: 2).map { (labels[$0], labels[$0 + 1]) }
        }
    }

    /// Sets the gauges read from the database to `values`; a series of the previous scrape that
    /// is not in `values` any more (a deleted schedule, a paused one's next fire) is removed.
    func setScrapeGauges(_ values: [Series: Double]) {
        scrapeGauges.withLock { gauges in
            for (series, gauge) in gauges where values[series] == nil {
                gauge.destroy()
                gauges[series] = nil
            }
            for (series, value) in values {
                let gauge = gauges[series] ?? CoreMetrics.Gauge(label: series.name, dimensions: series.dimensions, factory: factory)
                gauges[series] = gauge
                gauge.record(value)
            }
        }
    }
}
