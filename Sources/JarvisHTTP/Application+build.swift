import Hummingbird
import JarvisCore
import Logging
import ServiceLifecycle

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

/// Builds the HTTP application on the appliance's parts. The run launcher's background runs,
/// the scheduler, when given, and `services` run beside the server in one service group and
/// stop with it on SIGTERM or SIGINT.
public func buildApplication(
    appliance: Appliance,
    scheduler: Scheduler? = nil,
    services: [any Service] = []
) -> some ApplicationProtocol {
    let configuration = appliance.configuration
    return ApplianceApplication(
        router: buildRouter(appliance: appliance),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jarvis"),
        services: [appliance.launcher] + (scheduler.map { [$0] } ?? []) + services,
        logger: appliance.logger
    )
}

/// Builds the router: every route of the appliance, behind the access log, the JSON errors
/// and the body limit.
public func buildRouter(appliance: Appliance) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let routes = RouteTable()
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: JSONErrorMiddleware(routes: routes))
    router.add(middleware: BodyLimitMiddleware())
    let metrics = ApplianceMetrics()
    appliance.runner.observers.add(metrics)
    router.add(middleware: HTTPMetricsMiddleware(metrics: metrics))

    let database = appliance.database
    let configuration = appliance.configuration
    HealthController(database: database).addRoutes(to: router.group("api"))
    CronController(appliance: appliance, authorizer: CronAuthorizer(configuration: configuration, clock: appliance.clock))
        .addRoutes(to: router.group("api/cron"))
    let management = router.group("api").add(middleware: AdminAuthMiddleware(secret: configuration.effectiveAdminSecret))
    SchedulesController(appliance: appliance).addRoutes(to: management)
    RunsController(appliance: appliance).addRoutes(to: management)
    ReportsController(appliance: appliance).addRoutes(to: management)
    AlertsController(appliance: appliance).addRoutes(to: management)
    GymsController(appliance: appliance).addRoutes(to: management)
    MembersController(appliance: appliance).addRoutes(to: management)
    FactsController(appliance: appliance).addRoutes(to: management)
    KiosksController(appliance: appliance).addRoutes(to: management)

    KioskHeartbeatController(events: appliance.kioskEvents, clock: appliance.clock).addRoutes(to: router.group("api"))
    KioskEventsController(events: appliance.kioskEvents).addRoutes(to: router.group("api"))
    MetricsController(appliance: appliance, metrics: metrics).addRoutes(to: router)

    DashboardController(appliance: appliance).addRoutes(to: router)

    routes.load(router.routes)
    return router
}
