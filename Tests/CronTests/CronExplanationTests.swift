import Foundation
import Testing
import Cron

@Suite("Plain descriptions of cron expressions")
struct CronExplanationTests {
    @Test("describes schedules in plain words, naming the zone when wall-clock times or days matter", arguments: [
        ("0 2 * * *", "at 02:00 every day (Europe/Paris)"),
        ("0 3 * * *", "at 03:00 every day (Europe/Paris)"),
        ("0 6 * * 1", "at 06:00 on Monday (Europe/Paris)"),
        ("*/15 * * * *", "every 15 minutes"),
        ("* * * * *", "every minute"),
        ("@hourly", "every hour"),
        ("15,45 * * * *", "at 15 and 45 minutes past every hour"),
        ("*/7 * * * *", "at 0, 7, 14, ..., 56 minutes past every hour"),
        ("@daily", "at 00:00 every day (Europe/Paris)"),
        ("@weekly", "at 00:00 on Sunday (Europe/Paris)"),
        ("@monthly", "at 00:00 on day 1 of the month (Europe/Paris)"),
        ("@yearly", "at 00:00 on 1 January (Europe/Paris)"),
        ("0 */2 * * *", "every 2 hours, on the hour (Europe/Paris)"),
        ("30 */6 * * *", "at 00:30, 06:30, 12:30 and 18:30 every day (Europe/Paris)"),
        ("30 2 * * 1-5", "at 02:30 on Monday to Friday (Europe/Paris)"),
        ("0,30 9-17 * * mon-fri", "every 30 minutes from 09:00 to 17:59 on Monday to Friday (Europe/Paris)"),
        ("*/5 9-17 * * *", "every 5 minutes from 09:00 to 17:59 (Europe/Paris)"),
        ("* 2 * * *", "every minute from 02:00 to 02:59 (Europe/Paris)"),
        ("0 12 * * 6,0", "at 12:00 on Saturday and Sunday (Europe/Paris)"),
        ("0 12 * * sun,sat", "at 12:00 on Saturday and Sunday (Europe/Paris)"),
        ("0 0 * * 1-7", "at 00:00 every day (Europe/Paris)"),
        ("0 0 13 * 5", "at 00:00 on day 13 of the month and on every Friday (Europe/Paris)"),
        ("0 0 */2 * 5", "at 00:00 on days 1, 3, 5, ..., 31 of the month when it is a Friday (Europe/Paris)"),
        ("0 9 1,15 * *", "at 09:00 on days 1 and 15 of the month (Europe/Paris)"),
        ("0 9 * 1-3 *", "at 09:00 every day in January to March (Europe/Paris)"),
        ("0 0 1 1,7 *", "at 00:00 on day 1 of the month in January and July (Europe/Paris)"),
        ("0 1/2 * * *", "at minute 0 past hours 1, 3, 5, ..., 23 every day (Europe/Paris)"),
        ("0 8-18/2 * * *", "at 08:00, 10:00, 12:00, 14:00, 16:00 and 18:00 every day (Europe/Paris)"),
        ("CRON_TZ=America/New_York 0 2 * * *", "at 02:00 every day (America/New_York)"),
        ("0 0 30 2 *", "at 00:00 on 30 February (Europe/Paris), a date that never occurs"),
    ])
    func explains(text: String, explanation: String) throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(try CronExpression(text, timeZone: paris).explanation == explanation)
    }
}
