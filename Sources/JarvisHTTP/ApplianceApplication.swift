import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// The appliance's HTTP application: Hummingbird's `Application` without its date-header
/// timer.
///
/// Hummingbird's own `run()` keeps the `Date` header in a cache refreshed by a task that
/// ticks every second, which wakes an idle appliance 86,400 times a day. Here the header is
/// formatted when a response needs it, at most once per second (`HTTPDate`), so an idle
/// `jarvis serve` sleeps until its next schedule. Everything else is as in Hummingbird:
/// the same HTTP/1 server, request contexts, error answer and service group.
///
/// Two more differences:
/// - connections have timeouts (``ConnectionTimeouts``: 10 s for a request's head and between
///   reads of its body, 60 s of keep-alive), so slow or idle clients cannot hold the
///   process's file descriptors for ever;
/// - the server binds its address before any other service starts: when the address cannot
///   be used, `run()` throws a ``ServerStartError`` and the scheduler never starts.
public struct ApplianceApplication<Responder: HTTPResponder>: ApplicationProtocol
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    public let responder: Responder
    public let configuration: ApplicationConfiguration
    public let logger: Logger
    public let services: [any Service]
    public let connectionTimeouts: ConnectionTimeouts
    private let serverRunning: @Sendable (any Channel) async -> Void

    public init<Builder: HTTPResponderBuilder>(
        router: Builder,
        configuration: ApplicationConfiguration,
        services: [any Service],
        logger: Logger,
        connectionTimeouts: ConnectionTimeouts = .standard,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) where Builder.Responder == Responder {
        self.responder = router.buildResponder()
        self.configuration = configuration
        self.services = services
        self.logger = logger
        self.connectionTimeouts = connectionTimeouts
        self.serverRunning = onServerRunning
    }

    public var server: HTTPServerBuilder { .http1(timeouts: connectionTimeouts) }

    public func onServerRunning(_ channel: any Channel) async {
        await serverRunning(channel)
    }

    public func run() async throws {
        let responder = self.responder
        let serverName = configuration.serverName
        let logger = self.logger
        let gate = ServerStartGate()
        let server = try self.server.buildServer(
            configuration: ServerConfiguration(
                address: configuration.address,
                serverName: serverName,
                backlog: configuration.backlog,
                reuseAddress: configuration.reuseAddress,
                availableConnectionsDelegate: configuration.availableConnectionsDelegate
            ),
            eventLoopGroup: eventLoopGroup,
            logger: logger
        ) { (request, responseWriter: consuming ResponseWriter, channel) in
            // As in Hummingbird: each request's logger carries its id (`context.id` reads it).
            var requestLogger = logger
            requestLogger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
            let context = Responder.Context(source: .init(channel: channel, logger: requestLogger))
            var response: Response
            do {
                response = try await responder.respond(to: request, context: context)
            } catch let error as HTTPParserError {
                throw error
            } catch {
                requestLogger.debug("unrecognised error", metadata: ["error.type": "\(type(of: error))"])
                response = Response(status: .internalServerError)
            }
            response.headers[.date] = HTTPDate.now()
            if let serverName {
                response.headers[.server] = serverName
            }
            try await responseWriter.write(response: response.head, body: response.body)
        } onServerRunning: { channel in
            gate.open()
            await self.onServerRunning(channel)
        }
        // The other services wait for the server to listen: if it cannot, the group stops
        // before they start.
        let held: [any Service] = services.map { StartsOnceServerListens(service: $0, gate: gate) }
        let group = ServiceGroup(configuration: .init(services: held + [server], logger: logger))
        do {
            try await group.run()
        } catch {
            if !gate.isOpen, let startError = ServerStartError(bindError: error) {
                throw startError
            }
            throw error
        }
    }
}

/// The `Date` header value (RFC 9110 IMF-fixdate, e.g. `Mon, 30 Nov 2026 21:57:27 GMT`),
/// formatted at most once per second of wall time and shared between requests.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func now() -> String {
        let second = time(nil)
        return cache.withLock { cached in
            if cached.second != second {
                cached = (second, format(second))
            }
            return cached.text
        }
    }

    /// The header value of an instant in seconds since 1970.
    static func format(_ seconds: Int) -> String {
        var clock = time_t(seconds)
        var parts = tm()
        gmtime_r(&clock, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
