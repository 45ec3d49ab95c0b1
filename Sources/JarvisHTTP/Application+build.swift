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
    services: [any Service] = [],
    logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(database: database)
    return ApplianceApplication(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jarvis"),
        services: services,
        logger: logger
    )
}

/// Builds the router: every route of the appliance.
public func buildRouter(database: AppDatabase) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    HealthController(database: database).addRoutes(to: router.group("api"))
    return router
}
