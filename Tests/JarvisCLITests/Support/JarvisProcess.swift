import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// The `jarvis` executable built beside the test bundle, run as an operator would run it.
struct JarvisProcess {
    struct NotBuilt: Error, CustomStringConvertible {
        let path: String
        var description: String { "no jarvis executable at \(path); build the package first (swift build)" }
    }

    /// `.build/<triple>/debug/jarvis`, beside the test bundle.
    static func executable() throws -> URL {
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let url = bundle.deletingLastPathComponent().appendingPathComponent("jarvis")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw NotBuilt(path: url.path) }
        return url
    }

    /// The tests' environment without any of the appliance's settings, so that only what a
    /// test gives counts.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("JARVIS_") && !key.hasPrefix("CRON_SECRET") && !key.hasPrefix("QSTASH_")
        }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// What a finished command did.
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs a command to its end, standard output and error together.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> Result {
        let running = try Running(arguments, environment: extra)
        let status = try await running.wait(timeout: .seconds(60))
        return Result(status: status, output: running.output)
    }

    /// A command still running (the server), with its output so far.
    final class Running: @unchecked Sendable {
        private let process: Process
        private let collected = Collected()

        /// What the process wrote so far.
        private final class Collected: Sendable {
            let text = Mutex("")
        }

        init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
            process = Process()
            process.executableURL = try JarvisProcess.executable()
            process.arguments = arguments
            process.environment = JarvisProcess.environment(extra)
            process.standardInput = FileHandle.nullDevice
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            pipe.fileHandleForReading.readabilityHandler = { [collected] handle in
                let data = handle.availableData
                guard !data.isEmpty else { handle.readabilityHandler = nil; return }
                collected.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var output: String { collected.text.withLock { $0 } }

        /// Waits until the output holds `text`; fails if the process ends or time runs out first.
        func waitForOutput(containing text: String, timeout: Duration) async throws {
            let deadline = ContinuousClock.now + timeout
            while !output.contains(text) {
                guard process.isRunning, ContinuousClock.now < deadline else {
                    throw Timeout(waitingFor: text, output: output)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        /// Sends SIGTERM, as systemd does, and waits for the exit status.
        func terminate() async throws -> Int32 {
            if process.isRunning { process.terminate() }
            return try await wait(timeout: .seconds(20))
        }

        func wait(timeout: Duration) async throws -> Int32 {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    process.interrupt()
                    throw Timeout(waitingFor: "the process to end", output: output)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            // Let the pipe hand over what the process wrote last.
            try await Task.sleep(for: .milliseconds(100))
            return process.terminationStatus
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    struct Timeout: Error, CustomStringConvertible {
        let waitingFor: String
        let output: String
        var description: String { "gave up waiting for \(waitingFor); output so far:\n\(output)" }
    }

    /// A TCP port on the loopback interface that nothing listens on right now.
    static func freePort() throws -> Int {
        let socket = try FileDescriptorSocket()
        return try socket.boundPort()
    }

    /// A TCP port on the loopback interface that another program listens on, until the
    /// returned listener is closed.
    static func occupiedPort() throws -> (port: Int, listener: Int32) {
        let socket = try FileDescriptorSocket()
        return (try socket.listeningPort(), socket.descriptor)
    }

    /// The status and body of a GET.
    static func get(_ url: String) async throws -> (status: Int, body: String, response: HTTPURLResponse?) {
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
