import Cron

/// The meaning of a cron expression in French words, for the dashboard in French: "à 02:00
/// tous les jours (Europe/Paris)", "toutes les 15 minutes", "à 06:00 le lundi (Europe/Paris)".
/// It follows the same rules as the Cron library's English `explanation` (same phrases, same
/// rule for naming the zone), from the expression's public fields.
enum FrenchCronExplanation {
    static func explain(_ expression: CronExpression) -> String {
        let minutes = expression.minutes
        let hours = expression.hours
        let time = timePhrase(minutes: minutes, hours: hours)
        var phrase = time.text
        let days = dayPhrase(expression)
        if let days {
            phrase += " " + days
        } else if time.namesTimesOfDay {
            phrase += " tous les jours"
        }
        let month = monthPhrase(expression)
        if let month { phrase += " " + month }
        if hours.count != 24 || days != nil || month != nil { phrase += " (\(expression.timeZone.identifier))" }
        return phrase
    }

    private static let monthWords = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                     "août", "septembre", "octobre", "novembre", "décembre"]
    private static let weekdayWords = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]

    private static func timePhrase(minutes: [Int], hours: [Int]) -> (text: String, namesTimesOfDay: Bool) {
        let everyMinute = minutes.count == 60
        let minuteStep = uniformStep(minutes, from: 0, through: 59, divides: 60)
        let allHours = hours.count == 24
        if everyMinute || minuteStep != nil {
            let every = everyMinute ? "chaque minute" : "toutes les \(minuteStep!) minutes"
            return (allHours ? every : every + " " + hourWindow(hours), false)
        }
        if allHours {
            if minutes == [0] { return ("toutes les heures", false) }
            let which = minutes.count == 1 ? "à la minute \(minutes[0])" : "aux minutes \(ranges(minutes, name: String.init))"
            return ("\(which) de chaque heure", false)
        }
        if minutes.count * hours.count <= 6 {
            return ("à " + list(hours.flatMap { hour in minutes.map { clock(hour, $0) } }), true)
        }
        if minutes.count == 1, let hourStep = uniformStep(hours, from: 0, through: 23, divides: 24) {
            let past = minutes[0] == 0 ? "à l'heure pile" : "à la minute \(minutes[0])"
            return ("toutes les \(hourStep) heures, \(past)", false)
        }
        let which = minutes.count == 1 ? "à la minute \(minutes[0])" : "aux minutes \(ranges(minutes, name: String.init))"
        return ("\(which) des heures \(ranges(hours, name: String.init))", true)
    }

    private static func hourWindow(_ hours: [Int]) -> String {
        if let first = hours.first, let last = hours.last, last - first + 1 == hours.count {
            return "de \(clock(first, 0)) à \(clock(last, 59))"
        }
        return "pendant les heures \(ranges(hours, name: String.init))"
    }

    private static func dayPhrase(_ expression: CronExpression) -> String? {
        let daysOfMonth = expression.daysOfMonth
        let daysOfWeek = expression.daysOfWeek
        let allDaysOfMonth = daysOfMonth.count == 31
        let allWeekdays = daysOfWeek.count == 7
        let monthDays = daysOfMonth.count == 1 ? "le \(dayNumber(daysOfMonth[0])) du mois"
            : "les jours \(ranges(daysOfMonth, name: String.init)) du mois"
        let weekdays = ranges(mondayFirst(daysOfWeek), name: { weekdayWords[$0] })
        if expression.daysMatchEither {
            if allDaysOfMonth || allWeekdays { return nil }
            return "\(monthDays) et chaque \(weekdays)"
        }
        switch (allDaysOfMonth, allWeekdays) {
        case (true, true): return nil
        case (true, false):
            let week = mondayFirst(daysOfWeek)
            let positions = week.map { $0 == 0 ? 7 : $0 }
            if week.count >= 3, positions == Array(positions[0]...positions[positions.count - 1]) {
                return "du \(weekdayWords[week[0]]) au \(weekdayWords[week[week.count - 1]])"
            }
            return "le \(weekdays)"
        case (false, true):
            if daysOfMonth.count == 1, expression.months.count == 1 {
                return "le \(dayNumber(daysOfMonth[0])) \(monthWords[expression.months[0] - 1])"
            }
            return monthDays
        case (false, false): return "\(monthDays) quand c'est un \(weekdays)"
        }
    }

    private static func monthPhrase(_ expression: CronExpression) -> String? {
        let months = expression.months
        if months.count == 12 { return nil }
        if months.count == 1, expression.daysOfMonth.count == 1, expression.daysOfWeek.count == 7, !expression.daysMatchEither { return nil }
        return "en " + ranges(months, name: { monthWords[$0 - 1] })
    }

    private static func dayNumber(_ day: Int) -> String { day == 1 ? "1er" : "\(day)" }

    private static func uniformStep(_ values: [Int], from: Int, through: Int, divides: Int) -> Int? {
        guard values.count >= 2, values[0] == from else { return nil }
        let step = values[1] - values[0]
        guard step > 1, divides % step == 0 else { return nil }
        return values == Array(stride(from: from, through: through, by: step)) ? step : nil
    }

    private static func mondayFirst(_ days: [Int]) -> [Int] {
        days.filter { $0 != 0 } + (days.contains(0) ? [0] : [])
    }

    /// "1 à 5 et 10"; a longer evenly spaced list as "1, 3, 5, ..., 31".
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
            if end + 1 < values.count, values[end] == 6, values[end + 1] == 0 { end += 1 }
            if end - index >= 2 {
                parts.append("\(name(values[index])) à \(name(values[end]))")
            } else {
                parts.append(contentsOf: values[index...end].map(name))
            }
            index = end + 1
        }
        return list(parts)
    }

    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " et " + items[items.count - 1]
    }

    private static func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}
