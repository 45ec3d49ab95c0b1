// cron-bench: how many next-fire computations per second `CronExpression` does.
//
//     swift run -c release cron-bench [rounds] [iterations]
//
// For each expression (the four default schedules of DESIGN.md and `*/15 * * * *`, in
// Europe/Paris), it chains `nextFire(after:)` from 2027-01-01 for `iterations` calls,
// starting over from 2027-01-01 whenever the chain passes 2037 (so every daylight-saving
// transition of ten years is crossed, as a scheduler running for years would), repeats
// that `rounds` times, and prints the median rate. This is a measurement, not a test:
// nothing fails when the machine is slow.
import Cron
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let rounds = arguments.count > 0 ? max(1, arguments[0]) : 7
let iterations = arguments.count > 1 ? max(1, arguments[1]) : 1_000_000

guard let paris = TimeZone(identifier: "Europe/Paris") else {
    fatalError("Europe/Paris is missing from the system's time zone database")
}
let expressions = ["0 2 * * *", "0 3 * * *", "0 4 * * *", "0 6 * * 1", "*/15 * * * *"]
let start = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01T00:00:00Z
let wrap = Date(timeIntervalSince1970: 2_114_380_800)  // 2037-01-01T00:00:00Z

/// Monotonic seconds, for timing only.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

print("cron-bench: \(rounds) rounds of \(iterations) chained nextFire(after:) calls per expression, Europe/Paris")

// The first expression in a zone builds the zone's offset table (1900-2200); time it once.
let tableStarted = monotonicSeconds()
_ = try? CronExpression("0 2 * * *", timeZone: paris)
print("first expression in Europe/Paris (builds the offset table): \(String(format: "%.3f", (monotonicSeconds() - tableStarted) * 1000)) ms")
var results: [(String, Double)] = []
for text in expressions {
    let expression: CronExpression
    do {
        expression = try CronExpression(text, timeZone: paris)
    } catch {
        fatalError("\(text): \(error)")
    }
    var rates: [Double] = []
    var checksum = 0.0
    for _ in 0..<rounds {
        var date = start
        let began = monotonicSeconds()
        for _ in 0..<iterations {
            guard let next = expression.nextFire(after: date) else { break }
            date = next < wrap ? next : start
        }
        let elapsed = monotonicSeconds() - began
        checksum += date.timeIntervalSince1970
        rates.append(Double(iterations) / elapsed)
    }
    rates.sort()
    let median = rates[rates.count / 2]
    results.append((text, median))
    let padded = text.padding(toLength: 14, withPad: " ", startingAt: 0)
    print(
        "\(padded) \(String(format: "%12.0f", median)) next-fire/s  (min \(String(format: "%.0f", rates.first!)), max \(String(format: "%.0f", rates.last!)); checksum \(Int(checksum) % 1000))"
    )
}
let slowest = results.map(\.1).min() ?? 0
print("slowest median: \(String(format: "%.0f", slowest)) next-fire/s (target 1,000,000)")
