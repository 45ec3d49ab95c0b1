import Foundation

/// How the dashboard writes times and durations: numerically, the same on every machine
/// (no locale or ICU data involved), with localised weekday names.
enum DashboardFormat {
    /// "lun. 2026-11-30 03:00" in `zone`.
    static func localTime(_ date: Date, in zone: TimeZone, strings: DashboardStrings) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekday = strings.weekdays[((parts.weekday ?? 1) - 1) % 7]
        return String(
            format: "%@ %04d-%02d-%02d %02d:%02d",
            weekday,
            parts.year ?? 0,
            parts.month ?? 0,
            parts.day ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0
        )
    }

    /// A run's duration: "350 ms", "4.2 s", "2 min 05 s", "1 h 02 min".
    static func duration(milliseconds: Int) -> String {
        if milliseconds < 1_000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return String(format: "%.1f s", Double(milliseconds) / 1_000) }
        let seconds = milliseconds / 1_000
        if seconds < 3_600 { return String(format: "%d min %02d s", seconds / 60, seconds % 60) }
        return String(format: "%d h %02d min", seconds / 3_600, (seconds % 3_600) / 60)
    }

    /// A span of time rounded to what a person reads: "45 s", "12 min", "4 h 12 min", "3 d 4 h".
    static func span(_ seconds: Double, dayUnit: String = "d") -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        let minutes = total / 60
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h \(String(format: "%02d", minutes % 60)) min" }
        return "\(hours / 24) \(dayUnit) \(hours % 24) h"
    }

    /// "99.4 %" from 0...1.
    static func percent(_ ratio: Double) -> String {
        String(format: "%.1f %%", ratio * 100)
    }
}
