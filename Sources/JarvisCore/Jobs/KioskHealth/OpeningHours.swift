import Foundation

/// A gym's opening hours, as stored in `gyms.opening_hours`: the JSON string `"24/7"`, or an
/// object keyed by weekday (`"mon"`…`"sun"`) whose values are `"HH:MM-HH:MM"` or null (closed).
/// A range whose end is before its start runs past midnight (`"18:00-02:00"`); `24:00` is
/// accepted as an end.
public struct OpeningHours: Sendable, Equatable {
    /// Open ranges in minutes since midnight, per ISO weekday (1 = Monday … 7 = Sunday).
    private var ranges: [Int: [(open: Int, close: Int)]]
    public let isAlwaysOpen: Bool

    public static let alwaysOpen = OpeningHours(ranges: [:], isAlwaysOpen: true)

    private init(ranges: [Int: [(open: Int, close: Int)]], isAlwaysOpen: Bool) {
        self.ranges = ranges
        self.isAlwaysOpen = isAlwaysOpen
    }

    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Parses the stored JSON; nil when it is not of the documented form.
    public init?(json: String) {
        guard let value = JSONValue(jsonText: json) else { return nil }
        if value == .string("24/7") {
            self = .alwaysOpen
            return
        }
        guard case .object(let days) = value, Set(days.keys).isSubset(of: Self.weekdays) else { return nil }
        var ranges: [Int: [(open: Int, close: Int)]] = [:]
        for (index, name) in Self.weekdays.enumerated() {
            switch days[name] {
            case nil, .null?:
                continue
            case .string(let text)?:
                guard let range = Self.parseRange(text) else { return nil }
                ranges[index + 1, default: []].append(range)
            default:
                return nil
            }
        }
        self.init(ranges: ranges, isAlwaysOpen: false)
    }

    private static func parseRange(_ text: String) -> (open: Int, close: Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let open = minutes(parts[0]), let close = minutes(parts[1]), open != close, open < 1440 else { return nil }
        return (open, close)
    }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...59).contains(minute),
            (0...23).contains(hour) || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    /// Is the gym open at this local weekday (1 = Monday) and minute of the day?
    public func isOpen(weekday: Int, minute: Int) -> Bool {
        if isAlwaysOpen { return true }
        for range in ranges[weekday] ?? [] {
            if range.open < range.close {
                if minute >= range.open && minute < range.close { return true }
            } else if minute >= range.open {
                return true  // the evening part of a range past midnight
            }
        }
        let previous = weekday == 1 ? 7 : weekday - 1
        for range in ranges[previous] ?? [] where range.open > range.close && minute < range.close {
            return true  // the morning part of yesterday's range past midnight
        }
        return false
    }

    /// Is the gym open at this instant, in its zone?
    public func isOpen(at date: Date, in zone: TimeZone) -> Bool {
        if isAlwaysOpen { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays: 1 = Sunday … 7 = Saturday.
        let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
        return isOpen(weekday: weekday, minute: (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }

    public static func == (lhs: OpeningHours, rhs: OpeningHours) -> Bool {
        lhs.isAlwaysOpen == rhs.isAlwaysOpen
            && (1...7).allSatisfy { day in
                (lhs.ranges[day] ?? []).map { [$0.open, $0.close] } == (rhs.ranges[day] ?? []).map { [$0.open, $0.close] }
            }
    }
}
