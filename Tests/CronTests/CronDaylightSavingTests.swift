import Foundation
import Testing

@testable import Cron

/// Next-fire tables across the 2027 daylight-saving transitions.
///
/// - Europe/Paris: 2027-03-28 02:00 → 03:00 (gap), 2027-10-31 03:00 → 02:00 (02:00-03:00 twice).
/// - America/New_York: 2027-03-14 02:00 → 03:00, 2027-11-07 02:00 → 01:00 (01:00-02:00 twice).
/// - Australia/Lord_Howe (half-hour shift): 2027-04-04 02:00 → 01:30 (01:30-02:00 twice),
///   2027-10-03 02:00 → 02:30 (gap 02:00-02:30).
@Suite("Fire times across daylight saving transitions")
struct CronDaylightSavingTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var zone: String
        var expression: String
        var after: String
        var fires: [String]
        /// Nominal wall times of the fires whose instant differs from them (gap shifts), by index.
        var nominal: [Int: String] = [:]
        var testDescription: String { "\(expression) in \(zone) after \(after)" }
    }

    static let paris: [Row] = [
        // Gap: fixed-time jobs inside it run once at 03:00.
        Row(
            zone: "Europe/Paris",
            expression: "0 2 * * *",
            after: "2027-03-27T12:00:00+01:00",
            fires: ["2027-03-28T03:00:00+02:00", "2027-03-29T02:00:00+02:00"],
            nominal: [0: "2027-03-28T02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 2 * * *",
            after: "2027-03-27T12:00:00+01:00",
            fires: ["2027-03-28T03:00:00+02:00", "2027-03-29T02:30:00+02:00"],
            nominal: [0: "2027-03-28T02:30"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0,30 2 * * *",
            after: "2027-03-28T01:00:00+01:00",
            fires: ["2027-03-28T03:00:00+02:00", "2027-03-29T02:00:00+02:00", "2027-03-29T02:30:00+02:00"],
            nominal: [0: "2027-03-28T02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 2,3 * * *",
            after: "2027-03-28T01:00:00+01:00",
            fires: ["2027-03-28T03:00:00+02:00", "2027-03-28T03:30:00+02:00", "2027-03-29T02:30:00+02:00"],
            nominal: [0: "2027-03-28T02:30"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 2 * * *",
            after: "2027-03-28T03:00:00+02:00",
            fires: ["2027-03-29T02:00:00+02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 3 * * *",
            after: "2027-03-27T12:00:00+01:00",
            fires: ["2027-03-28T03:00:00+02:00", "2027-03-29T03:00:00+02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 4 * * *",
            after: "2027-03-27T12:00:00+01:00",
            fires: ["2027-03-28T04:00:00+02:00", "2027-03-29T04:00:00+02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 6 * * 1",
            after: "2027-03-27T12:00:00+01:00",
            fires: ["2027-03-29T06:00:00+02:00", "2027-04-05T06:00:00+02:00"]
        ),
        // Gap: wildcard slots inside it do not exist.
        Row(
            zone: "Europe/Paris",
            expression: "0 */2 * * *",
            after: "2027-03-27T23:30:00+01:00",
            fires: ["2027-03-28T00:00:00+01:00", "2027-03-28T04:00:00+02:00", "2027-03-28T06:00:00+02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "*/15 * * * *",
            after: "2027-03-28T01:30:00+01:00",
            fires: ["2027-03-28T01:45:00+01:00", "2027-03-28T03:00:00+02:00", "2027-03-28T03:15:00+02:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 * * * *",
            after: "2027-03-28T00:45:00+01:00",
            fires: ["2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00"]
        ),
        // Fold: fixed-time jobs run once, on the first pass.
        Row(
            zone: "Europe/Paris",
            expression: "30 2 * * *",
            after: "2027-10-30T12:00:00+02:00",
            fires: ["2027-10-31T02:30:00+02:00", "2027-11-01T02:30:00+01:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 2 * * *",
            after: "2027-10-30T12:00:00+02:00",
            fires: ["2027-10-31T02:00:00+02:00", "2027-11-01T02:00:00+01:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 2 * * *",
            after: "2027-10-31T02:15:00+02:00",
            fires: ["2027-10-31T02:30:00+02:00", "2027-11-01T02:30:00+01:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 2 * * *",
            after: "2027-10-31T02:40:00+02:00",
            fires: ["2027-11-01T02:30:00+01:00"]
        ),
        // From inside the second pass the next fire is never in the past.
        Row(
            zone: "Europe/Paris",
            expression: "30 2 * * *",
            after: "2027-10-31T02:15:00+01:00",
            fires: ["2027-11-01T02:30:00+01:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0,30 2-3 * * *",
            after: "2027-10-31T02:15:00+01:00",
            fires: ["2027-10-31T03:00:00+01:00", "2027-10-31T03:30:00+01:00", "2027-11-01T02:00:00+01:00"]
        ),
        // Fold: wildcard jobs run in both passes.
        Row(
            zone: "Europe/Paris",
            expression: "*/15 * * * *",
            after: "2027-10-31T01:50:00+02:00",
            fires: [
                "2027-10-31T02:00:00+02:00", "2027-10-31T02:15:00+02:00", "2027-10-31T02:30:00+02:00",
                "2027-10-31T02:45:00+02:00", "2027-10-31T02:00:00+01:00", "2027-10-31T02:15:00+01:00",
                "2027-10-31T02:30:00+01:00", "2027-10-31T02:45:00+01:00", "2027-10-31T03:00:00+01:00",
            ]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "*/15 * * * *",
            after: "2027-10-31T02:20:00+01:00",
            fires: ["2027-10-31T02:30:00+01:00", "2027-10-31T02:45:00+01:00", "2027-10-31T03:00:00+01:00"]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "30 * * * *",
            after: "2027-10-31T01:00:00+02:00",
            fires: [
                "2027-10-31T01:30:00+02:00", "2027-10-31T02:30:00+02:00", "2027-10-31T02:30:00+01:00",
                "2027-10-31T03:30:00+01:00",
            ]
        ),
        Row(
            zone: "Europe/Paris",
            expression: "0 */2 * * *",
            after: "2027-10-30T23:30:00+02:00",
            fires: [
                "2027-10-31T00:00:00+02:00", "2027-10-31T02:00:00+02:00", "2027-10-31T02:00:00+01:00",
                "2027-10-31T04:00:00+01:00",
            ]
        ),
    ]

    static let newYork: [Row] = [
        Row(
            zone: "America/New_York",
            expression: "0 2 * * *",
            after: "2027-03-13T12:00:00-05:00",
            fires: ["2027-03-14T03:00:00-04:00", "2027-03-15T02:00:00-04:00"],
            nominal: [0: "2027-03-14T02:00"]
        ),
        Row(
            zone: "America/New_York",
            expression: "59 2 * * *",
            after: "2027-03-13T12:00:00-05:00",
            fires: ["2027-03-14T03:00:00-04:00", "2027-03-15T02:59:00-04:00"],
            nominal: [0: "2027-03-14T02:59"]
        ),
        Row(
            zone: "America/New_York",
            expression: "0 * * * *",
            after: "2027-03-14T00:30:00-05:00",
            fires: ["2027-03-14T01:00:00-05:00", "2027-03-14T03:00:00-04:00", "2027-03-14T04:00:00-04:00"]
        ),
        Row(
            zone: "America/New_York",
            expression: "30 1 * * *",
            after: "2027-11-06T12:00:00-04:00",
            fires: ["2027-11-07T01:30:00-04:00", "2027-11-08T01:30:00-05:00"]
        ),
        Row(
            zone: "America/New_York",
            expression: "30 1 * * *",
            after: "2027-11-07T01:10:00-05:00",
            fires: ["2027-11-08T01:30:00-05:00"]
        ),
        Row(
            zone: "America/New_York",
            expression: "0 2 * * *",
            after: "2027-11-06T12:00:00-04:00",
            fires: ["2027-11-07T02:00:00-05:00", "2027-11-08T02:00:00-05:00"]
        ),
        Row(
            zone: "America/New_York",
            expression: "*/20 * * * *",
            after: "2027-11-07T00:50:00-04:00",
            fires: [
                "2027-11-07T01:00:00-04:00", "2027-11-07T01:20:00-04:00", "2027-11-07T01:40:00-04:00",
                "2027-11-07T01:00:00-05:00", "2027-11-07T01:20:00-05:00", "2027-11-07T01:40:00-05:00",
                "2027-11-07T02:00:00-05:00",
            ]
        ),
    ]

    static let lordHowe: [Row] = [
        // Gap 02:00-02:30: fixed-time 02:00 and 02:15 shift to 02:30; 02:30 exists.
        Row(
            zone: "Australia/Lord_Howe",
            expression: "0 2 * * *",
            after: "2027-10-02T12:00:00+10:30",
            fires: ["2027-10-03T02:30:00+11:00", "2027-10-04T02:00:00+11:00"],
            nominal: [0: "2027-10-03T02:00"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "15 2 * * *",
            after: "2027-10-02T12:00:00+10:30",
            fires: ["2027-10-03T02:30:00+11:00", "2027-10-04T02:15:00+11:00"],
            nominal: [0: "2027-10-03T02:15"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "30 2 * * *",
            after: "2027-10-02T12:00:00+10:30",
            fires: ["2027-10-03T02:30:00+11:00", "2027-10-04T02:30:00+11:00"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "0,15,30 2 * * *",
            after: "2027-10-03T01:00:00+10:30",
            fires: [
                "2027-10-03T02:30:00+11:00", "2027-10-04T02:00:00+11:00", "2027-10-04T02:15:00+11:00",
                "2027-10-04T02:30:00+11:00",
            ],
            nominal: [0: "2027-10-03T02:00"]
        ),
        // Wildcard slots inside the half-hour gap do not exist; 02:30 does.
        Row(
            zone: "Australia/Lord_Howe",
            expression: "*/15 * * * *",
            after: "2027-10-03T01:40:00+10:30",
            fires: ["2027-10-03T01:45:00+10:30", "2027-10-03T02:30:00+11:00", "2027-10-03T02:45:00+11:00"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "0 * * * *",
            after: "2027-10-03T00:30:00+10:30",
            fires: ["2027-10-03T01:00:00+10:30", "2027-10-03T03:00:00+11:00"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "30 * * * *",
            after: "2027-10-03T00:45:00+10:30",
            fires: ["2027-10-03T01:30:00+10:30", "2027-10-03T02:30:00+11:00", "2027-10-03T03:30:00+11:00"]
        ),
        // Fold 01:30-02:00: fixed-time once on the first pass, wildcard twice.
        Row(
            zone: "Australia/Lord_Howe",
            expression: "45 1 * * *",
            after: "2027-04-03T12:00:00+11:00",
            fires: ["2027-04-04T01:45:00+11:00", "2027-04-05T01:45:00+10:30"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "45 1 * * *",
            after: "2027-04-04T01:35:00+10:30",
            fires: ["2027-04-05T01:45:00+10:30"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "0 2 * * *",
            after: "2027-04-03T12:00:00+11:00",
            fires: ["2027-04-04T02:00:00+10:30", "2027-04-05T02:00:00+10:30"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "15 1 * * *",
            after: "2027-04-03T12:00:00+11:00",
            fires: ["2027-04-04T01:15:00+11:00", "2027-04-05T01:15:00+10:30"]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "*/15 * * * *",
            after: "2027-04-04T01:20:00+11:00",
            fires: [
                "2027-04-04T01:30:00+11:00", "2027-04-04T01:45:00+11:00", "2027-04-04T01:30:00+10:30",
                "2027-04-04T01:45:00+10:30", "2027-04-04T02:00:00+10:30",
            ]
        ),
        Row(
            zone: "Australia/Lord_Howe",
            expression: "36 * * * *",
            after: "2027-04-04T00:50:00+11:00",
            fires: ["2027-04-04T01:36:00+11:00", "2027-04-04T01:36:00+10:30", "2027-04-04T02:36:00+10:30"]
        ),
    ]

    @Test("Europe/Paris", arguments: paris)
    func europeParis(_ row: Row) throws { try check(row) }

    @Test("America/New_York", arguments: newYork)
    func americaNewYork(_ row: Row) throws { try check(row) }

    @Test("Australia/Lord_Howe (30-minute shift)", arguments: lordHowe)
    func australiaLordHowe(_ row: Row) throws { try check(row) }

    private func check(_ row: Row) throws {
        let zone = TestSupport.zone(row.zone)
        let expression = try CronExpression(row.expression, timeZone: zone)
        let after = TestSupport.instant(row.after)
        let slots = expression.nextSlots(after: after, count: row.fires.count)
        #expect(slots.map { TestSupport.text($0.instant, zone) } == row.fires)
        #expect(expression.nextFires(after: after, count: row.fires.count).map { TestSupport.text($0, zone) } == row.fires)
        if let first = slots.first {
            #expect(expression.nextFire(after: after) == first.instant)
        }
        for (index, slot) in slots.enumerated() {
            let local = LocalDateTime(slot.instant, in: zone)
            #expect(slot.nominal.description == (row.nominal[index] ?? local.description), "slot \(index)")
        }
    }

    // MARK: Never in the past

    static let foldStarts: [(zone: String, firstPassStart: String)] = [
        ("Europe/Paris", "2027-10-31T02:00:00+02:00"),
        ("America/New_York", "2027-11-07T01:00:00-04:00"),
        ("Australia/Lord_Howe", "2027-04-04T01:30:00+11:00"),
    ]

    @Test(
        "from any start inside a repeated interval, the next fire is after the start",
        arguments: [
            "30 2 * * *", "0,30 1-2 * * *", "45 1 * * *", "*/15 * * * *", "30 * * * *", "0 */2 * * *",
            "0-59/7 1,2 * * *", "@daily", "* * * * *",
        ]
    )
    func neverInThePast(_ text: String) throws {
        for (zoneName, start) in Self.foldStarts {
            let zone = TestSupport.zone(zoneName)
            let expression = try CronExpression(text, timeZone: zone)
            let firstPass = TestSupport.instant(start)
            // Every 50 seconds through both passes (two hours of instants).
            for step in 0..<144 {
                let after = firstPass.addingTimeInterval(Double(step * 50))
                let fires = expression.nextFires(after: after, count: 3)
                #expect(fires.count == 3)
                #expect(fires.first.map { $0 > after } ?? false, "\(text) in \(zoneName) after \(TestSupport.text(after, zone))")
                #expect(zip(fires, fires.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
    }

    @Test(
        "a fixed-time job fires once per day across a whole year of transitions",
        arguments: ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Havana"]
    )
    func oncePerDay(_ zoneName: String) throws {
        let zone = TestSupport.zone(zoneName)
        for text in ["0 2 * * *", "30 2 * * *", "0 0 * * *", "45 1 * * *"] {
            let expression = try CronExpression(text, timeZone: zone)
            let fires = expression.nextFires(after: TestSupport.instant("2027-01-01T00:00:00Z"), count: 365)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let days = fires.map { calendar.dateComponents([.year, .month, .day], from: $0) }
            #expect(Set(days).count == 365, "\(text) in \(zoneName)")
            #expect(days.last == DateComponents(year: 2027, month: 12, day: 31) || days.last == DateComponents(year: 2028, month: 1, day: 1))
        }
    }
}
