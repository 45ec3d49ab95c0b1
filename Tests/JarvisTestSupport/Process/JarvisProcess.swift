import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `jarvis` executable built beside the test bundle, run as an operator would run it.
public enum JarvisProcess {
    public struct NotBuilt: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "no jarvis executable at \(path); build the package first (swift build)" }
    }

    /// `.build/<triple>/debug/jarvis`, beside the test bundle.
    public static func executable() throws -> URL {
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let url = bundle.deletingLastPathComponent().appendingPathComponent("jarvis")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw NotBuilt(path: url.path) }
        return url
    }

    /// The tests' environment without any of the appliance's settings, so that only what a
    /// test gives counts.
    public static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("JARVIS_") && !key.hasPrefix("CRON_SECRET") && !key.hasPrefix("QSTASH_")
        }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// What a finished command did.
    public struct Result: Sendable {
        public var status: Int32
        /// Standard output and standard error together, in the order they came.
        public var output: String
        /// Standard output alone: what a script piping the command would read.
        public var standardOutput: String
    }

    /// Runs a command to its end.
    public static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        let running = try Running(arguments, environment: extra)
        let status = try await running.wait(timeout: .seconds(60))
        return Result(status: status, output: running.output, standardOutput: running.standardOutput)
    }

    /// A command still running (the server), with its output so far.
    public final class Running: @unchecked Sendable {
        private let process: Process
        private let collected = Collected()

        /// What the process wrote so far: everything, and standard output alone. Kept as bytes,
        /// so that a character split between two reads comes out whole.
        private final class Collected: Sendable {
            let bytes = Mutex((all: Data(), standardOutput: Data(), openStreams: 2))

            func append(_ data: Data, fromStandardOutput: Bool) {
                bytes.withLock { bytes in
                    bytes.all.append(data)
                    if fromStandardOutput { bytes.standardOutput.append(data) }
                }
            }

            func streamEnded() { bytes.withLock { $0.openStreams -= 1 } }

            var ended: Bool { bytes.withLock { $0.openStreams == 0 } }
        }

        public init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
            process = Process()
            process.executableURL = try JarvisProcess.executable()
            process.arguments = arguments
            process.environment = JarvisProcess.environment(extra)
            process.standardInput = FileHandle.nullDevice
            let standardOutput = Pipe()
            let standardError = Pipe()
            process.standardOutput = standardOutput
            process.standardError = standardError
            for (pipe, isStandardOutput) in [(standardOutput, true), (standardError, false)] {
                pipe.fileHandleForReading.readabilityHandler = { [collected] handle in
                    let data = handle.availableData
                    guard !data.isEmpty else {
                        handle.readabilityHandler = nil
                        collected.streamEnded()
                        return
                    }
                    collected.append(data, fromStandardOutput: isStandardOutput)
                }
            }
            try process.run()
        }

        /// Standard output and standard error so far, together.
        public var output: String { String(decoding: collected.bytes.withLock { $0.all }, as: UTF8.self) }

        /// Standard output so far, alone.
        public var standardOutput: String { String(decoding: collected.bytes.withLock { $0.standardOutput }, as: UTF8.self) }

        /// Waits until the output holds `text`; fails if the process ends or time runs out first.
        public func waitForOutput(containing text: String, timeout: Duration) async throws {
            let deadline = ContinuousClock.now + timeout
            while !output.contains(text) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    throw Timeout(waitingFor: text, output: output)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        /// Sends SIGTERM, as systemd does, and waits for the exit status.
        public func terminate() async throws -> Int32 {
            if process.isRunning { process.terminate() }
            return try await wait(timeout: .seconds(20))
        }

        public func wait(timeout: Duration) async throws -> Int32 {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    process.interrupt()
                    throw Timeout(waitingFor: "the process to end", output: output)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            // Let the pipes hand over what the process wrote last: both reach their end, unless
            // a child of the process still holds them.
            for _ in 0..<100 where !collected.ended { try await Task.sleep(for: .milliseconds(20)) }
            return process.terminationStatus
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    public struct Timeout: Error, CustomStringConvertible {
        public let waitingFor: String
        public let output: String
        public var description: String { "gave up waiting for \(waitingFor); output so far:\n\(output)" }
    }

    /// A TCP port on the loopback interface that nothing listens on right now.
    public static func freePort() throws -> Int {
        let socket = try FileDescriptorSocket()
        return try socket.boundPort()
    }

    /// A TCP port on the loopback interface that another program listens on, until the
    /// returned listener is closed.
    public static func occupiedPort() throws -> (port: Int, listener: Int32) {
        let socket = try FileDescriptorSocket()
        return (try socket.listeningPort(), socket.descriptor)
    }

    /// The status and body of a GET.
    public static func get(_ url: String) async throws -> (status: Int, body: String, response: HTTPURLResponse?) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http)
    }
}

/// Just enough of the socket API to ask the kernel for a free port.
private struct FileDescriptorSocket {
    struct Failure: Error {}
    let descriptor: Int32

    init() throws {
        #if canImport(Glibc)
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw Failure() }
    }

    func boundPort() throws -> Int {
        defer { close(descriptor) }
        return try bindLoopback()
    }

    /// Binds a free port and listens on it; the descriptor stays open.
    func listeningPort() throws -> Int {
        let port = try bindLoopback()
        guard listen(descriptor, 16) == 0 else { throw Failure() }
        return port
    }

    private func bindLoopback() throws -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw Failure() }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
