import Hummingbird
import JarvisCore
import Logging
import ServiceLifecycle

/// The request context of every route.
public typealias AppRequestContext = BasicRequestContext

/// Builds the HTTP application on the appliance's parts. The scheduler, when given, and
/// `services` run beside the server in one service group and stop with it on SIGTERM or SIGINT.
public func buildApplication(
    appliance: Appliance,
    scheduler: Scheduler? = nil,
    services: [any Service] = []
) -> some ApplicationProtocol {
    let background = BackgroundRuns(runner: appliance.runner)
    let router = buildRouter(appliance: appliance, background: background, onScheduleChange: { scheduler?.noticeScheduleChange() })
    let configuration = appliance.configuration
    return ApplianceApplication(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "jarvis"),
        services: [background] + (scheduler.map { [$0] } ?? []) + services,
        logger: appliance.logger
    )
}

/// Builds the router: every route of the appliance, behind the access log, the JSON errors
/// and the body limit.
public func buildRouter(
    appliance: Appliance,
    background: BackgroundRuns,
    onScheduleChange: @escaping @Sendable () -> Void = {}
) -> Router<AppRequestContext> {
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
    let dispatcher = RunDispatcher(runner: appliance.runner, background: background)
    HealthController(database: database).addRoutes(to: router.group("api"))
    CronController(
        appliance: appliance, authorizer: CronAuthorizer(configuration: configuration, clock: appliance.clock), dispatcher: dispatcher
    ).addRoutes(to: router.group("api/cron"))
    let management = router.group("api").add(middleware: AdminAuthMiddleware(secret: configuration.effectiveAdminSecret))
    SchedulesController(appliance: appliance, onChange: onScheduleChange).addRoutes(to: management)
    RunsController(appliance: appliance, dispatcher: dispatcher).addRoutes(to: management)
    ReportsController(appliance: appliance).addRoutes(to: management)

    KioskHeartbeatController(recorder: KioskHeartbeatRecorder(database: database), clock: appliance.clock).addRoutes(to: router.group("api"))
    MetricsController(appliance: appliance, metrics: metrics).addRoutes(to: router)

    DashboardController(appliance: appliance).addRoutes(to: router)

    routes.load(router.routes)
    return router
}
