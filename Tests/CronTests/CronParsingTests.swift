import Foundation
import Testing

@testable import Cron

private let utc = TimeZone(identifier: "UTC")!
private let paris = TimeZone(identifier: "Europe/Paris")!

@Suite("Parsing cron expressions")
struct CronParsingTests {
    // MARK: Rejected

    /// Every input Debian cron (or this appliance) rejects, with the field the message must name.
    static let rejected: [(text: String, field: CronField)] = [
        // The expression as a whole
        ("", .expression),
        ("   ", .expression),
        ("\t", .expression),
        ("0", .expression),
        ("0 2 * *", .expression),
        ("0 2 * * * *", .expression),
        ("0 0 2 * * * *", .expression),
        ("@", .expression),
        ("@fortnightly", .expression),
        ("@reboot", .expression),
        ("@DAILY", .expression),
        ("@daily 0", .expression),
        ("@hourly *", .expression),
        ("0\u{00A0}2 * * *", .expression),
        ("0 2 * * *\n", .expression),
        ("0\u{2003}2 * * * *", .expression),
        ("CRON_TZ=Europe/Paris", .expression),
        ("CRON_TZ=Europe/Paris   ", .expression),
        // CRON_TZ
        ("CRON_TZ=Mars/Olympus 0 2 * * *", .timeZone),
        ("CRON_TZ= 0 2 * * *", .timeZone),
        ("CRON_TZ=GMT+2 0 2 * * *", .timeZone),
        ("CRON_TZ=UTC+1 0 2 * * *", .timeZone),
        ("CRON_TZ=europe/paris 0 2 * * *", .timeZone),
        // minute
        ("60 * * * *", .minute),
        ("61 2 * * *", .minute),
        ("-1 * * * *", .minute),
        ("5-1 * * * *", .minute),
        ("*/0 * * * *", .minute),
        ("1-30/0 * * * *", .minute),
        ("*/00 * * * *", .minute),
        ("a * * * *", .minute),
        ("mon * * * *", .minute),
        ("jan * * * *", .minute),
        ("1,,2 * * * *", .minute),
        (",1 * * * *", .minute),
        ("1, * * * *", .minute),
        ("*/ * * * *", .minute),
        ("/5 * * * *", .minute),
        ("*/x * * * *", .minute),
        ("*/5/2 * * * *", .minute),
        ("*-5 * * * *", .minute),
        ("5-* * * * *", .minute),
        ("99999999999999999999 * * * *", .minute),
        ("1-99999999999999999999 * * * *", .minute),
        ("１ * * * *", .minute),
        ("0x10 * * * *", .minute),
        ("1.5 * * * *", .minute),
        ("+5 * * * *", .minute),
        ("1-2-3 * * * *", .minute),
        ("? * * * *", .minute),
        ("\u{1} * * * *", .minute),
        ("**/2 * * * *", .minute),
        // hour
        ("0 24 * * *", .hour),
        ("0 25 * * *", .hour),
        ("0 */0 * * *", .hour),
        ("0 23-1 * * *", .hour),
        ("0 noon * * *", .hour),
        ("0 2h * * *", .hour),
        ("0 ２ * * *", .hour),
        ("0 1-24 * * *", .hour),
        // day of month
        ("0 0 0 * *", .dayOfMonth),
        ("0 0 32 * *", .dayOfMonth),
        ("0 0 L * *", .dayOfMonth),
        ("0 0 l * *", .dayOfMonth),
        ("0 0 15W * *", .dayOfMonth),
        ("0 0 LW * *", .dayOfMonth),
        ("0 0 31-1 * *", .dayOfMonth),
        ("0 0 1-32 * *", .dayOfMonth),
        ("0 0 first * *", .dayOfMonth),
        ("0 0 mon * *", .dayOfMonth),
        ("0 0 ? * mon", .dayOfMonth),
        // month
        ("0 0 1 0 *", .month),
        ("0 0 1 13 *", .month),
        ("0 0 1 january *", .month),
        ("0 0 1 mon *", .month),
        ("0 0 1 dec-jan *", .month),
        ("0 0 1 jän *", .month),
        ("0 0 1 */0 *", .month),
        ("0 0 1 ja *", .month),
        ("0 0 1 jan-13 *", .month),
        // day of week
        ("0 0 * * 8", .dayOfWeek),
        ("0 0 * * 7-1", .dayOfWeek),
        ("0 0 * * fri-sun", .dayOfWeek),
        ("0 0 * * monday", .dayOfWeek),
        ("0 0 * * jan", .dayOfWeek),
        ("0 0 * * 1#2", .dayOfWeek),
        ("0 0 * * 5L", .dayOfWeek),
        ("0 0 * * mön", .dayOfWeek),
        ("0 0 * * sun-", .dayOfWeek),
        ("0 0 * * */0", .dayOfWeek),
        ("0 0 * * 1-5/x", .dayOfWeek),
        ("0 0 * * 😀", .dayOfWeek),
    ]

    @Test("rejects what Debian cron rejects, naming the field", arguments: rejected)
    func rejectsNamingTheField(text: String, field: CronField) {
        #expect {
            _ = try CronExpression(text, timeZone: utc)
        } throws: { error in
            guard let error = error as? CronParseError else { return false }
            return error.field == field && error.description.hasPrefix("\(field.rawValue): ")
        }
    }

    @Test("there are at least sixty rejected inputs")
    func rejectedTableIsLarge() {
        #expect(Self.rejected.count >= 60)
        #expect(Set(Self.rejected.map(\.field)) == Set(CronField.allCases))
    }

    @Test(
        "messages name the value and what is accepted",
        arguments: [
            ("61 2 * * *", "minute: 61 is out of range 0-59"),
            ("0 24 * * *", "hour: 24 is out of range 0-23"),
            ("0 0 32 * *", "day-of-month: 32 is out of range 1-31"),
            ("0 0 1 13 *", "month: 13 is out of range 1-12"),
            ("0 0 * * 8", "day-of-week: 8 is out of range 0-7"),
            ("5-1 * * * *", "minute: 5-1 is a reversed range; write the smaller value first (0-59)"),
            ("*/0 * * * *", "minute: */0 has step 0; a step is a number of 1 or more, as in */5"),
            ("0 0 * * monday", "day-of-week: monday is not a weekday name; names are three letters, such as mon"),
            ("0 0 1 mon *", "month: mon is not a month; use 1-12 or jan-dec"),
            ("0 2 * *", "expression: \"0 2 * *\" has 4 fields; expected five (minute hour day-of-month month day-of-week) or a macro"),
            (
                "",
                "expression: \"\" is empty; expected five fields (minute hour day-of-month month day-of-week) or a macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)"
            ),
            (
                "CRON_TZ=Mars/Olympus 0 2 * * *",
                "CRON_TZ: Mars/Olympus is not an IANA time zone name; use Area/City, such as Europe/Paris or America/New_York"
            ),
            (
                "@DAILY",
                "expression: @DAILY is not a macro (macros are lower case); accepted macros: @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly"
            ),
            (
                "0 0 L * *",
                "day-of-month: L uses L, an extension of other crons that Debian cron does not accept; use 1-31 with *, a value, a range a-b, a step */n or a-b/n, or a comma-separated list of those"
            ),
            (
                "0 0 * * mön",
                "day-of-week: \"mön\" contains \"ö\" (U+00F6), which is not allowed; use 0-7 (0 and 7 are Sunday) or sun-sat with *, a value, a range a-b, a step */n or a-b/n, or a comma-separated list of those"
            ),
            (
                "0 2 * * * *",
                "expression: \"0 2 * * * *\" has 6 fields; expected five (minute hour day-of-month month day-of-week) or a macro; a seconds field is not supported"
            ),
        ]
    )
    func messagesAreSpecific(text: String, message: String) {
        #expect {
            _ = try CronExpression(text, timeZone: utc)
        } throws: { error in
            (error as? CronParseError)?.description == message
        }
    }

    // MARK: Accepted

    struct Expanded: Sendable, CustomTestStringConvertible {
        var text: String
        var minutes: [Int] = Array(0...59)
        var hours: [Int] = Array(0...23)
        var daysOfMonth: [Int] = Array(1...31)
        var months: [Int] = Array(1...12)
        var daysOfWeek: [Int] = Array(0...6)
        var testDescription: String { text }
    }

    static let accepted: [Expanded] = [
        Expanded(text: "* * * * *"),
        Expanded(text: "*/15 * * * *", minutes: [0, 15, 30, 45]),
        Expanded(text: "*/1 * * * *"),
        Expanded(text: "1-30/5 * * * *", minutes: [1, 6, 11, 16, 21, 26]),
        Expanded(text: "5/15 * * * *", minutes: [5, 20, 35, 50]),
        Expanded(text: "0,30 * * * *", minutes: [0, 30]),
        Expanded(text: "58-59,0-1 * * * *", minutes: [0, 1, 58, 59]),
        Expanded(text: "*/100 * * * *", minutes: [0]),
        Expanded(text: "10-20/99999999999999999999 * * * *", minutes: [10]),
        Expanded(text: "05 007 * * *", minutes: [5], hours: [7]),
        Expanded(text: "0 */2 * * *", minutes: [0], hours: Array(stride(from: 0, through: 22, by: 2))),
        Expanded(text: "0 9-17 * * *", minutes: [0], hours: Array(9...17)),
        Expanded(text: "0 0 1,15 * *", minutes: [0], hours: [0], daysOfMonth: [1, 15]),
        Expanded(text: "0 0 */10 * *", minutes: [0], hours: [0], daysOfMonth: [1, 11, 21, 31]),
        Expanded(text: "0 0 * jan-mar/2 *", minutes: [0], hours: [0], months: [1, 3]),
        Expanded(text: "0 0 * JAN,jul,Dec *", minutes: [0], hours: [0], months: [1, 7, 12]),
        Expanded(text: "0 0 * * 7", minutes: [0], hours: [0], daysOfWeek: [0]),
        Expanded(text: "0 0 * * 0-7", minutes: [0], hours: [0]),
        Expanded(text: "0 0 * * mon-fri", minutes: [0], hours: [0], daysOfWeek: [1, 2, 3, 4, 5]),
        Expanded(text: "0 0 * * MON-Fri", minutes: [0], hours: [0], daysOfWeek: [1, 2, 3, 4, 5]),
        Expanded(text: "0 0 * * sun,7", minutes: [0], hours: [0], daysOfWeek: [0]),
        Expanded(text: "0 0 * * 5-7", minutes: [0], hours: [0], daysOfWeek: [0, 5, 6]),
        Expanded(text: "0 0 * * */2", minutes: [0], hours: [0], daysOfWeek: [0, 2, 4, 6]),
        Expanded(text: "0 0 * * 1/2", minutes: [0], hours: [0], daysOfWeek: [0, 1, 3, 5]),
        Expanded(text: "0 0 * * sat-7", minutes: [0], hours: [0], daysOfWeek: [0, 6]),
        Expanded(text: "  0  2\t* * *  ", minutes: [0], hours: [2]),
        Expanded(text: "@yearly", minutes: [0], hours: [0], daysOfMonth: [1], months: [1]),
        Expanded(text: "@annually", minutes: [0], hours: [0], daysOfMonth: [1], months: [1]),
        Expanded(text: "@monthly", minutes: [0], hours: [0], daysOfMonth: [1]),
        Expanded(text: "@weekly", minutes: [0], hours: [0], daysOfWeek: [0]),
        Expanded(text: "@daily", minutes: [0], hours: [0]),
        Expanded(text: "@midnight", minutes: [0], hours: [0]),
        Expanded(text: "@hourly", minutes: [0]),
        Expanded(text: "CRON_TZ=Asia/Tokyo 30 4 * * *", minutes: [30], hours: [4]),
        Expanded(text: "0 0 30 2 *", minutes: [0], hours: [0], daysOfMonth: [30], months: [2]),
    ]

    @Test("accepts Debian's forms and expands them", arguments: accepted)
    func expands(_ expected: Expanded) throws {
        let expression = try CronExpression(expected.text, timeZone: utc)
        #expect(expression.source == expected.text)
        #expect(expression.minutes == expected.minutes)
        #expect(expression.hours == expected.hours)
        #expect(expression.daysOfMonth == expected.daysOfMonth)
        #expect(expression.months == expected.months)
        #expect(expression.daysOfWeek == expected.daysOfWeek)
    }

    @Test(
        "a job is fixed-time unless its minute or hour field starts with *",
        arguments: [
            ("0 2 * * *", true), ("0-59/15 2 * * *", true), ("0 0-23 * * *", true), ("0 3,*/1 * * *", true),
            ("*/15 * * * *", false), ("0 */2 * * *", false), ("* 2 * * *", false), ("*/5 2 * * *", false),
            ("@daily", true), ("@weekly", true), ("@yearly", true), ("@hourly", false),
        ]
    )
    func fixedTimeRule(text: String, isFixedTime: Bool) throws {
        #expect(try CronExpression(text, timeZone: utc).isFixedTime == isFixedTime)
    }

    @Test(
        "days match either field only when neither day field starts with *",
        arguments: [
            ("0 0 13 * 5", true), ("0 0 1-7 * mon", true), ("0 0 * * 5", false), ("0 0 13 * *", false),
            ("0 0 */2 * 5", false), ("0 0 13 * */2", false), ("0 0 1-31 * 5", true), ("@weekly", false),
        ]
    )
    func dayRule(text: String, either: Bool) throws {
        #expect(try CronExpression(text, timeZone: utc).daysMatchEither == either)
    }

    @Test("CRON_TZ sets the zone; without it the default zone applies")
    func cronTZPrefix() throws {
        let prefixed = try CronExpression("CRON_TZ=America/New_York 0 2 * * *", timeZone: paris)
        #expect(prefixed.timeZone.identifier == "America/New_York")
        #expect(prefixed.source == "CRON_TZ=America/New_York 0 2 * * *")
        let plain = try CronExpression("0 2 * * *", timeZone: paris)
        #expect(plain.timeZone.identifier == "Europe/Paris")
        let macro = try CronExpression("CRON_TZ=UTC @daily", timeZone: paris)
        #expect(macro.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 0)
        #expect(macro.hours == [0])
    }

    @Test("expressions are equal when their text and zone are")
    func equality() throws {
        #expect(try CronExpression("0 2 * * *", timeZone: paris) == CronExpression("0 2 * * *", timeZone: paris))
        #expect(try CronExpression("0 2 * * *", timeZone: paris) != CronExpression("0 2 * * *", timeZone: utc))
        #expect(try Set([CronExpression("@daily", timeZone: utc), CronExpression("@daily", timeZone: utc)]).count == 1)
    }

    @Test(
        "IANA zone names are accepted exactly, offsets and unknown names are not",
        arguments: [
            ("Europe/Paris", true), ("America/New_York", true), ("Australia/Lord_Howe", true), ("UTC", true),
            ("Etc/UTC", true), ("Asia/Kolkata", true),
            ("europe/paris", false), ("GMT+2", false), ("UTC+1", false), ("GMT+0200", false),
            ("Mars/Olympus", false), ("", false), (" Europe/Paris", false),
        ]
    )
    func ianaNames(name: String, known: Bool) {
        #expect((TimeZone.iana(name) != nil) == known)
    }
}
