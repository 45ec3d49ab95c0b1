import Foundation
import Hummingbird
import JarvisCore
import Synchronization

/// `GET /api/health`: is the appliance up and its database reachable. No authentication and
/// no personal data, so that monitors and load balancers can call it.
///
/// Monitors may call it many times a second, so an answer costs little: the database is
/// probed (its schema version read) at most once per `probeInterval` (1 s), one probe shared
/// by every request that finds the last verdict too old, and each verdict's JSON body is
/// encoded once. A database that becomes unreachable is reported (503, `"degraded"`) from
/// the first request after the next probe, within about a second.
struct HealthController: Sendable {
    let probe: HealthProbe

    init(database: AppDatabase, probeInterval: Duration = .seconds(1)) {
        self.init(probeInterval: probeInterval) { try await database.schemaVersion() }
    }

    /// `readSchemaVersion` reads the database; it throws when the database cannot be read.
    init(probeInterval: Duration, readSchemaVersion: @escaping @Sendable () async throws -> Int) {
        probe = HealthProbe(interval: probeInterval, readSchemaVersion: readSchemaVersion)
    }

    struct Health: Encodable {
        var status: String
        var version: String
        var database: String
        var schemaVersion: Int?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("health", use: health)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        let verdict = await probe.verdict()
        return Response(
            status: verdict.isReachable ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: verdict.body)
        )
    }
}

/// The database's health, probed at most once per interval (``HealthController``).
final class HealthProbe: Sendable {
    /// What the last probe found, with the answer's body ready.
    struct Verdict: Sendable {
        let isReachable: Bool
        let body: ByteBuffer

        init(schemaVersion: Int?) {
            isReachable = schemaVersion != nil
            let health = HealthController.Health(
                status: isReachable ? "ok" : "degraded",
                version: JarvisVersion.current,
                database: isReachable ? "ok" : "unreachable",
                schemaVersion: schemaVersion
            )
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = ByteBuffer(bytes: (try? encoder.encode(health)) ?? Data("{\"status\":\"degraded\"}".utf8))
        }
    }

    private struct State {
        var last: (verdict: Verdict, at: ContinuousClock.Instant)?
        var probing: Task<Verdict, Never>?
    }

    private let readSchemaVersion: @Sendable () async throws -> Int
    private let interval: Duration
    private let state = Mutex(State())

    init(interval: Duration, readSchemaVersion: @escaping @Sendable () async throws -> Int) {
        self.readSchemaVersion = readSchemaVersion
        self.interval = interval
    }

    /// The last verdict if it is recent enough, else the next probe's.
    func verdict() async -> Verdict {
        let now = ContinuousClock.now
        let recent = state.withLock { state in state.last.flatMap { now - $0.at < interval ? $0.verdict : nil } }
        if let recent { return recent }
        return await probe().value
    }

    /// The probe under way, or a new one.
    private func probe() -> Task<Verdict, Never> {
        state.withLock { state in
            if let probing = state.probing { return probing }
            let task = Task { [readSchemaVersion] in
                let version = try? await readSchemaVersion()
                let verdict = Verdict(schemaVersion: version)
                self.state.withLock { state in
                    state.last = (verdict, ContinuousClock.now)
                    state.probing = nil
                }
                return verdict
            }
            state.probing = task
            return task
        }
    }
}
