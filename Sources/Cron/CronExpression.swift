import Foundation

/// A Debian cron schedule in a time zone: parsing, next fire times and a plain description.
///
/// ```swift
/// let churn = try CronExpression("0 2 * * *", timeZone: paris)
/// churn.nextFire(after: now)   // the next 02:00 in Paris (03:00 on the spring-forward day)
/// churn.explanation            // "at 02:00 every day (Europe/Paris)"
/// ```
///
/// The accepted syntax is Debian cron's (see ``init(_:timeZone:)``). The fire times follow
/// the scheduler rules of DESIGN.md, including daylight saving time:
///
/// - **Fixed-time jobs** (neither the minute nor the hour field starts with `*`, Debian's
///   rule, see ``isFixedTime``) name wall times. In a **gap** (Paris, last Sunday of March,
///   02:00 → 03:00) a wall time that does not exist fires once at the first instant after
///   the gap: `0 2 * * *` and `30 2 * * *` both fire at 03:00, and several such wall times
///   on one day fire once, together. In a **fold** (last Sunday of October, 02:00-03:00
///   twice) a fixed-time job fires once, on the first pass.
/// - **Wildcard and step jobs** (`*/15 * * * *`, `0 */2 * * *`) follow elapsed time: they
///   fire at every instant whose local wall time matches, so in both passes of a fold
///   (`30 * * * *` fires at 02:30 twice), and not at all for wall times inside a gap
///   (`0 */2 * * *` goes from 00:00 to 04:00 on the spring-forward day).
///
/// All computations take instants and zones as arguments; nothing reads the clock.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public let source: String
    /// The `CRON_TZ` zone of the text, or the default zone given to the initialiser.
    public let timeZone: TimeZone

    let schedule: CronSchedule
    /// The five field texts as written (a macro replaced by its five fields).
    let fieldTexts: [String]
    let rules: ZoneRules
    public let canFire: Bool

    /// Parses `text` as Debian cron reads the time part of a crontab line.
    ///
    /// Accepted: five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or
    /// `jan`-`dec`, day of week 0-7 or `sun`-`sat`, 0 and 7 being Sunday), each `*`, a
    /// value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n`, or a comma-separated list of
    /// those, names in any case; or one of the macros `@yearly @annually @monthly @weekly
    /// @daily @midnight @hourly`. An optional `CRON_TZ=Area/City ` prefix sets the zone.
    /// When both day fields are restricted, a day matches if either matches; when either
    /// starts with `*`, both must (Debian's rule, so `*/2` counts as starting with `*`).
    ///
    /// - Parameters:
    ///   - text: The expression, e.g. `0 2 * * *` or `CRON_TZ=Europe/Paris @daily`.
    ///   - defaultTimeZone: The zone of the expression unless the text names one.
    /// - Throws: ``CronParseError`` naming the field, the value and what is accepted.
    public init(_ text: String, timeZone defaultTimeZone: TimeZone) throws(CronParseError) {
        let parsed = try CronParser.parse(text, defaultTimeZone: defaultTimeZone)
        self.source = text
        self.timeZone = parsed.timeZone
        self.schedule = parsed.schedule
        self.fieldTexts = parsed.fields
        self.rules = ZoneRules.rules(for: parsed.timeZone)
        self.canFire = parsed.schedule.canFire
    }

    /// Debian's rule: a job is fixed-time unless its minute or hour field starts with `*`.
    ///
    /// Fixed-time jobs name wall times (run once in a fold, shifted out of a gap);
    /// the others run by elapsed time. `@hourly` is not fixed-time, the other macros are.
    public var isFixedTime: Bool { schedule.isFixedTime }

    /// The minutes (0-59) the expression selects, ascending.
    public var minutes: [Int] { Self.values(UInt64(schedule.minutes), 0...59) }
    /// The hours (0-23) the expression selects, ascending.
    public var hours: [Int] { Self.values(UInt64(schedule.hours), 0...23) }
    /// The days of the month (1-31) the day-of-month field selects, ascending.
    public var daysOfMonth: [Int] { Self.values(UInt64(schedule.daysOfMonth), 1...31) }
    /// The months (1-12) the expression selects, ascending.
    public var months: [Int] { Self.values(UInt64(schedule.months), 1...12) }
    /// The weekdays (0 = Sunday ... 6 = Saturday; 7 in the text counts as 0) the
    /// day-of-week field selects, ascending.
    public var daysOfWeek: [Int] { Self.values(UInt64(schedule.daysOfWeek), 0...6) }
    /// Whether a day matches when it matches either day field (both restricted, neither
    /// starting with `*`) rather than both.
    public var daysMatchEither: Bool { schedule.daysMatchEither }

    /// The source text.
    public var description: String { source }

    public static func == (lhs: CronExpression, rhs: CronExpression) -> Bool {
        lhs.source == rhs.source && lhs.timeZone == rhs.timeZone
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(timeZone)
    }

    private static func values(_ bits: UInt64, _ range: ClosedRange<Int>) -> [Int] {
        range.filter { bits & (1 << UInt64($0)) != 0 }
    }
}
