import Hummingbird
import JarvisCore
import Logging
import ServiceLifecycle

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

/// Builds the HTTP application on the given store. `services` run beside the server in one
/// service group (the scheduler, in production) and stop with it on SIGTERM or SIGINT.
public func buildApplication(
    configuration: AppConfiguration,
    database: AppDatabase,
    appliance: Appliance? = nil,
    services: [any Service] = [],
    logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(database: database, appliance: appliance)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jarvis"),
        logger: logger
    )
    app.addServices(services)
    return app
}

/// Builds the router: every route of the appliance. The dashboard needs the `appliance`.
public func buildRouter(database: AppDatabase, appliance: Appliance? = nil) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    HealthController(database: database).addRoutes(to: router.group("api"))
    if let appliance { DashboardController(appliance: appliance).addRoutes(to: router) }
    return router
}
