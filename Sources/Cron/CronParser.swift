import Foundation

/// Reads the text of a cron expression the way Debian cron reads the time part of a
/// crontab line, as reproduced by the `cronsim` package.
///
/// Accepted, per field: `*`; a number; a name (months `jan`-`dec`, weekdays `sun`-`sat`,
/// three letters, any case, in the month and day-of-week fields only); a range `a-b` with
/// `a <= b` (names allowed: `mon-fri`); a step after `*`, a range or a single value
/// (`*/15`, `1-30/5`, `jan-mar/2`, and Debian's `5/15`, meaning `5-59/15`); and
/// comma-separated lists of those. Weekday 7 is Sunday, like 0. A step larger than the
/// range is allowed and selects only its first value, as in Debian.
///
/// Also accepted: the macros `@yearly @annually @monthly @weekly @daily @midnight
/// @hourly` (lower case, as Debian compares them) and a leading `CRON_TZ=Area/City `.
///
/// Rejected, with a ``CronParseError`` naming the field: everything else, including the
/// extensions of other crons that `cronsim` also accepts (a sixth seconds field, `L`,
/// `W`, `#`, `?`) and `@reboot`, which has no fire times.
struct CronParser {
    /// What a successful parse yields.
    struct Result {
        var schedule: CronSchedule
        var timeZone: TimeZone
        /// The five field texts (a macro replaced by its five fields).
        var fields: [String]
    }

    static let macros: [(name: String, fields: String)] = [
        ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ]

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    private static let fieldList = "minute hour day-of-month month day-of-week"
    private static let macroList = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"

    /// Parses `text`; `defaultTimeZone` applies unless the text starts with `CRON_TZ=`.
    static func parse(_ text: String, defaultTimeZone: TimeZone) throws(CronParseError) -> Result {
        var rest = Substring(text)
        trimBlanks(&rest)
        if rest.isEmpty {
            throw CronParseError(
                field: .expression,
                value: text,
                reason: "is empty; expected five fields (\(fieldList)) or a macro (\(macroList))"
            )
        }
        if let scalar = rest.unicodeScalars.first(where: { $0.properties.isWhitespace && $0 != " " && $0 != "\t" }) {
            throw CronParseError(
                field: .expression,
                value: text,
                reason: "contains \(describe(scalar)); fields are separated by spaces or tabs"
            )
        }

        var timeZone = defaultTimeZone
        if rest.hasPrefix("CRON_TZ=") {
            rest = rest.dropFirst("CRON_TZ=".count)
            let name = rest.prefix { $0 != " " && $0 != "\t" }
            rest = rest.dropFirst(name.count)
            trimBlanks(&rest)
            guard !name.isEmpty else {
                throw CronParseError(field: .timeZone, value: "", reason: "is empty; write an IANA zone name such as CRON_TZ=Europe/Paris")
            }
            guard let zone = TimeZone.iana(String(name)) else {
                throw CronParseError(
                    field: .timeZone,
                    value: String(name),
                    reason: "is not an IANA time zone name; use Area/City, such as Europe/Paris or America/New_York"
                )
            }
            timeZone = zone
            if rest.isEmpty {
                throw CronParseError(
                    field: .expression,
                    value: text,
                    reason: "has no schedule after the CRON_TZ prefix; expected five fields (\(fieldList)) or a macro"
                )
            }
        }

        let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var fieldTexts = words
        if let first = words.first, first.hasPrefix("@") {
            if first == "@reboot" {
                throw CronParseError(
                    field: .expression,
                    value: first,
                    reason: "runs at boot and has no fire times; accepted macros: \(macroList)"
                )
            }
            guard let expansion = macros.first(where: { $0.name == first }) else {
                let hint = macros.contains { $0.name == first.lowercased() } ? " (macros are lower case)" : ""
                throw CronParseError(
                    field: .expression,
                    value: first,
                    reason: "is not a macro\(hint); accepted macros: \(macroList)"
                )
            }
            guard words.count == 1 else {
                throw CronParseError(
                    field: .expression,
                    value: String(rest),
                    reason: "has text after the macro \(first); a macro stands alone"
                )
            }
            fieldTexts = expansion.fields.split(separator: " ").map(String.init)
        } else if words.count != 5 {
            let extra = words.count == 6 ? "; a seconds field is not supported" : ""
            throw CronParseError(
                field: .expression,
                value: String(rest),
                reason: "has \(words.count) field\(words.count == 1 ? "" : "s"); expected five (\(fieldList)) or a macro\(extra)"
            )
        }

        let minutes = try parseField(fieldTexts[0], .minute)
        let hours = try parseField(fieldTexts[1], .hour)
        let days = try parseField(fieldTexts[2], .dayOfMonth)
        let months = try parseField(fieldTexts[3], .month)
        var weekdays = try parseField(fieldTexts[4], .dayOfWeek)
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & 0x7F }  // 7 is Sunday, like 0

        let schedule = CronSchedule(
            minutes: minutes,
            hours: UInt32(hours),
            daysOfMonth: UInt32(days),
            months: UInt16(months),
            daysOfWeek: UInt8(weekdays),
            minuteStarts: fieldTexts[0].hasPrefix("*"),
            hourStarts: fieldTexts[1].hasPrefix("*"),
            dayOfMonthStarts: fieldTexts[2].hasPrefix("*"),
            dayOfWeekStarts: fieldTexts[4].hasPrefix("*")
        )
        return Result(schedule: schedule, timeZone: timeZone, fields: fieldTexts)
    }

    // MARK: Fields

    private struct Bounds {
        var low: Int
        var high: Int
        var names: [String]
        var nameKind: String
        var accepted: String
    }

    private static func bounds(_ field: CronField) -> Bounds {
        switch field {
        case .minute: Bounds(low: 0, high: 59, names: [], nameKind: "", accepted: "0-59")
        case .hour: Bounds(low: 0, high: 23, names: [], nameKind: "", accepted: "0-23")
        case .dayOfMonth: Bounds(low: 1, high: 31, names: [], nameKind: "", accepted: "1-31")
        case .month: Bounds(low: 1, high: 12, names: monthNames, nameKind: "month", accepted: "1-12 or jan-dec")
        case .dayOfWeek:
            Bounds(
                low: 0,
                high: 7,
                names: weekdayNames,
                nameKind: "weekday",
                accepted: "0-7 (0 and 7 are Sunday) or sun-sat"
            )
        case .expression, .timeZone: Bounds(low: 0, high: 0, names: [], nameKind: "", accepted: "")
        }
    }

    private static let syntax = "*, a value, a range a-b, a step */n or a-b/n, or a comma-separated list of those"

    /// The set of values a field selects, as a bit set (bit `v` for value `v`).
    static func parseField(_ text: String, _ field: CronField) throws(CronParseError) -> UInt64 {
        let bounds = bounds(field)
        if let scalar = text.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value >= 0x7F }) {
            throw CronParseError(
                field: field,
                value: text,
                reason: "contains \(describe(scalar)), which is not allowed; use \(bounds.accepted) with \(syntax)"
            )
        }
        var bits: UInt64 = 0
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !element.isEmpty else {
                throw CronParseError(field: field, value: text, reason: "has an empty list element; write values separated by single commas")
            }
            bits |= try parseElement(String(element), field, bounds)
        }
        return bits
    }

    private static func parseElement(_ element: String, _ field: CronField, _ bounds: Bounds) throws(CronParseError) -> UInt64 {
        if let marker = otherCronExtension(element) {
            throw CronParseError(
                field: field,
                value: element,
                reason: "uses \(marker), an extension of other crons that Debian cron does not accept; use \(bounds.accepted) with \(syntax)"
            )
        }
        let parts = element.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(parts[0])
        var step = 1
        if parts.count == 2 {
            let stepText = parts[1]
            guard !base.isEmpty else {
                throw CronParseError(
                    field: field,
                    value: element,
                    reason: "has nothing before /; write */n or a-b/n (\(bounds.accepted))"
                )
            }
            guard !stepText.isEmpty else {
                throw CronParseError(field: field, value: element, reason: "has no step after /; write a number of 1 or more, as in */5")
            }
            guard stepText.allSatisfy(isDigit) else {
                throw CronParseError(
                    field: field,
                    value: String(stepText),
                    reason: "is not a step; a step is a number of 1 or more, as in */5"
                )
            }
            let significant = stepText.drop { $0 == "0" }
            guard !significant.isEmpty else {
                throw CronParseError(field: field, value: element, reason: "has step 0; a step is a number of 1 or more, as in */5")
            }
            // Any step beyond the range selects only the first value (Debian and cronsim
            // accept such steps), so very long ones are clamped rather than overflowing.
            step = significant.count > 9 ? 1_000_000_000 : Int(significant) ?? 1_000_000_000
        }

        var low: Int
        var high: Int
        if base == "*" {
            low = bounds.low
            high = bounds.high
        } else {
            let ends = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            low = try value(String(ends[0]), in: element, field, bounds)
            if ends.count == 2 {
                high = try value(String(ends[1]), in: element, field, bounds)
                guard low <= high else {
                    throw CronParseError(
                        field: field,
                        value: base,
                        reason: "is a reversed range; write the smaller value first (\(bounds.accepted))"
                    )
                }
            } else {
                high = parts.count == 2 ? bounds.high : low  // Debian: `5/15` means `5-max/15`
            }
        }
        var bits: UInt64 = 0
        var v = low
        while v <= high {
            bits |= 1 << UInt64(v)
            if step > high - v { break }
            v += step
        }
        return bits
    }

    /// One value of a field: digits, or a three-letter name where the field has names.
    private static func value(_ text: String, in element: String, _ field: CronField, _ bounds: Bounds) throws(CronParseError) -> Int {
        if text.isEmpty {
            throw CronParseError(
                field: field,
                value: element,
                reason: "has a range with a missing end; write a-b with values in \(bounds.accepted)"
            )
        }
        if text.allSatisfy(isDigit) {
            let significant = text.drop { $0 == "0" }
            guard significant.count <= 4, let number = Int(significant.isEmpty ? "0" : String(significant)),
                number >= bounds.low, number <= bounds.high
            else {
                throw CronParseError(field: field, value: text, reason: "is out of range \(bounds.low)-\(bounds.high)")
            }
            return number
        }
        let lower = text.lowercased()
        if let index = bounds.names.firstIndex(of: lower) {
            return field == .month ? index + 1 : index
        }
        if text == "*" {
            throw CronParseError(
                field: field,
                value: element,
                reason: "uses * inside a range; write * alone, */n, or a range of values in \(bounds.accepted)"
            )
        }
        if bounds.names.isEmpty {
            throw CronParseError(field: field, value: text, reason: "is not a number; use \(bounds.accepted) with \(syntax)")
        }
        if let name = bounds.names.first(where: { lower.count > 3 && lower.hasPrefix($0) }) {
            throw CronParseError(
                field: field,
                value: text,
                reason: "is not a \(bounds.nameKind) name; names are three letters, such as \(name)"
            )
        }
        let otherNames = field == .month ? weekdayNames : monthNames
        if otherNames.contains(lower) {
            throw CronParseError(
                field: field,
                value: text,
                reason: "is not a \(bounds.nameKind); use \(bounds.accepted)"
            )
        }
        throw CronParseError(
            field: field,
            value: text,
            reason: "is not a number or a \(bounds.nameKind) name; use \(bounds.accepted)"
        )
    }

    // MARK: Helpers

    private static func isDigit(_ character: Character) -> Bool {
        character >= "0" && character <= "9"
    }

    /// The Quartz-style markers that `cronsim` also reads (`L`, `LW`, `5L`, `15W`, `1#2`, `?`).
    private static func otherCronExtension(_ element: String) -> String? {
        if element.contains("#") { return "#" }
        if element.contains("?") { return "?" }
        let upper = element.uppercased()
        if upper == "LW" { return "LW" }
        if let last = upper.last, last == "L" || last == "W", upper.dropLast().allSatisfy(isDigit) {
            return String(last)
        }
        return nil
    }

    private static func trimBlanks(_ text: inout Substring) {
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    }

    /// `U+00A0 (no-break space)`, `"é" (U+00E9)`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F {
            let name = scalar.properties.name?.lowercased() ?? "control character"
            return "\(code) (\(name))"
        }
        return "\"\(Character(scalar))\" (\(code))"
    }
}
