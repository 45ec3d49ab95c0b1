import Foundation

/// A calendar date without a time or a zone (`2027-03-22`): a day as a gym's staff name it.
///
/// Arithmetic is on day numbers (days since 1970-01-01, proleptic Gregorian), so adding days
/// and finding weekdays never goes through a `Calendar`.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Days since 1970-01-01.
    public var dayNumber: Int { Timestamp.daysSinceEpoch(year: year, month: month, day: day) }

    /// The date of a day number.
    public init(dayNumber: Int) {
        let date = Timestamp.civilDate(daysSinceEpoch: Int64(dayNumber))
        self.year = date.year
        self.month = date.month
        self.day = date.day
    }

    /// A valid date; nil for `2027-02-30` and the like.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1 else { return nil }
        let normalised = LocalDate(dayNumber: Timestamp.daysSinceEpoch(year: year, month: month, day: day))
        guard normalised.year == year, normalised.month == month, normalised.day == day else { return nil }
        self = normalised
    }

    /// Parses `YYYY-MM-DD`, as stored in `insights_reports.period_start`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date that `zone`'s clocks show at `instant`.
    public init(_ instant: Date, in zone: TimeZone) {
        let local = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(zone.secondsFromGMT(for: instant))
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        self.init(dayNumber: Int(days))
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((dayNumber + 3) % 7 + 7) % 7 + 1
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// `2027-03-22`.
    public var description: String { Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) }

    /// `22/03/2027`, as French readers write a date.
    public var frenchNumeric: String { Self.pad(day, 2) + "/" + Self.pad(month, 2) + "/" + Self.pad(year, 4) }

    /// The first instant of this day in `zone`: local midnight, or, where midnight does not
    /// exist (a zone that springs forward at 00:00), the first instant after the gap. Where
    /// midnight happens twice (a fold at 00:00), the first of the two.
    public func start(in zone: TimeZone) -> Date {
        let local = TimeInterval(dayNumber) * 86_400
        // The offsets on either side of the day cover every offset in force around midnight.
        let offsets = Set([
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: local - 2 * 86_400)),
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: local)),
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 2 * 86_400)),
        ])
        let valid =
            offsets
            .map { Date(timeIntervalSince1970: local - TimeInterval($0)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(local - $0.timeIntervalSince1970) }
        if let first = valid.min() { return first }
        // Midnight falls in a gap: the day begins when the clocks jump.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let noon = Date(
            timeIntervalSince1970: local + 12 * 3600 - TimeInterval(zone.secondsFromGMT(for: Date(timeIntervalSince1970: local + 12 * 3600)))
        )
        return calendar.startOfDay(for: noon)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
