import Hummingbird

/// A dashboard request refused or failed, turned into a JSON error answer at the edge. Its
/// message is written for the person at the browser and never carries internals.
struct DashboardFailure: Error, CustomStringConvertible, Sendable {
    enum Code: Sendable {
        /// No valid session: 401.
        case unauthorized
        /// A cross-site request or a missing or wrong CSRF token: 403.
        case forbidden
        case notFound
        case badRequest
        case payloadTooLarge
        /// Too many wrong secrets lately: 429.
        case tooManyRequests
        /// A fault of the appliance: 500, with a generic message; the detail goes to the log only.
        case internalError
    }

    let code: Code
    let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }

    var status: HTTPResponse.Status {
        switch code {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .payloadTooLarge: HTTPResponse.Status(code: 413, reasonPhrase: "Content Too Large")
        case .tooManyRequests: .tooManyRequests
        case .internalError: .internalServerError
        }
    }

    /// What the browser is told.
    var publicMessage: String {
        code == .internalError ? "Internal error" : message
    }
}
