import Foundation

/// RFC 3339 timestamps with an explicit offset, as the CLI reads and prints them.
///
/// Printing always writes the offset of the zone at that instant with a colon, `+00:00`
/// for UTC (never `Z`), e.g. `2027-03-28T03:00:00+02:00`, so a line shows the local wall
/// time and the offset together. Reading accepts `Z`/`z` or `±HH:MM`, `T`/`t` or a space
/// between date and time, optional seconds and optional fractional seconds.
public enum RFC3339Timestamp {
    /// `2027-03-28T03:00:00+02:00`: the wall time in `zone` at `date` (whole seconds,
    /// rounded down) and its offset.
    public static func string(from date: Date, in zone: TimeZone) -> String {
        let unix = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(unix))))
        let local = unix + offset
        let days = CivilCalendar.floorDivide(local, 86_400)
        let secondOfDay = Int(local - days * 86_400)
        let civil = CivilCalendar.date(days: Int(days))
        let sign = offset < 0 ? "-" : "+"
        let offsetMinutes = Int(abs(offset)) / 60
        return "\(pad(civil.year, 4))-\(pad(civil.month, 2))-\(pad(civil.day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))"
            + "\(sign)\(pad(offsetMinutes / 60, 2)):\(pad(offsetMinutes % 60, 2))"
    }

    /// The instant a timestamp such as `2027-03-27T12:00:00+01:00`, `2027-03-27T11:00Z` or
    /// `2027-03-27T11:00:00.250Z` denotes; `nil` if the text is not of that form or names
    /// a date or time that does not exist (2027-02-30, 24:00).
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(utf8: $0) }
    }

    /// ``date(from:)`` on UTF-8 bytes, as a file or SQLite holds them: bulk imports parse
    /// millions of instants, and this makes no `String` nor array for any of them.
    public static func date(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = Scanner(bytes)
        guard let year = scanner.number(digits: 4), scanner.take("-"),
            let month = scanner.number(digits: 2), scanner.take("-"),
            let day = scanner.number(digits: 2),
            scanner.take("T") || scanner.take("t") || scanner.take(" "),
            let hour = scanner.number(digits: 2), scanner.take(":"),
            let minute = scanner.number(digits: 2)
        else { return nil }
        var second = 0
        var fraction = 0.0
        if scanner.take(":") {
            guard let value = scanner.number(digits: 2) else { return nil }
            second = value
            if scanner.take(".") {
                guard let (digits, count) = scanner.fraction(), count > 0 else { return nil }
                fraction = Double(digits) / pow(10, Double(min(count, Scanner.maxFractionDigits)))
            }
        }
        let offset: Int
        if scanner.take("Z") || scanner.take("z") {
            offset = 0
        } else {
            let negative: Bool
            if scanner.take("+") {
                negative = false
            } else if scanner.take("-") {
                negative = true
            } else {
                return nil
            }
            guard let hours = scanner.number(digits: 2), scanner.take(":"),
                let minutes = scanner.number(digits: 2), hours <= 23, minutes <= 59
            else { return nil }
            offset = (negative ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd,
            (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: Double(local - Int64(offset)) + fraction)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// A cursor over ASCII bytes.
    private struct Scanner {
        /// Fraction digits past this many are read and dropped: a `Double` holds no more.
        static let maxFractionDigits = 15

        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
            index += 1
            return true
        }

        /// Exactly `digits` ASCII digits as a number.
        mutating func number(digits count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        /// All ASCII digits from here on: the value of the first ``maxFractionDigits`` of
        /// them, and how many there are.
        mutating func fraction() -> (value: Int, count: Int)? {
            var value = 0
            var count = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if count < Self.maxFractionDigits { value = value * 10 + Int(bytes[index] - 0x30) }
                count += 1
                index += 1
            }
            return (value, count)
        }
    }
}
