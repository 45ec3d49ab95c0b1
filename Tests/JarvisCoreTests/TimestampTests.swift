import Foundation
import Testing

@testable import JarvisCore

@Suite("Timestamps")
struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (1_806_195_600.123, "2027-03-28T01:00:00.123Z"),
        (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
    ])
    func formatsUTCWithMilliseconds(_ seconds: Double, _ text: String) {
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.date(from: text) == Date(timeIntervalSince1970: seconds))
    }

    @Test func truncatesBelowTheMillisecond() {
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: 1.9996)) == "1970-01-01T00:00:01.999Z")
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: -1.0004)) == "1969-12-31T23:59:58.999Z")
    }

    @Test func agreesWithFoundationsISO8601FormatterAndSortsAsTime() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SystemRandomNumberGenerator()
        var instants: [Date] = []
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: 0...4_102_444_799_999, using: &random)
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = Timestamp.string(from: date)
            #expect(text == formatter.string(from: date), "\(milliseconds)")
            #expect(Timestamp.string(from: Timestamp.date(from: text)!) == text)
            instants.append(date)
        }
        let byTime = instants.sorted().map(Timestamp.string(from:))
        #expect(byTime == byTime.sorted())
    }

    @Test func parsesWholeSecondsAndFractionsUpToNineDigits() {
        #expect(Timestamp.date(from: "2027-03-28T01:00:00Z") == Date(timeIntervalSince1970: 1_806_195_600))
        #expect(Timestamp.date(from: "2027-03-28T01:00:00.5Z") == Date(timeIntervalSince1970: 1_806_195_600.5))
        #expect(Timestamp.date(from: "2027-03-28T01:00:00.123456789Z") != nil)
    }

    @Test(arguments: [
        "", "2027-03-28", "2027-03-28T01:00:00", "2027-03-28 01:00:00Z", "2027-03-28T01:00:00+01:00",
        "2027-13-01T00:00:00Z", "2027-02-29T00:00:00Z", "2027-04-31T00:00:00Z", "2027-03-28T24:00:00Z",
        "2027-03-28T01:60:00Z", "2027-03-28T01:00:00.Z", "2027-03-28T01:00:00.1234567890Z", "2027-03-2xT01:00:00Z",
    ])
    func rejectsAnythingElse(_ text: String) {
        #expect(Timestamp.date(from: text) == nil)
    }
}
