import HTTPTypes
import Hummingbird
import JarvisCore

/// `POST /api/cron/<job>`: the cron triggers of the contract, one route per registered job.
///
/// Authorised by the cron secret as bearer or by the hosted cron service's signature; the run
/// goes through the `JobRunner` like any other trigger. A repeated `Upstash-Message-Id` or
/// `Idempotency-Key` returns the first run instead of running the job again.
struct CronController: Sendable {
    let appliance: Appliance
    let authorizer: CronAuthorizer

    static let messageIDField = HTTPField.Name("Upstash-Message-Id")!
    static let idempotencyKeyField = HTTPField.Name("Idempotency-Key")!

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        for slug in appliance.registry.slugs {
            group.post(RouterPath(slug)) { request, context in
                try await trigger(job: slug, request: request, context: context)
            }
        }
    }

    func trigger(job: String, request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: BodyLimitMiddleware<AppRequestContext>.maxBytes)
        guard authorizer.isAuthorized(request, body: body) else { throw CronAuthorizer.unauthorized }
        let key = try idempotencyKey(of: request).map { "\(job):\($0)" }
        let launch = try await appliance.launcher.start(job: job, trigger: .http, idempotencyKey: key, waiting: !LaunchAnswer.prefersAsync(request))
        return try LaunchAnswer.response(to: launch)
    }

    /// The caller's idempotency key: the hosted service's message id, else `Idempotency-Key`.
    /// Each header present must be well formed, even the one not used.
    private func idempotencyKey(of request: Request) throws -> String? {
        let values = try [Self.messageIDField, Self.idempotencyKeyField].compactMap { field -> String? in
            guard let value = request.headers[field] else { return nil }
            guard (1...200).contains(value.utf8.count), value.utf8.allSatisfy({ (33...126).contains($0) }) else {
                throw APIError.badRequest("\(field.rawName): expected 1 to 200 printable ASCII characters without spaces", field: field.rawName)
            }
            return value
        }
        return values.first
    }
}
