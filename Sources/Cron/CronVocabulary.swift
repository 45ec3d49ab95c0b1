/// The words of a cron explanation in one language.
///
/// The phrase structure (which phrase a schedule gets, in which order, when the zone is
/// named) is written once, in `CronExpression+Explanation.swift`; a vocabulary only says
/// each phrase in its language. The arguments are already-formatted parts: clock times
/// ("02:00"), lists ("1, 3 and 5") and names ("Monday").
struct CronVocabulary: Sendable {
    /// Between the last two items of a list: "a, b and c".
    var and: String
    /// Between the ends of a run of values: "Monday to Friday".
    var to: String
    /// January first.
    var monthNames: [String]
    /// Sunday first, as cron numbers them.
    var weekdayNames: [String]

    // Time of day.
    var everyMinute: String
    var everyMinutes: @Sendable (_ step: Int) -> String
    /// Within one run of hours: `from` is its first minute, `to` its last.
    var fromTo: @Sendable (_ from: String, _ to: String) -> String
    var duringHours: @Sendable (_ hours: String) -> String
    var everyHour: String
    /// Some minutes of every hour; `single` when the list names one minute.
    var minutesOfEveryHour: @Sendable (_ minutes: String, _ single: Bool) -> String
    var atTimes: @Sendable (_ times: String) -> String
    var everyHours: @Sendable (_ step: Int, _ minute: String) -> String
    /// The minute of ``everyHours`` when it is 0.
    var onTheHour: String
    /// The minute of ``everyHours`` otherwise.
    var minutePastTheHour: @Sendable (_ minute: Int) -> String
    var minutesPastHours: @Sendable (_ minutes: String, _ single: Bool, _ hours: String) -> String

    // Days and months.
    var everyDay: String
    var dayOfMonth: @Sendable (_ day: Int) -> String
    var daysOfMonth: @Sendable (_ days: String) -> String
    /// Both day fields restricted, either matching (Debian's OR).
    var daysOrWeekdays: @Sendable (_ days: String, _ weekdays: String) -> String
    var onWeekdays: @Sendable (_ weekdays: String) -> String
    /// Three or more consecutive weekdays, Monday first.
    var weekdayRun: @Sendable (_ first: String, _ last: String) -> String
    var onDate: @Sendable (_ day: Int, _ month: String) -> String
    var onDaysOfMonth: @Sendable (_ days: String) -> String
    /// Both day fields restricted, both matching (one of them starts with `*`).
    var daysWhenWeekday: @Sendable (_ days: String, _ weekdays: String) -> String
    var inMonths: @Sendable (_ months: String) -> String
    /// Appended when no date matches, e.g. `0 0 30 2 *`.
    var neverOccurs: String

    static func of(_ language: CronLanguage) -> CronVocabulary {
        switch language {
        case .english: english
        case .french: french
        }
    }

    static let english = CronVocabulary(
        and: "and",
        to: "to",
        monthNames: [
            "January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December",
        ],
        weekdayNames: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        everyMinute: "every minute",
        everyMinutes: { "every \($0) minutes" },
        fromTo: { "from \($0) to \($1)" },
        duringHours: { "during hours \($0)" },
        everyHour: "every hour",
        minutesOfEveryHour: { minutes, _ in "at \(minutes) minutes past every hour" },
        atTimes: { "at \($0)" },
        everyHours: { "every \($0) hours, \($1)" },
        onTheHour: "on the hour",
        minutePastTheHour: { "at \($0) minutes past the hour" },
        minutesPastHours: { minutes, single, hours in "at \(single ? "minute" : "minutes") \(minutes) past hours \(hours)" },
        everyDay: "every day",
        dayOfMonth: { "day \($0) of the month" },
        daysOfMonth: { "days \($0) of the month" },
        daysOrWeekdays: { "on \($0) and on every \($1)" },
        onWeekdays: { "on \($0)" },
        weekdayRun: { "on \($0) to \($1)" },
        onDate: { "on \($0) \($1)" },
        onDaysOfMonth: { "on \($0)" },
        daysWhenWeekday: { "on \($0) when it is a \($1)" },
        inMonths: { "in \($0)" },
        neverOccurs: ", a date that never occurs"
    )

    static let french = CronVocabulary(
        and: "et",
        to: "à",
        monthNames: [
            "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
            "août", "septembre", "octobre", "novembre", "décembre",
        ],
        weekdayNames: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        everyMinute: "chaque minute",
        everyMinutes: { "toutes les \($0) minutes" },
        fromTo: { "de \($0) à \($1)" },
        duringHours: { "pendant les heures \($0)" },
        everyHour: "toutes les heures",
        minutesOfEveryHour: { minutes, single in "\(frenchMinutes(minutes, single)) de chaque heure" },
        atTimes: { "à \($0)" },
        everyHours: { "toutes les \($0) heures, \($1)" },
        onTheHour: "à l'heure pile",
        minutePastTheHour: { "à la minute \($0)" },
        minutesPastHours: { minutes, single, hours in "\(frenchMinutes(minutes, single)) des heures \(hours)" },
        everyDay: "tous les jours",
        dayOfMonth: { "le \(frenchDay($0)) du mois" },
        daysOfMonth: { "les jours \($0) du mois" },
        daysOrWeekdays: { "\($0) et chaque \($1)" },
        onWeekdays: { "le \($0)" },
        weekdayRun: { "du \($0) au \($1)" },
        onDate: { "le \(frenchDay($0)) \($1)" },
        onDaysOfMonth: { $0 },
        daysWhenWeekday: { "\($0) quand c'est un \($1)" },
        inMonths: { "en \($0)" },
        neverOccurs: ", une date qui n'existe jamais"
    )

    /// "à la minute 30", "aux minutes 15 et 45".
    private static func frenchMinutes(_ minutes: String, _ single: Bool) -> String {
        single ? "à la minute \(minutes)" : "aux minutes \(minutes)"
    }

    /// French writes the first day of a month as an ordinal: "le 1er janvier", "le 2 janvier".
    private static func frenchDay(_ day: Int) -> String { day == 1 ? "1er" : "\(day)" }
}
