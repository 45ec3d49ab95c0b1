import Foundation

@testable import Cron

/// Helpers shared by the suites.
enum TestSupport {
    static func zone(_ name: String) -> TimeZone {
        guard let zone = TimeZone(identifier: name) else { preconditionFailure("unknown zone \(name)") }
        return zone
    }

    /// The instant of an RFC 3339 timestamp written in a test table.
    static func instant(_ text: String) -> Date {
        guard let date = RFC3339Timestamp.date(from: text) else { preconditionFailure("bad timestamp \(text)") }
        return date
    }

    /// `2027-03-28T03:00:00+02:00`: how tables write expected fire times.
    static func text(_ date: Date, _ zone: TimeZone) -> String {
        RFC3339Timestamp.string(from: date, in: zone)
    }
}
