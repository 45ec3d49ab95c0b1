import Foundation

/// An ISO 8601 week (`2027-W12`): Monday to Sunday, numbered within the ISO year that holds its
/// Thursday, so 2026-12-28 … 2027-01-03 is `2026-W53`.
public struct ISOWeek: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The ISO year (the year of the week's Thursday), not always the Monday's year.
    public let year: Int
    /// 1 … 52, or 53 in a year that has 53 weeks.
    public let week: Int
    /// The week's Monday.
    public let monday: LocalDate

    /// The week that contains `date`.
    public init(containing date: LocalDate) {
        let monday = date.adding(days: 1 - date.isoWeekday)
        let thursday = monday.adding(days: 3)
        let januaryFirst = LocalDate(year: thursday.year, month: 1, day: 1)!
        self.year = thursday.year
        self.week = (thursday.dayNumber - januaryFirst.dayNumber) / 7 + 1
        self.monday = monday
    }

    /// Week `week` of ISO year `year`; nil when that year has no such week.
    public init?(year: Int, week: Int) {
        guard week >= 1, week <= Self.weeks(inYear: year) else { return nil }
        // 4 January is always in week 1.
        let fourth = LocalDate(year: year, month: 1, day: 4)!
        self.init(containing: fourth.adding(days: 7 * (week - 1)))
    }

    /// Parses `YYYY-Www` (e.g. `2027-W12`, `2026-W53`); nil for anything else or a week the
    /// year does not have.
    public init?(_ text: String) {
        guard let week = try? Self.parse(text) else { return nil }
        self = week
    }

    /// Parses `YYYY-Www` with weeks 01 to 53: the one reading of an ISO week, whatever edge
    /// it comes from. Anything else is an `invalidInput` error naming `field`; a well-formed
    /// week that its year does not have (`2027-W53`: 2027 has 52) is `notFound`, since no
    /// report can exist for it.
    public static func parse(_ text: String, field: String = "week") throws -> ISOWeek {
        let bytes = Array(text.utf8)
        let digits = { (range: Range<Int>) -> Int? in
            var value = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index]) - 48
            }
            return value
        }
        guard bytes.count == 8, bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W"),
            let year = digits(0..<4), let number = digits(6..<8), (1...53).contains(number)
        else {
            throw JarvisError.invalid(field, "\(field): '\(text)' is not an ISO week; expected YYYY-Www, e.g. 2027-W12 (weeks 01 to 53)")
        }
        guard year >= 1, let week = ISOWeek(year: year, week: number) else {
            throw JarvisError.notFound("\(text) does not exist: \(year) has \(year >= 1 ? Self.weeks(inYear: year) : 0) ISO weeks", field: field)
        }
        return week
    }

    /// 52 or 53: a year has 53 ISO weeks when 28 December falls in week 53.
    public static func weeks(inYear year: Int) -> Int {
        guard let december28 = LocalDate(year: year, month: 12, day: 28) else { return 52 }
        let monday = december28.adding(days: 1 - december28.isoWeekday)
        let thursday = monday.adding(days: 3)
        let januaryFirst = LocalDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.dayNumber - januaryFirst.dayNumber) / 7 + 1
    }

    /// The week's Sunday.
    public var sunday: LocalDate { monday.adding(days: 6) }

    /// The week before.
    public var previous: ISOWeek { ISOWeek(containing: monday.adding(days: -7)) }

    /// `2027-W12`.
    public var description: String {
        String(year) + "-W" + (week < 10 ? "0" : "") + String(week)
    }

    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { lhs.monday < rhs.monday }
}
