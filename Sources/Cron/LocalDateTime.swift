import Foundation

/// A wall-clock time to the minute, without a zone: what a cron expression names.
///
/// On the spring-forward day in Europe/Paris, `0 2 * * *` names 2027-03-28T02:00 even
/// though that wall time does not exist and the job fires at 03:00; the scheduler stores
/// this nominal time beside the UTC instant so that jobs compute their period from it.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int

    /// A wall time; the components are taken as given (normalise them yourself).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    /// The wall time that `zone`'s clocks show at `date`, truncated to the minute.
    public init(_ date: Date, in zone: TimeZone) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(zone.secondsFromGMT(for: date))
        self.init(localSeconds: seconds)
    }

    /// Local seconds counted from 1970-01-01T00:00 wall time.
    init(localSeconds: Int64) {
        let days = CivilCalendar.floorDivide(localSeconds, 86_400)
        let secondOfDay = Int(localSeconds - days * 86_400)
        let date = CivilCalendar.date(days: Int(days))
        self.init(
            year: date.year,
            month: date.month,
            day: date.day,
            hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60
        )
    }

    /// Local seconds counted from 1970-01-01T00:00 wall time.
    var localSeconds: Int64 {
        let days = CivilCalendar.days(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    /// ISO 8601 without seconds or offset, e.g. `2027-03-28T02:00`.
    public var description: String {
        let yearText: String
        if year < 0 {
            yearText = "-" + Self.pad(-year, 4)
        } else {
            yearText = Self.pad(year, 4)
        }
        return "\(yearText)-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(hour, 2)):\(Self.pad(minute, 2))"
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute) < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
