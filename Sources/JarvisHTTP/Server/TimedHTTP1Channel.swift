import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 connection with ``ConnectionTimeouts``: the same pipeline, request
/// handling and graceful shutdown, plus a ``ConnectionDeadline`` watching each connection.
///
/// Hummingbird's own `idleTimeout` is a single delay for everything; the appliance needs a
/// short one for a request's head and body and a longer one between keep-alive requests.
struct TimedHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    let responder: HTTPChannelHandler.Responder
    let timeouts: ConnectionTimeouts

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let install: @Sendable () -> EventLoopFuture<Value> = { [responder, timeouts] in
            let deadline = ConnectionDeadline(timeouts: timeouts, channel: channel, logger: logger)
            let bound = NIOLoopBound(deadline, eventLoop: channel.eventLoop)
            do {
                try channel.pipeline.syncOperations.addHandler(RequestBytesWatcher(deadline: deadline), position: .first)
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
            let http1 = HTTP1Channel(
                responder: responder,
                configuration: .init(additionalChannelHandlers: [RequestPartsWatcher(deadline: bound.value)])
            )
            return http1.setup(channel: channel, logger: logger)
        }
        return channel.eventLoop.inEventLoop ? install() : channel.eventLoop.flatSubmit(install)
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// Hummingbird's HTTP/1 server with the appliance's connection timeouts.
    static func http1(timeouts: ConnectionTimeouts) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in TimedHTTP1Channel(responder: responder, timeouts: timeouts) }
    }
}
