import Cron
import Foundation
import Testing

@testable import JarvisHTTP

@Suite("Dashboard language and formats")
struct DashboardLanguageTests {
    @Test(arguments: [
        (nil as String?, DashboardLanguage.french),
        ("", .french),
        ("en", .english),
        ("en-GB,en;q=0.9,fr;q=0.8", .english),
        ("fr-FR,fr;q=0.9,en;q=0.8", .french),
        ("en;q=0.3, fr;q=0.7", .french),
        ("fr;q=0.3, en;q=0.7", .english),
        ("de, es;q=0.9", .french),
        ("de, en;q=0.1", .english),
        ("*", .french),
        ("fr;q=0, *;q=0.5", .english),
        ("en;q=2, fr;q=0.5", .french),
        ("EN-us", .english),
        ("en;q=0.5, fr;q=0.5", .english),
    ])
    func theLanguageIsTheSupportedOneWithTheHighestQValue(header: String?, expected: DashboardLanguage) {
        #expect(DashboardLanguage.preferred(byAcceptLanguage: header) == expected)
    }

    @Test(arguments: [(0, "0 ms"), (350, "350 ms"), (4_200, "4.2 s"), (125_000, "2 min 05 s"), (3_720_000, "1 h 02 min")])
    func durationsReadAsAPersonWouldSayThem(milliseconds: Int, expected: String) {
        #expect(DashboardFormat.duration(milliseconds: milliseconds) == expected)
    }

    @Test(arguments: [
        ("0 2 * * *", "à 02:00 tous les jours (Europe/Paris)"),
        ("0 6 * * 1", "à 06:00 le lundi (Europe/Paris)"),
        ("*/15 * * * *", "toutes les 15 minutes"),
        ("*/15 8-20 * * 1-5", "toutes les 15 minutes de 08:00 à 20:59 du lundi au vendredi (Europe/Paris)"),
        ("0 * * * *", "toutes les heures"),
        ("30 * * * *", "à la minute 30 de chaque heure"),
        ("0 */2 * * *", "toutes les 2 heures, à l'heure pile (Europe/Paris)"),
        ("0 0 1 1 *", "à 00:00 le 1er janvier (Europe/Paris)"),
        ("0 9 1,15 * *", "à 09:00 les jours 1 et 15 du mois (Europe/Paris)"),
        ("0 9 * * 1,3,5", "à 09:00 le lundi, mercredi et vendredi (Europe/Paris)"),
        ("0 9 * 6-8 *", "à 09:00 tous les jours en juin à août (Europe/Paris)"),
    ])
    func frenchMeaningsReadAsAFrenchOperatorWouldSayThem(cron: String, expected: String) throws {
        let expression = try CronExpression(cron, timeZone: TimeZone(identifier: "Europe/Paris")!)
        #expect(DashboardStrings.french.meaning(expression) == expected)
        #expect(DashboardStrings.english.meaning(expression) == expression.explanation)
    }

    @Test func constantTimeComparisonTellsEqualFromDifferentStrings() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(!constantTimeEquals("", "a"))
        #expect(constantTimeEquals("", ""))
    }
}
