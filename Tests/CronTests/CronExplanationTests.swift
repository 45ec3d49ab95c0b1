import Cron
import Foundation
import Testing

@Suite("Plain descriptions of cron expressions")
struct CronExplanationTests {
    @Test(
        "describes schedules in plain words, naming the zone when wall-clock times or days matter",
        arguments: [
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
            ("0 0 31 4 *", "at 00:00 on 31 April (Europe/Paris), a date that never occurs"),
        ]
    )
    func explains(text: String, explanation: String) throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let expression = try CronExpression(text, timeZone: paris)
        #expect(expression.explanation == explanation)
        #expect(expression.explanation(in: .english) == explanation)
    }

    @Test(
        "describes schedules in French with the same phrases, a first day as 1er and weekday runs as du … au",
        arguments: [
            ("0 2 * * *", "à 02:00 tous les jours (Europe/Paris)"),
            ("0 6 * * 1", "à 06:00 le lundi (Europe/Paris)"),
            ("*/15 * * * *", "toutes les 15 minutes"),
            ("* * * * *", "chaque minute"),
            ("@hourly", "toutes les heures"),
            ("30 * * * *", "à la minute 30 de chaque heure"),
            ("15,45 * * * *", "aux minutes 15 et 45 de chaque heure"),
            ("*/7 * * * *", "aux minutes 0, 7, 14, ..., 56 de chaque heure"),
            ("@weekly", "à 00:00 le dimanche (Europe/Paris)"),
            ("@monthly", "à 00:00 le 1er du mois (Europe/Paris)"),
            ("@yearly", "à 00:00 le 1er janvier (Europe/Paris)"),
            ("0 */2 * * *", "toutes les 2 heures, à l'heure pile (Europe/Paris)"),
            ("15 */2 * * *", "toutes les 2 heures, à la minute 15 (Europe/Paris)"),
            ("30 */6 * * *", "à 00:30, 06:30, 12:30 et 18:30 tous les jours (Europe/Paris)"),
            ("30 2 * * 1-5", "à 02:30 du lundi au vendredi (Europe/Paris)"),
            ("0,30 9-17 * * mon-fri", "toutes les 30 minutes de 09:00 à 17:59 du lundi au vendredi (Europe/Paris)"),
            ("*/10 1,3,5 * * *", "toutes les 10 minutes pendant les heures 1, 3 et 5 (Europe/Paris)"),
            ("* 2 * * *", "chaque minute de 02:00 à 02:59 (Europe/Paris)"),
            ("0 12 * * 6,0", "à 12:00 le samedi et dimanche (Europe/Paris)"),
            ("0 9 * * 1,3,5", "à 09:00 le lundi, mercredi et vendredi (Europe/Paris)"),
            ("0 0 13 * 5", "à 00:00 le 13 du mois et chaque vendredi (Europe/Paris)"),
            ("0 0 */2 * 5", "à 00:00 les jours 1, 3, 5, ..., 31 du mois quand c'est un vendredi (Europe/Paris)"),
            ("0 9 1,15 * *", "à 09:00 les jours 1 et 15 du mois (Europe/Paris)"),
            ("0 9 * 1-3 *", "à 09:00 tous les jours en janvier à mars (Europe/Paris)"),
            ("0 0 1 1,7 *", "à 00:00 le 1er du mois en janvier et juillet (Europe/Paris)"),
            ("0 1/2 * * *", "à la minute 0 des heures 1, 3, 5, ..., 23 tous les jours (Europe/Paris)"),
            ("CRON_TZ=America/New_York 0 2 * * *", "à 02:00 tous les jours (America/New_York)"),
            ("0 0 30 2 *", "à 00:00 le 30 février (Europe/Paris), une date qui n'existe jamais"),
            ("0 0 31 4 *", "à 00:00 le 31 avril (Europe/Paris), une date qui n'existe jamais"),
        ]
    )
    func explainsInFrench(text: String, explanation: String) throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        #expect(try CronExpression(text, timeZone: paris).explanation(in: .french) == explanation)
    }
}
