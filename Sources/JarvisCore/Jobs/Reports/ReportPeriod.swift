import Foundation

/// The week a weekly report covers, in its gym's zone, with the instants that bound each of its
/// days and each day of the week before (for the comparison and the chart).
///
/// A day is [local midnight, next local midnight): 24 hours, or 23 and 25 on the days clocks
/// change, so the Sunday of the last week of March in Paris has 23 hours and that week 167.
public struct ReportPeriod: Sendable, Equatable {
    public let week: ISOWeek
    public let timeZone: TimeZone
    /// The first instant of each local day from the previous week's Monday to the Monday after
    /// this week: 15 instants, `dayStarts[7]` being this week's Monday.
    public let dayStarts: [Date]

    public init(week: ISOWeek, timeZone: TimeZone) {
        self.week = week
        self.timeZone = timeZone
        self.dayStarts = (-7...7).map { week.monday.adding(days: $0).start(in: timeZone) }
    }

    /// The last complete ISO week before the local date of `nominalTime` in `zone`: the week
    /// that ended on the Sunday before the slot's week. A slot on Monday 06:00 reports the week
    /// that ended the day before; a run of that slot late on Tuesday reports the same week, as
    /// it computes from the slot, not from the time it started.
    public static func lastCompleteWeek(before nominalTime: Date, in zone: TimeZone) -> ReportPeriod {
        let today = LocalDate(nominalTime, in: zone)
        return ReportPeriod(week: ISOWeek(containing: today).previous, timeZone: zone)
    }

    /// This week's first instant (Monday 00:00 local).
    public var start: Date { dayStarts[7] }
    /// The instant after this week (the next Monday 00:00 local), excluded.
    public var end: Date { dayStarts[14] }
    /// The previous week's first instant.
    public var previousStart: Date { dayStarts[0] }

    /// This week's seven local days as [start, end) instants, Monday first.
    public var days: [Range<Date>] { (7..<14).map { dayStarts[$0]..<dayStarts[$0 + 1] } }
    /// The previous week's seven local days, Monday first.
    public var previousDays: [Range<Date>] { (0..<7).map { dayStarts[$0]..<dayStarts[$0 + 1] } }

    /// The week's length in seconds: 604 800, or an hour less or more when the clocks change.
    public var duration: TimeInterval { end.timeIntervalSince(start) }

    /// `Rapport Hebdomadaire - Semaine du 22/03/2027`.
    public var title: String { "Rapport Hebdomadaire - Semaine du \(week.monday.frenchNumeric)" }
}
