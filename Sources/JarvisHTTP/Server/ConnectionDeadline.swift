import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow or has been idle too long (``ConnectionTimeouts``).
///
/// One per connection, used on its event loop only. Two handlers tell it what happens: one in
/// front of the HTTP decoder sees bytes arrive (the decoder passes nothing on until a request's
/// head is whole, so a head sent a byte at a time shows only here), one behind the decoder sees
/// requests' heads and ends and responses' ends. One timer per connection: it is set for the
/// current deadline, moved earlier when a deadline comes closer, and when it fires before a
/// deadline that has moved later it sets itself again, so most requests move no timer.
final class ConnectionDeadline {
    private let timeouts: ConnectionTimeouts
    private let channel: any Channel
    private let logger: Logger
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
    private var isOpen = true

    /// A response was written: waiting for the next request is keep-alive, not a new client.
    private var hasAnswered = false
    /// Since when no request is in progress (the connection opened, or the last one ended).
    private var waitingSince: NIODeadline
    /// The first byte of a request whose head is not whole yet.
    private var headStartedAt: NIODeadline?
    /// A request's head arrived and its end not yet: its body is coming.
    private var isReadingBody = false
    private var lastBodyRead = NIODeadline.uptimeNanoseconds(0)
    /// Requests whose response is not written yet: no deadline while the appliance works.
    private var responsesPending = 0

    init(timeouts: ConnectionTimeouts, channel: any Channel, logger: Logger) {
        self.timeouts = timeouts
        self.channel = channel
        self.logger = logger
        self.waitingSince = .now()
    }

    /// What the client must do by when, or nil while a response is being made.
    private var deadline: (at: NIODeadline, waitingFor: String)? {
        if isReadingBody { return (lastBodyRead + timeouts.body, "body") }
        if responsesPending > 0 { return nil }
        if let headStartedAt { return (headStartedAt + timeouts.header, "header") }
        return hasAnswered ? (waitingSince + timeouts.idle, "next request") : (waitingSince + timeouts.header, "header")
    }

    func connectionOpened() {
        waitingSince = .now()
        updateTimer()
    }

    func bytesReceived() {
        if isReadingBody {
            lastBodyRead = .now()
        } else if headStartedAt == nil {
            headStartedAt = .now()
            updateTimer()
        }
    }

    func requestHeadReceived() {
        headStartedAt = nil
        isReadingBody = true
        lastBodyRead = .now()
        responsesPending += 1
        updateTimer()
    }

    func requestEndReceived() {
        isReadingBody = false
        if responsesPending == 0 { waitingSince = .now() }
        updateTimer()
    }

    func responseEndWritten() {
        responsesPending = max(0, responsesPending - 1)
        hasAnswered = true
        if responsesPending == 0, !isReadingBody { waitingSince = .now() }
        updateTimer()
    }

    func connectionClosed() {
        isOpen = false
        timer?.task.cancel()
        timer = nil
    }

    /// Makes sure the timer fires no later than the deadline.
    private func updateTimer() {
        guard isOpen, let deadline else { return }
        if let timer {
            guard deadline.at < timer.at else { return }
            timer.task.cancel()
        }
        let task = channel.eventLoop.assumeIsolated().scheduleTask(deadline: deadline.at) { [self] in fire() }
        timer = (task, deadline.at)
    }

    private func fire() {
        timer = nil
        guard isOpen, let deadline else { return }
        guard NIODeadline.now() >= deadline.at else {
            updateTimer()
            return
        }
        logger.debug("closing a connection: its client was too slow or idle too long", metadata: ["connection.waiting_for": "\(deadline.waitingFor)"])
        isOpen = false
        channel.close(promise: nil)
    }
}

/// In front of the HTTP decoder: tells the deadline that bytes arrived.
final class RequestBytesWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadline: ConnectionDeadline

    init(deadline: ConnectionDeadline) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { deadline.connectionOpened() }
    }

    func channelActive(context: ChannelHandlerContext) {
        deadline.connectionOpened()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline.connectionClosed()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline.connectionClosed()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadline.bytesReceived()
        context.fireChannelRead(data)
    }
}

/// Behind the HTTP decoder: tells the deadline where each request and response stands.
final class RequestPartsWatcher: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let deadline: ConnectionDeadline

    init(deadline: ConnectionDeadline) {
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: deadline.requestHeadReceived()
        case .body: break
        case .end: deadline.requestEndReceived()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { deadline.responseEndWritten() }
        context.write(data, promise: promise)
    }
}

@available(*, unavailable)
extension ConnectionDeadline: Sendable {}

@available(*, unavailable)
extension RequestBytesWatcher: Sendable {}

@available(*, unavailable)
extension RequestPartsWatcher: Sendable {}
