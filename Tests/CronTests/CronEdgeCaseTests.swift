import Foundation
import Testing

@testable import Cron

@Suite("Edge cases of the fire-time search")
struct CronEdgeCaseTests {
    let utc = TestSupport.zone("UTC")
    let paris = TestSupport.zone("Europe/Paris")

    @Test(
        "an expression that names no existing date never fires",
        arguments: [
            "0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *", "0 0 30-31 feb *", "0 0 31 apr-jun/2 *",
        ]
    )
    func neverFires(_ text: String) throws {
        let expression = try CronExpression(text, timeZone: paris)
        let start = TestSupport.instant("2027-01-01T00:00:00Z")
        #expect(expression.nextFire(after: start) == nil)
        #expect(expression.nextFires(after: start, count: 3).isEmpty)
        #expect(expression.nextSlot(after: start) == nil)
    }

    @Test("day 31 in a list of months fires in the months that have it")
    func thirtyFirst() throws {
        let expression = try CronExpression("0 0 31 */2 *", timeZone: utc)  // Jan, Mar, May, Jul, Sep, Nov
        #expect(
            expression.nextFires(after: TestSupport.instant("2027-02-01T00:00:00Z"), count: 4).map { TestSupport.text($0, utc) }
                == ["2027-03-31T00:00:00+00:00", "2027-05-31T00:00:00+00:00", "2027-07-31T00:00:00+00:00", "2028-01-31T00:00:00+00:00"]
        )
    }

    @Test("29 February waits for the next leap year, across 2100")
    func leapDay() throws {
        let expression = try CronExpression("0 12 29 2 *", timeZone: utc)
        let fires = expression.nextFires(after: TestSupport.instant("2096-03-01T00:00:00Z"), count: 2)
        #expect(fires.map { TestSupport.text($0, utc) } == ["2104-02-29T12:00:00+00:00", "2108-02-29T12:00:00+00:00"])
    }

    @Test("a rare day-of-month AND day-of-week combination is found decades ahead")
    func rareCombination() throws {
        // Day 29 of February AND a Sunday (`*/7` starts with `*`, so the fields AND).
        let expression = try CronExpression("0 0 29 2 */7", timeZone: utc)
        let fires = expression.nextFires(after: TestSupport.instant("2027-01-01T00:00:00Z"), count: 3)
        #expect(
            fires.map { TestSupport.text($0, utc) }
                == ["2032-02-29T00:00:00+00:00", "2060-02-29T00:00:00+00:00", "2088-02-29T00:00:00+00:00"]
        )
    }

    @Test("the day-of-month/day-of-week OR rule: Friday the 13th fires on every 13th and every Friday")
    func dayOrRule() throws {
        let either = try CronExpression("0 0 13 * 5", timeZone: utc)
        #expect(
            either.nextFires(after: TestSupport.instant("2027-08-01T00:00:00Z"), count: 4).map { TestSupport.text($0, utc) }
                == ["2027-08-06T00:00:00+00:00", "2027-08-13T00:00:00+00:00", "2027-08-20T00:00:00+00:00", "2027-08-27T00:00:00+00:00"]
        )
        let both = try CronExpression("0 0 */13 * 5", timeZone: utc)  // days 1, 14, 27 AND Friday
        #expect(
            both.nextFires(after: TestSupport.instant("2027-08-01T00:00:00Z"), count: 2).map { TestSupport.text($0, utc) }
                == ["2027-08-27T00:00:00+00:00", "2027-10-01T00:00:00+00:00"]
        )
    }

    @Test("strictly after: a start exactly on a fire time gives the next one; fractions of a second count")
    func strictlyAfter() throws {
        let expression = try CronExpression("*/15 * * * *", timeZone: utc)
        let onSlot = TestSupport.instant("2027-05-01T10:15:00Z")
        #expect(expression.nextFire(after: onSlot) == TestSupport.instant("2027-05-01T10:30:00Z"))
        #expect(expression.nextFire(after: onSlot.addingTimeInterval(-0.25)) == onSlot)
        #expect(expression.nextFire(after: onSlot.addingTimeInterval(0.25)) == TestSupport.instant("2027-05-01T10:30:00Z"))
    }

    @Test("a count of zero or less gives no fire times; dates outside the years 1-9999 give none")
    func degenerateArguments() throws {
        let expression = try CronExpression("0 2 * * *", timeZone: paris)
        #expect(expression.nextFires(after: TestSupport.instant("2027-01-01T00:00:00Z"), count: 0).isEmpty)
        #expect(expression.nextFires(after: TestSupport.instant("2027-01-01T00:00:00Z"), count: -3).isEmpty)
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: .nan)) == nil)
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: .infinity)) == nil)
        #expect(expression.nextFire(after: TestSupport.instant("9999-12-31T12:00:00Z")) == nil)
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: 1e13)) == nil)
        let first = try #require(expression.nextFire(after: Date(timeIntervalSince1970: -1e15)))
        #expect(TestSupport.text(first, TestSupport.zone("UTC")).hasPrefix("0001-01-01"))
    }

    @Test(
        "far outside the cached table (before 1900, after 2200) the rules still hold",
        arguments: [
            ("2400-03-25T12:00:00+01:00", "0 2 * * *", ["2400-03-26T03:00:00+02:00", "2400-03-27T02:00:00+02:00"]),
            ("2400-10-28T12:00:00+02:00", "30 2 * * *", ["2400-10-29T02:30:00+02:00", "2400-10-30T02:30:00+01:00"]),
            (
                "2400-10-29T01:50:00+02:00", "*/30 * * * *",
                [
                    "2400-10-29T02:00:00+02:00", "2400-10-29T02:30:00+02:00",
                    "2400-10-29T02:00:00+01:00", "2400-10-29T02:30:00+01:00",
                ]
            ),
            ("1890-06-01T00:00:00+00:09", "0 12 * * *", ["1890-06-01T12:00:00+00:09", "1890-06-02T12:00:00+00:09"]),
        ]
    )
    func outsideTheTable(after: String, text: String, fires: [String]) throws {
        let expression = try CronExpression(text, timeZone: paris)
        let actual = expression.nextFires(after: TestSupport.instant(after), count: fires.count)
        #expect(actual.map { TestSupport.text($0, paris) } == fires)
    }

    @Test("next fires are strictly increasing and chain from one to the next")
    func chaining() throws {
        let expression = try CronExpression("0 2 * * *", timeZone: paris)
        let start = TestSupport.instant("2027-01-01T00:00:00Z")
        let fires = expression.nextFires(after: start, count: 400)
        #expect(fires.count == 400)
        #expect(zip(fires, fires.dropFirst()).allSatisfy { $0 < $1 })
        var chained: [Date] = []
        var cursor = start
        for _ in 0..<400 {
            guard let next = expression.nextFire(after: cursor) else { break }
            chained.append(next)
            cursor = next
        }
        #expect(chained == fires)
    }

    @Test("a fixed UTC offset zone has no gaps or folds")
    func fixedOffsetZone() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 5 * 3600 + 1800))
        let expression = try CronExpression("0 2 * * *", timeZone: zone)
        #expect(
            expression.nextFires(after: TestSupport.instant("2027-03-26T00:00:00Z"), count: 3).map { TestSupport.text($0, zone) }
                == ["2027-03-27T02:00:00+05:30", "2027-03-28T02:00:00+05:30", "2027-03-29T02:00:00+05:30"]
        )
    }
}
