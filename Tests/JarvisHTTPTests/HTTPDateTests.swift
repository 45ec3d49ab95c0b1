import Testing

@testable import JarvisHTTP

@Suite("Date header")
struct HTTPDateTests {
    @Test(arguments: [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_796_075_847, "Mon, 30 Nov 2026 21:57:27 GMT"),
        (1_803_859_199, "Sun, 28 Feb 2027 23:59:59 GMT"),
        (1_803_859_200, "Mon, 01 Mar 2027 00:00:00 GMT"),
        (1_835_438_400, "Tue, 29 Feb 2028 12:00:00 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int, expected: String) {
        #expect(HTTPDate.format(seconds) == expected)
    }
}
