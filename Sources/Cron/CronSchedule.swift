/// The five fields of a cron expression as bit sets, and the search for matching wall times.
///
/// Everything here is zone-free: wall times are "local seconds" counted from
/// 1970-01-01T00:00 local time. ``CronExpression`` turns them into instants.
struct CronSchedule: Sendable, Hashable {
    /// Bit `m` set when minute `m` (0-59) matches.
    var minutes: UInt64
    /// Bit `h` set when hour `h` (0-23) matches.
    var hours: UInt32
    /// Bit `d` set when day of month `d` (1-31) matches.
    var daysOfMonth: UInt32
    /// Bit `m` set when month `m` (1-12) matches.
    var months: UInt16
    /// Bit `w` set when weekday `w` (0 = Sunday ... 6 = Saturday) matches; 7 is folded into 0.
    var daysOfWeek: UInt8
    /// The minute field starts with `*` (Debian: not a fixed-time job).
    var minuteStarts: Bool
    /// The hour field starts with `*` (Debian: not a fixed-time job).
    var hourStarts: Bool
    /// The day-of-month field starts with `*` (Debian: days combine with AND).
    var dayOfMonthStarts: Bool
    /// The day-of-week field starts with `*` (Debian: days combine with AND).
    var dayOfWeekStarts: Bool

    /// Debian's day rule: when either day field starts with `*`, a day must match both
    /// fields; otherwise it must match either. (`*/2` starts with `*`, so it ANDs.)
    var daysMatchEither: Bool { !dayOfMonthStarts && !dayOfWeekStarts }

    /// Debian's fixed-time rule: neither the minute nor the hour field starts with `*`.
    var isFixedTime: Bool { !minuteStarts && !hourStarts }

    // MARK: Days

    /// Bits 1...31 of the days of `month` in `year` that match.
    @inline(__always)
    func dayMask(year: Int, month: Int, firstDay: Int) -> UInt32 {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        let weekdayOfFirst = CivilCalendar.weekday(days: firstDay)
        // Rotate the weekday set so that bit k means "the day k days after the 1st",
        // then repeat it over five weeks and shift it to bit 1 = day 1.
        let week = UInt32(daysOfWeek)
        let rotated = ((week >> UInt32(weekdayOfFirst)) | (week << UInt32(7 - weekdayOfFirst))) & 0x7F
        let byWeekday = (rotated | rotated << 7 | rotated << 14 | rotated << 21 | rotated << 28) << 1
        let combined = daysMatchEither ? (daysOfMonth | byWeekday) : (daysOfMonth & byWeekday)
        let monthMask: UInt32 = length == 31 ? 0xFFFF_FFFE : ((1 << UInt32(length + 1)) - 2)
        return combined & monthMask
    }

    /// Whether any day of any year matches (`0 0 30 2 *` never does).
    ///
    /// A month's matching days depend only on its length and on the weekday of its 1st.
    /// Within the 400-year Gregorian cycle every month starts on every weekday, leap
    /// Februaries included, so trying each length and weekday is exact.
    var canFire: Bool {
        for month in 1...12 where months & (1 << UInt16(month)) != 0 {
            let years = month == 2 ? [2027, 2028] : [2027]  // a common and a leap February
            for year in years {
                for weekday in 0..<7 {
                    let firstDay = weekday - CivilCalendar.weekday(days: 0)  // a day number on that weekday
                    if dayMask(year: year, month: month, firstDay: firstDay) != 0 { return true }
                }
            }
        }
        return false
    }

    /// The first matching day on or after the given date, as a day number; `nil` after
    /// searching 400 years (a full Gregorian cycle, so nothing will ever match).
    func firstDay(onOrAfter year: Int, _ month: Int, _ day: Int) -> Int? {
        var year = year
        var month = month
        var fromDay = day
        for _ in 0..<(400 * 12 + 1) {
            if months & (1 << UInt16(month)) != 0 {
                let first = CivilCalendar.days(year: year, month: month, day: 1)
                let mask = dayMask(year: year, month: month, firstDay: first) & ~((UInt32(1) << UInt32(fromDay)) &- 1)
                if mask != 0 {
                    return first + mask.trailingZeroBitCount - 1
                }
            }
            fromDay = 1
            if month == 12 {
                month = 1
                year += 1
            } else {
                month += 1
            }
        }
        return nil
    }

    // MARK: Times of day

    /// The first matching minute of the day at or after `minuteOfDay` (0...1439).
    @inline(__always)
    func firstMinute(ofDayAtOrAfter minuteOfDay: Int) -> Int? {
        let hour = minuteOfDay / 60
        let minute = minuteOfDay % 60
        if hours & (1 << UInt32(hour)) != 0 {
            let later = minutes & (~UInt64(0) << UInt64(minute))
            if later != 0 { return hour * 60 + later.trailingZeroBitCount }
        }
        guard hour < 23 else { return nil }
        let laterHours = hours & (~UInt32(0) << UInt32(hour + 1))
        guard laterHours != 0 else { return nil }
        return laterHours.trailingZeroBitCount * 60 + minutes.trailingZeroBitCount
    }

    /// The first wall time at or after `localSeconds` that the expression names, on a
    /// minute boundary, in local seconds; `nil` if no day ever matches.
    func firstMatch(atOrAfter localSeconds: Int64) -> Int64? {
        let minuteIndex = CivilCalendar.floorDivide(localSeconds + 59, 60)
        let dayIndex = CivilCalendar.floorDivide(minuteIndex, 1440)
        let minuteOfDay = Int(minuteIndex - dayIndex * 1440)
        let date = CivilCalendar.date(days: Int(dayIndex))
        if months & (1 << UInt16(date.month)) != 0 {
            let first = Int(dayIndex) - date.day + 1
            if dayMask(year: date.year, month: date.month, firstDay: first) & (1 << UInt32(date.day)) != 0,
                let minute = firstMinute(ofDayAtOrAfter: minuteOfDay)
            {
                return (dayIndex * 1440 + Int64(minute)) * 60
            }
        }
        guard let day = nextDay(after: date) else { return nil }
        let minute = hours.trailingZeroBitCount * 60 + minutes.trailingZeroBitCount
        return (Int64(day) * 1440 + Int64(minute)) * 60
    }

    private func nextDay(after date: (year: Int, month: Int, day: Int)) -> Int? {
        if date.day < CivilCalendar.daysInMonth(year: date.year, month: date.month) {
            return firstDay(onOrAfter: date.year, date.month, date.day + 1)
        }
        return date.month == 12 ? firstDay(onOrAfter: date.year + 1, 1, 1) : firstDay(onOrAfter: date.year, date.month + 1, 1)
    }
}
