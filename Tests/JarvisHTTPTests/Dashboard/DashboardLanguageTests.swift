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

    @Test func constantTimeComparisonTellsEqualFromDifferentStrings() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(!constantTimeEquals("", "a"))
        #expect(constantTimeEquals("", ""))
    }
}
