import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis doctor`: the set-up checklist, each line passed or failed with its fix.
public struct DoctorCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the set-up (secret, database, schedules, last runs, zone, port, keys, disk); exit non-zero on any failure."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var zone: ZoneOptions

    @Flag(help: "Print the checks as JSON.")
    var json = false

    public init() {}

    public func run() async throws {
        let appliance = try await ProcessSettings.appliance(store: store, server: server, zone: zone)
        let configuration = appliance.configuration
        let environment = Doctor.Environment(
            port: PortProbe.probe(host: configuration.host, port: configuration.port),
            freeDiskBytes: Self.freeBytes(nearFile: configuration.databasePath),
            timeZoneExplicit: zone.timezone != nil || ProcessInfo.processInfo.environment["JARVIS_TIMEZONE"] != nil
        )
        let checks = await Doctor(appliance: appliance, environment: environment).run()
        let failed = checks.filter { $0.status == .fail }.count
        if json {
            struct Report: Encodable {
                let ok: Bool
                let checks: [DoctorCheck]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Report(ok: failed == 0, checks: checks)), as: UTF8.self))
        } else {
            for check in checks {
                print("\(check.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(check.name): \(check.detail)")
                if let fix = check.fix { print("      fix: \(fix)") }
            }
            print(failed == 0 ? "\nall checks passed" : "\n\(failed) check(s) failed")
        }
        if failed > 0 { throw ExitCode.failure }
    }

    static func freeBytes(nearFile path: String) -> Int64? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var stats = statvfs()
        guard statvfs(folder, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }
}

/// Finds out what listens on a TCP port: nothing, jarvis (its `/api/health` says ok), or
/// another program.
enum PortProbe {
    static func probe(host: String, port: Int) -> Doctor.Environment.Port {
        var hints = addrinfo(
            ai_flags: 0,
            ai_family: AF_UNSPEC,
            ai_socktype: Int32(SOCK_STREAM.rawValue),
            ai_protocol: 0,
            ai_addrlen: 0,
            ai_addr: nil,
            ai_canonname: nil,
            ai_next: nil
        )
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return .free }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return .free }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return .free }
        let request = "GET /api/health HTTP/1.0\r\nHost: \(host)\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var response = [UInt8]()
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            response.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: response, as: UTF8.self)
        return text.hasPrefix("HTTP/1.1 200") && text.contains("\"status\":\"ok\"") ? .jarvisAnswering : .takenByAnotherProgram
    }
}
