import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP server could not listen on its address, so `jarvis serve` starts nothing.
///
/// The CLI names the setting and the address in front of the reason, e.g.
/// `--port: 127.0.0.1:8080 is already in use (another program listens there)`
/// (``message(host:port:)``; ``concernsHost`` says whether `--host` or `--port` is to change).
public struct ServerStartError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// `EADDRINUSE`: another program listens on the port.
        case addressInUse
        /// `EADDRNOTAVAIL`: no interface of this machine has that address.
        case addressNotAvailable
        /// `EACCES`: a port below 1024 needs privileges the process does not have.
        case permissionDenied
    }

    public let reason: Reason

    public init(reason: Reason) {
        self.reason = reason
    }

    /// The error of a failed bind, or nil for any other error.
    init?(bindError error: any Error) {
        guard let error = error as? IOError else { return nil }
        switch error.errnoCode {
        case EADDRINUSE: reason = .addressInUse
        case EADDRNOTAVAIL: reason = .addressNotAvailable
        case EACCES: reason = .permissionDenied
        default: return nil
        }
    }

    /// Whether the host (`--host`) is what to change, rather than the port.
    public var concernsHost: Bool { reason == .addressNotAvailable }

    /// What went wrong with the address `host:port`, e.g. `127.0.0.1:8080 is already in use (another program listens there)`.
    public func message(host: String, port: Int) -> String {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return switch reason {
        case .addressInUse: "\(address) is already in use (another program listens there)"
        case .addressNotAvailable: "\(address) cannot be listened on: no network interface of this machine has the address \(host)"
        case .permissionDenied: "\(address) cannot be listened on: ports below 1024 need privileges; choose a port from 1024 up"
        }
    }

    public var description: String {
        switch reason {
        case .addressInUse: "the server's address is already in use (another program listens there)"
        case .addressNotAvailable: "the server's address is not one of this machine's"
        case .permissionDenied: "the server's port needs privileges (ports below 1024)"
        }
    }
}
