import Foundation

/// The process that holds running runs: `host:pid:nonce`. Written in `job_runs.holder` so that
/// another process can tell a run whose holder died (crash, SIGKILL) from one still going.
public struct RunHolder: Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let pid: Int32
    /// Distinguishes two lives of the same pid (a container restarted, a pid reused).
    public let nonce: String

    public var description: String { "\(host):\(pid):\(nonce)" }

    public init(host: String, pid: Int32, nonce: String) {
        self.host = host
        self.pid = pid
        self.nonce = nonce
    }

    /// This process.
    public static func thisProcess() -> RunHolder {
        let nonce = String(UInt32.random(in: .min ... .max), radix: 16)
        return RunHolder(host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier, nonce: nonce)
    }

    /// Parses a `holder` column; nil for anything else.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]) else { return nil }
        self.init(host: parts.dropLast(2).joined(separator: ":"), pid: pid, nonce: String(parts[parts.count - 1]))
    }

    /// True when `other` is certainly dead: on this host, and either an earlier life of this
    /// very process's pid or a pid that no longer exists. A holder on another host is judged
    /// by its lease alone.
    func knowsIsDead(_ other: RunHolder) -> Bool {
        guard other.host == host, other != self else { return false }
        if other.pid == pid { return true }
        return kill(other.pid, 0) != 0 && errno == ESRCH
    }
}
