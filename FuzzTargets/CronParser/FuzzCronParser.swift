import Foundation

// The libFuzzer entry point for the cron engine, compiled together with Sources/Cron/*.swift by
// scripts/fuzz-cron (swiftc -parse-as-library -sanitize=fuzzer,address). Outside the package's
// targets on purpose: `swift build` and `swift test` never see it.
//
// The first byte of an input picks the default zone and the instant to search from; the rest,
// as UTF-8 (invalid sequences repaired), is the expression. Any text must either be refused with
// a `CronParseError` naming a field, or give an expression whose explanation can be written and
// whose next slots are strictly increasing and agree with `nextFire(after:)`. A crash, a failed
// check or an address-sanitizer report is a finding.

/// Zones with the awkward rules: none, European DST, a southern-hemisphere DST with midnight
/// transitions, a half-hour DST, a 45-minute offset, a zone that skipped a whole day.
private let zones: [TimeZone] = [
    "UTC", "Europe/Paris", "America/Sao_Paulo", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia",
    "America/Havana", "Asia/Kathmandu",
].compactMap(TimeZone.init(identifier:))

/// Instants to search from: an ordinary day, the spring and autumn changes in Paris, the Samoa
/// day that did not exist, the Unix epoch, a date far in the future, and the year 1.
private let anchors: [Date] = [
    1_806_000_000, 1_806_192_000, 1_824_940_800, 1_325_246_400, 0, 250_000_000_000, -62_135_596_800,
].map { Date(timeIntervalSince1970: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCronParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let selector = Int(bytes.first ?? 0)
    let zone = zones[selector % zones.count]
    let anchor = anchors[(selector / zones.count) % anchors.count]
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)

    let expression: CronExpression
    do {
        expression = try CronExpression(text, timeZone: zone)
    } catch {
        guard error.description.hasPrefix(error.field.rawValue + ": ") else {
            fatalError("a refusal that does not name its field for \(text.debugDescription): \(error)")
        }
        return 0
    }
    guard !expression.explanation.isEmpty else { fatalError("no explanation for \(text.debugDescription)") }

    let slots = expression.nextSlots(after: anchor, count: 3)
    var previous = anchor
    for slot in slots {
        guard slot.instant > previous else {
            fatalError("slots not increasing for \(text.debugDescription) in \(zone.identifier) after \(anchor): \(slot.instant) <= \(previous)")
        }
        previous = slot.instant
    }
    guard expression.nextFire(after: anchor) == slots.first?.instant else {
        fatalError("nextFire disagrees with nextSlots for \(text.debugDescription) in \(zone.identifier) after \(anchor)")
    }
    return 0
}
