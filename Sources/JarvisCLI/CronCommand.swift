import ArgumentParser
import Cron
import Foundation
import JarvisCore

/// `jarvis cron next | explain`: try a cron expression without touching the store.
///
/// ```
/// $ jarvis cron next "0 2 * * *" --tz Europe/Paris --after 2027-03-27T12:00:00+01:00 --count 2
/// 2027-03-28T03:00:00+02:00
/// 2027-03-29T02:00:00+02:00
/// $ jarvis cron explain "0 6 * * 1"
/// at 06:00 on Monday (Europe/Paris)
/// ```
///
/// The zone is `--tz`, else `JARVIS_TIMEZONE`, else the system's; a `CRON_TZ=` prefix in
/// the expression wins over all three. Invalid input prints one line on standard error,
/// nothing on standard output, and exits with a non-zero status.
public struct CronCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cron",
        abstract: "Show when a cron expression fires, or what it means.",
        subcommands: [Next.self, Explain.self]
    )

    public init() {}

    /// `jarvis cron next "<expr>" [--tz Area/City] [--after <RFC 3339>] [--count N]`.
    struct Next: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the next fire times, one RFC 3339 timestamp with the local offset per line."
        )

        @Argument(help: "A cron expression, e.g. \"0 2 * * *\", \"*/15 * * * *\", \"@daily\".")
        var expression: String

        @OptionGroup var zone: CronZoneOption

        @Option(help: "Start after this instant, RFC 3339 with an offset or Z (default: now).")
        var after: String?

        @Option(help: "How many fire times to print (1-10000, default 5).")
        var count: String?

        func run() async throws {
            let zone = try zone.resolve(environment: ProcessInfo.processInfo.environment)
            let parsed = try CronCommand.parse(expression, zone)
            let start = try after.map(CronCommand.instant) ?? Date()
            let count = try CronCommand.count(count)
            let fires = parsed.nextFires(after: start, count: count)
            guard !fires.isEmpty else {
                throw CommandFailure("\(expression): never fires (\(parsed.explanation))")
            }
            print(fires.map { RFC3339Timestamp.string(from: $0, in: parsed.timeZone) }.joined(separator: "\n"))
        }
    }

    /// `jarvis cron explain "<expr>" [--tz Area/City]`.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Describe a cron expression in plain words.")

        @Argument(help: "A cron expression, e.g. \"0 2 * * *\".")
        var expression: String

        @OptionGroup var zone: CronZoneOption

        func run() async throws {
            let zone = try zone.resolve(environment: ProcessInfo.processInfo.environment)
            print(try CronCommand.parse(expression, zone).explanation)
        }
    }

    static func parse(_ text: String, _ zone: TimeZone) throws -> CronExpression {
        do {
            return try CronExpression(text, timeZone: zone)
        } catch {
            throw CommandFailure(String(describing: error))
        }
    }

    static func instant(_ text: String) throws -> Date {
        guard let date = RFC3339Timestamp.date(from: text) else {
            throw CommandFailure("--after: '\(text)' is not an RFC 3339 instant such as 2027-03-27T12:00:00+01:00 or 2027-03-27T11:00:00Z")
        }
        return date
    }

    static func count(_ text: String?) throws -> Int {
        guard let text else { return 5 }
        guard let count = Int(text), (1...10_000).contains(count) else {
            throw CommandFailure("--count: '\(text)' is not a number from 1 to 10000")
        }
        return count
    }
}

/// `--tz`: the zone of an expression without `CRON_TZ=`.
struct CronZoneOption: ParsableArguments {
    @Option(name: .customLong("tz"), help: "IANA time zone, e.g. Europe/Paris (default: JARVIS_TIMEZONE, else the system's).")
    var name: String?

    /// `--tz`, else `JARVIS_TIMEZONE` (when set and not empty), else the system's zone;
    /// a name that is not an IANA zone is an error naming where it came from.
    func resolve(environment: [String: String]) throws -> TimeZone {
        if let name { return try AppConfiguration.parseTimeZone(name, setting: "--tz") }
        if let name = environment["JARVIS_TIMEZONE"], !name.isEmpty {
            return try AppConfiguration.parseTimeZone(name, setting: "JARVIS_TIMEZONE")
        }
        return TimeZone.current
    }
}
