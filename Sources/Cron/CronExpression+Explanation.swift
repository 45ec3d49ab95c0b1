/// Plain-English descriptions of cron expressions.
extension CronExpression {
    /// A description for people, e.g. "at 02:00 every day (Europe/Paris)",
    /// "every 15 minutes", "at 06:00 on Monday (Europe/Paris)".
    ///
    /// The zone is named whenever the hour, a day or the month field is restricted, since the
    /// description then speaks of the zone's wall clock; schedules that only pick minutes
    /// of every hour ("every 15 minutes") read the same in any zone.
    public var explanation: String {
        let time = timePhrase
        var phrase = time.text
        let days = dayPhrase
        if let days {
            phrase += " " + days
        } else if time.namesTimesOfDay {
            phrase += " every day"
        }
        if let monthText = monthPhrase { phrase += " " + monthText }
        let zoneMatters = schedule.hours != Self.allHours || days != nil || monthPhrase != nil
        if zoneMatters { phrase += " (\(timeZone.identifier))" }
        if !canFire { phrase += ", a date that never occurs" }
        return phrase
    }

    private static let allMinutes: UInt64 = (1 << 60) - 1
    private static let allHours: UInt32 = (1 << 24) - 1
    private static let monthWords = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
    private static let weekdayWords = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    // MARK: Time of day

    private var timePhrase: (text: String, namesTimesOfDay: Bool) {
        let minutes = self.minutes
        let hours = self.hours
        let everyMinute = schedule.minutes == Self.allMinutes
        let minuteStep = Self.uniformStep(minutes, from: 0, through: 59, divides: 60)
        let allHours = schedule.hours == Self.allHours

        // "every minute", "every 15 minutes", optionally within some hours.
        if everyMinute || minuteStep != nil {
            let every = everyMinute ? "every minute" : "every \(minuteStep!) minutes"
            if allHours { return (every, false) }
            return (every + " " + hourWindow(hours), false)
        }
        // Minutes of every hour: "every hour", "at 30 minutes past every hour".
        if allHours {
            if minutes == [0] { return ("every hour", false) }
            return ("at \(Self.ranges(minutes, name: String.init)) minutes past every hour", false)
        }
        // A few times of day: "at 02:00", "at 02:00 and 14:30".
        if minutes.count * hours.count <= 6 {
            let times = hours.flatMap { hour in minutes.map { Self.clock(hour, $0) } }
            return ("at " + Self.list(times), true)
        }
        // "every 2 hours", "every 6 hours at 15 minutes past the hour".
        if minutes.count == 1, let hourStep = Self.uniformStep(hours, from: 0, through: 23, divides: 24) {
            let past = minutes[0] == 0 ? "on the hour" : "at \(minutes[0]) minutes past the hour"
            return ("every \(hourStep) hours, \(past)", false)
        }
        let minuteText = minutes.count == 1 ? "minute \(minutes[0])" : "minutes \(Self.ranges(minutes, name: String.init))"
        return ("at \(minuteText) past hours \(Self.ranges(hours, name: String.init))", true)
    }

    /// "from 09:00 to 17:59" for one run of hours, "during hours 1, 3 and 5" otherwise.
    private func hourWindow(_ hours: [Int]) -> String {
        if let first = hours.first, let last = hours.last, last - first + 1 == hours.count {
            return "from \(Self.clock(first, 0)) to \(Self.clock(last, 59))"
        }
        return "during hours \(Self.ranges(hours, name: String.init))"
    }

    // MARK: Days and months

    /// `nil` when every day matches.
    private var dayPhrase: String? {
        let allDaysOfMonth = daysOfMonth.count == 31
        let allWeekdays = daysOfWeek.count == 7
        let monthDays = daysOfMonth.count == 1 ? "day \(daysOfMonth[0]) of the month"
            : "days \(Self.ranges(daysOfMonth, name: String.init)) of the month"
        let weekdays = Self.ranges(Self.mondayFirst(daysOfWeek), name: { Self.weekdayWords[$0] })
        if schedule.daysMatchEither {
            if allDaysOfMonth || allWeekdays { return nil }
            return "on \(monthDays) and on every \(weekdays)"
        }
        switch (allDaysOfMonth, allWeekdays) {
        case (true, true): return nil
        case (true, false): return "on \(weekdays)"
        case (false, true):
            if daysOfMonth.count == 1, months.count == 1 {
                return "on \(daysOfMonth[0]) \(Self.monthWords[months[0] - 1])"
            }
            return "on \(monthDays)"
        case (false, false): return "on \(monthDays) when it is a \(weekdays)"
        }
    }

    /// `nil` when every month matches (or the month is already named in the day phrase).
    private var monthPhrase: String? {
        let months = self.months
        if months.count == 12 { return nil }
        if months.count == 1, daysOfMonth.count == 1, daysOfWeek.count == 7, !schedule.daysMatchEither { return nil }
        return "in " + Self.ranges(months, name: { Self.monthWords[$0 - 1] })
    }

    // MARK: Helpers

    /// `n` if `values` is exactly `from, from + n, ...` up to `through`, with `n > 1` dividing `divides`.
    private static func uniformStep(_ values: [Int], from: Int, through: Int, divides: Int) -> Int? {
        guard values.count >= 2, values[0] == from else { return nil }
        let step = values[1] - values[0]
        guard step > 1, divides % step == 0 else { return nil }
        return values == Array(stride(from: from, through: through, by: step)) ? step : nil
    }

    /// Weekdays listed Monday first, Sunday last, as people read a week.
    private static func mondayFirst(_ days: [Int]) -> [Int] {
        days.filter { $0 != 0 } + (days.contains(0) ? [0] : [])
    }

    /// Runs of three or more consecutive values as "a to b": "1 to 5 and 10"; a longer
    /// evenly spaced list as "1, 3, 5, ..., 31".
    private static func ranges(_ values: [Int], name: (Int) -> String) -> String {
        if values.count >= 5, values[1] - values[0] > 1,
           values == Array(stride(from: values[0], through: values[values.count - 1], by: values[1] - values[0])) {
            return values.prefix(3).map(name).joined(separator: ", ") + ", ..., " + name(values[values.count - 1])
        }
        var parts: [String] = []
        var index = 0
        while index < values.count {
            var end = index
            while end + 1 < values.count, values[end + 1] == values[end] + 1 { end += 1 }
            // Monday-first weekdays end with Sunday (0), which continues Saturday (6).
            if end + 1 < values.count, values[end] == 6, values[end + 1] == 0 { end += 1 }
            if end - index >= 2 {
                parts.append("\(name(values[index])) to \(name(values[end]))")
            } else {
                parts.append(contentsOf: values[index...end].map(name))
            }
            index = end + 1
        }
        return list(parts)
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
