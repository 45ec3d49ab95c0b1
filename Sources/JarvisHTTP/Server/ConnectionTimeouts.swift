import NIOCore

/// How long the server waits for a client before it closes the connection.
///
/// Without limits, a connection that never finishes its request (a header sent a byte every
/// few seconds) or an idle keep-alive connection stays open for ever, and a thousand of them
/// use up the process's file descriptors: new clients, `/api/health` included, then wait. The
/// defaults are those an operator knows from web servers (Go's `ReadHeaderTimeout`, nginx's
/// `client_header_timeout`, `client_body_timeout` and `keepalive_timeout`):
///
/// - ``header`` (10 s): a request's head (request line and headers) must arrive whole within
///   10 s of its first byte, and the first request of a new connection within 10 s of the
///   connection. A trickle of bytes does not extend it.
/// - ``body`` (10 s): while a body arrives, at most 10 s may pass without a byte of it.
/// - ``idle`` (60 s): a keep-alive connection may wait 60 s for its next request, longer than
///   the kiosks' 30 s between heartbeats, so that a kiosk keeps its connection.
///
/// No limit applies while the appliance works on an answer: `POST /api/cron/<job>` answers
/// once its job has run, which can take minutes.
public struct ConnectionTimeouts: Sendable, Equatable {
    public var header: TimeAmount
    public var body: TimeAmount
    public var idle: TimeAmount

    public init(header: TimeAmount = .seconds(10), body: TimeAmount = .seconds(10), idle: TimeAmount = .seconds(60)) {
        self.header = header
        self.body = body
        self.idle = idle
    }

    /// 10 s for a request's head, 10 s of silence within a body, 60 s of keep-alive.
    public static var standard: ConnectionTimeouts { ConnectionTimeouts() }
}
