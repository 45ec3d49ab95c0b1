/// Descriptions of cron expressions for people, in English or French.
extension CronExpression {
    /// A description in English, e.g. "at 02:00 every day (Europe/Paris)",
    /// "every 15 minutes", "at 06:00 on Monday (Europe/Paris)"; see ``explanation(in:)``.
    public var explanation: String { explanation(in: .english) }

    /// A description for people in `language`: "at 02:00 every day (Europe/Paris)" or
    /// "à 02:00 tous les jours (Europe/Paris)", "every 15 minutes" or "toutes les 15 minutes".
    ///
    /// Both languages share one phrase structure; only the words differ (``CronVocabulary``).
    /// The zone is named whenever the hour, a day or the month field is restricted, since the
    /// description then speaks of the zone's wall clock; schedules that only pick minutes
    /// of every hour ("every 15 minutes") read the same in any zone. An expression whose
    /// dates never occur (`0 0 30 2 *`) says so at the end.
    public func explanation(in language: CronLanguage) -> String {
        let words = CronVocabulary.of(language)
        let time = timePhrase(words)
        var phrase = time.text
        let days = dayPhrase(words)
        if let days {
            phrase += " " + days
        } else if time.namesTimesOfDay {
            phrase += " " + words.everyDay
        }
        let month = monthPhrase(words)
        if let month { phrase += " " + month }
        let zoneMatters = schedule.hours != Self.allHours || days != nil || month != nil
        if zoneMatters { phrase += " (\(timeZone.identifier))" }
        if !canFire { phrase += words.neverOccurs }
        return phrase
    }

    private static let allMinutes: UInt64 = (1 << 60) - 1
    private static let allHours: UInt32 = (1 << 24) - 1

    // MARK: Time of day

    private func timePhrase(_ words: CronVocabulary) -> (text: String, namesTimesOfDay: Bool) {
        let minutes = self.minutes
        let hours = self.hours
        let everyMinute = schedule.minutes == Self.allMinutes
        let minuteStep = Self.uniformStep(minutes, from: 0, through: 59, divides: 60)
        let allHours = schedule.hours == Self.allHours
        let minuteList = Self.ranges(minutes, words, name: String.init)

        // "every minute", "every 15 minutes", optionally within some hours.
        if everyMinute || minuteStep != nil {
            let every = everyMinute ? words.everyMinute : words.everyMinutes(minuteStep!)
            if allHours { return (every, false) }
            return (every + " " + hourWindow(hours, words), false)
        }
        // Minutes of every hour: "every hour", "at 30 minutes past every hour".
        if allHours {
            if minutes == [0] { return (words.everyHour, false) }
            return (words.minutesOfEveryHour(minuteList, minutes.count == 1), false)
        }
        // A few times of day: "at 02:00", "at 02:00 and 14:30".
        if minutes.count * hours.count <= 6 {
            let times = hours.flatMap { hour in minutes.map { Self.clock(hour, $0) } }
            return (words.atTimes(Self.list(times, words)), true)
        }
        // "every 2 hours, on the hour", "every 6 hours, at 15 minutes past the hour".
        if minutes.count == 1, let hourStep = Self.uniformStep(hours, from: 0, through: 23, divides: 24) {
            let past = minutes[0] == 0 ? words.onTheHour : words.minutePastTheHour(minutes[0])
            return (words.everyHours(hourStep, past), false)
        }
        let hourList = Self.ranges(hours, words, name: String.init)
        return (words.minutesPastHours(minuteList, minutes.count == 1, hourList), true)
    }

    /// "from 09:00 to 17:59" for one run of hours, "during hours 1, 3 and 5" otherwise.
    private func hourWindow(_ hours: [Int], _ words: CronVocabulary) -> String {
        if let first = hours.first, let last = hours.last, last - first + 1 == hours.count {
            return words.fromTo(Self.clock(first, 0), Self.clock(last, 59))
        }
        return words.duringHours(Self.ranges(hours, words, name: String.init))
    }

    // MARK: Days and months

    /// `nil` when every day matches.
    private func dayPhrase(_ words: CronVocabulary) -> String? {
        let allDaysOfMonth = daysOfMonth.count == 31
        let allWeekdays = daysOfWeek.count == 7
        let monthDays =
            daysOfMonth.count == 1
            ? words.dayOfMonth(daysOfMonth[0])
            : words.daysOfMonth(Self.ranges(daysOfMonth, words, name: String.init))
        let week = Self.mondayFirst(daysOfWeek)
        let weekdays = Self.ranges(week, words, name: { words.weekdayNames[$0] })
        if schedule.daysMatchEither {
            if allDaysOfMonth || allWeekdays { return nil }
            return words.daysOrWeekdays(monthDays, weekdays)
        }
        switch (allDaysOfMonth, allWeekdays) {
        case (true, true): return nil
        case (true, false):
            // Monday = 1 ... Sunday = 7, so that a run may end on Sunday.
            let positions = week.map { $0 == 0 ? 7 : $0 }
            if week.count >= 3, positions == Array(positions[0]...positions[positions.count - 1]) {
                return words.weekdayRun(words.weekdayNames[week[0]], words.weekdayNames[week[week.count - 1]])
            }
            return words.onWeekdays(weekdays)
        case (false, true):
            if daysOfMonth.count == 1, months.count == 1 {
                return words.onDate(daysOfMonth[0], words.monthNames[months[0] - 1])
            }
            return words.onDaysOfMonth(monthDays)
        case (false, false): return words.daysWhenWeekday(monthDays, weekdays)
        }
    }

    /// `nil` when every month matches (or the month is already named in the day phrase).
    private func monthPhrase(_ words: CronVocabulary) -> String? {
        let months = self.months
        if months.count == 12 { return nil }
        if months.count == 1, daysOfMonth.count == 1, daysOfWeek.count == 7, !schedule.daysMatchEither { return nil }
        return words.inMonths(Self.ranges(months, words, name: { words.monthNames[$0 - 1] }))
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
    private static func ranges(_ values: [Int], _ words: CronVocabulary, name: (Int) -> String) -> String {
        if values.count >= 5, values[1] - values[0] > 1,
            values == Array(stride(from: values[0], through: values[values.count - 1], by: values[1] - values[0]))
        {
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
                parts.append("\(name(values[index])) \(words.to) \(name(values[end]))")
            } else {
                parts.append(contentsOf: values[index...end].map(name))
            }
            index = end + 1
        }
        return list(parts, words)
    }

    /// "a", "a and b", "a, b and c".
    private static func list(_ items: [String], _ words: CronVocabulary) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(words.and) " + items[items.count - 1]
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
