import Foundation

extension RFC3339 {
    /// `2027-03-28T03:00:00+02:00`: an instant as local time in `zone`, with its offset.
    static func string(from date: Date, in zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime, .withColonSeparatorInTimeZone]
        var text = formatter.string(from: date)
        if text.hasSuffix("Z") { text = String(text.dropLast()) + "+00:00" }
        return text
    }
}
