import Foundation
import Testing

@testable import JarvisCore

@Suite("Kiosk tokens")
struct KioskTokenTests {
    @Test func theStoredHashIsTheLowercaseHexSHA256OfTheToken() {
        // FIPS 180-2's test vector.
        #expect(KioskToken.hash(Secret("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func newTokensAre64RandomHexDigits() {
        let first = KioskToken.generate().value
        #expect(first.count == 64 && first.allSatisfy(\.isHexDigit))
        #expect(first != KioskToken.generate().value)
    }

    @Test(arguments: [
        ("ba7816bf", "ba7816bf", true),
        ("ba7816bf", "ba7816bE", false),
        ("ba7816bf", "ba7816b", false),
        ("ba7816b", "ba7816bf", false),
        ("", "", true),
        ("ba7816bf", "", false),
    ])
    func hashesMatchOnlyWhenEqual(_ presented: String, _ stored: String, _ expected: Bool) {
        #expect(KioskToken.hashesMatch(presented, stored) == expected)
    }

    @Test func noTokenMatchesTheHashOfAKioskWithoutToken() {
        #expect(!KioskToken.hashesMatch(KioskToken.hash(Secret(KioskToken.unmatchableHash)), KioskToken.unmatchableHash))
    }
}
