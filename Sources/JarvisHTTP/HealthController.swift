import Hummingbird
import JarvisCore

/// `GET /api/health`: is the appliance up and its database reachable. No authentication and
/// no personal data, so that monitors and load balancers can call it.
struct HealthController: Sendable {
    let database: AppDatabase

    struct Health: ResponseEncodable {
        var status: String
        var version: String
        var database: String
        var schemaVersion: Int?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("health", use: health)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Health> {
        do {
            let version = try await database.schemaVersion()
            return EditedResponse(
                status: .ok,
                response: Health(status: "ok", version: JarvisVersion.current, database: "ok", schemaVersion: version)
            )
        } catch {
            return EditedResponse(
                status: .serviceUnavailable,
                response: Health(status: "degraded", version: JarvisVersion.current, database: "unreachable", schemaVersion: nil)
            )
        }
    }
}
