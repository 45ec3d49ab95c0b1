/// The part of a cron expression that a ``CronParseError`` is about.
public enum CronField: String, Sendable, Hashable, CaseIterable {
    /// The text as a whole: empty, the wrong number of fields, an unknown macro.
    case expression
    /// The zone of a `CRON_TZ=Area/City` prefix.
    case timeZone = "CRON_TZ"
    case minute
    case hour
    case dayOfMonth = "day-of-month"
    case month
    case dayOfWeek = "day-of-week"
}
