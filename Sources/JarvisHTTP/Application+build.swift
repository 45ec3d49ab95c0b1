import Hummingbird
import JarvisCore
import Logging
import ServiceLifecycle

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

/// Builds the HTTP application of an appliance. `services` run beside the server in one
/// service group (the scheduler, in production) and stop with it on SIGTERM or SIGINT.
public func buildApplication(
    appliance: Appliance,
    services: [any Service] = []
) -> some ApplicationProtocol {
    let router = buildRouter(appliance: appliance)
    let configuration = appliance.configuration
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jarvis"),
        logger: appliance.logger
    )
    app.addServices(services)
    return app
}

/// Builds the router: every route of the appliance.
public func buildRouter(appliance: Appliance) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let metrics = ApplianceMetrics()
    appliance.runner.observers.add(metrics)
    router.add(middleware: HTTPMetricsMiddleware(metrics: metrics))
    HealthController(database: appliance.database).addRoutes(to: router.group("api"))
    KioskHeartbeatController(recorder: KioskHeartbeatRecorder(database: appliance.database), clock: appliance.clock).addRoutes(to: router.group("api"))
    MetricsController(appliance: appliance, metrics: metrics).addRoutes(to: router)
    return router
}
