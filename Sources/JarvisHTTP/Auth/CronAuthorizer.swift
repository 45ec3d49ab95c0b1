import Foundation
import HTTPTypes
import Hummingbird
import JarvisCore

/// Who may trigger a job over HTTP: a caller holding the cron secret as its bearer, or the
/// hosted cron service with a valid `Upstash-Signature`. With no secret and no signing key
/// configured, nobody is.
struct CronAuthorizer: Sendable {
    let cronSecret: Secret?
    let signature: UpstashSignature
    /// The public base URL the hosted service signs, e.g. `https://jarvis.example.fr`.
    let publicURL: String
    let clock: any WallClock

    static let signatureField = HTTPField.Name("Upstash-Signature")!

    init(configuration: AppConfiguration, clock: any WallClock) {
        self.cronSecret = configuration.cronSecret
        self.signature = UpstashSignature(currentKey: configuration.qstashCurrentSigningKey, nextKey: configuration.qstashNextSigningKey)
        self.publicURL = configuration.publicURL
        self.clock = clock
    }

    /// The one refusal, word for word as the product it replaces answered it.
    static var unauthorized: APIError { APIError(.unauthorized, "Unauthorized - Invalid cron secret") }

    /// True when the request carries the cron secret or a valid signature of its URL and body.
    func isAuthorized(_ request: Request, body: ByteBuffer) -> Bool {
        if let secret = cronSecret, let token = BearerCredential.token(in: request), secret.matches(token) {
            return true
        }
        if let token = request.headers[Self.signatureField] {
            let url = publicURL + request.uri.path + (request.uri.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
            if case .success = signature.verify(token, url: url, body: body.readableBytesView, now: clock.now) {
                return true
            }
        }
        return false
    }
}
