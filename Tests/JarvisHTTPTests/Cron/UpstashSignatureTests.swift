import Foundation
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("UpstashSignature")
struct UpstashSignatureTests {
    let verifier = UpstashSignature(currentKey: Secret(HTTPFixture.currentSigningKey), nextKey: Secret(HTTPFixture.nextSigningKey))
    let now = HTTPFixture.start

    private func verify(_ token: String, body: String = SignedTriggerTests.body) -> Result<Void, UpstashSignature.Rejection> {
        verifier.verify(token, url: SignedTriggerTests.url, body: Array(body.utf8), now: now)
    }

    @Test(arguments: [
        (SignedTriggerTests.BadToken.tamperedBody, UpstashSignature.Rejection.bodyMismatch),
        (.wrongSub, .wrongSubject), (.anotherHost, .wrongSubject), (.expired, .expired), (.notYetValid, .notYetValid),
        (.unknownKey, .badSignature), (.anotherIssuer, .wrongIssuer), (.algorithmNone, .unsupportedAlgorithm), (.garbage, .malformed),
    ])
    func eachFlawIsRefusedForItsOwnReason(_ bad: SignedTriggerTests.BadToken, _ reason: UpstashSignature.Rejection) {
        let result = verify(bad.make(now: now), body: bad.sentBody)
        guard case .failure(let rejection) = result else {
            Issue.record("\(bad) was accepted")
            return
        }
        #expect(rejection == reason, "\(bad)")
    }

    @Test func theBodyClaimMatchesWithOrWithoutItsPadding() throws {
        let padded = UpstashToken.make(key: HTTPFixture.currentSigningKey, url: SignedTriggerTests.url, body: SignedTriggerTests.body, issuedAt: now)
        #expect((try? verify(padded).get()) != nil)

        // The same claims with the `=` of the body hash removed, signed again.
        let parts = padded.split(separator: ".").map(String.init)
        let claims = String(decoding: try #require(Data(base64Encoded: Self.base64(parts[1]))), as: UTF8.self)
        #expect(claims.contains("=\""), "the service's body claim carries its padding")
        let unpadded = UpstashToken.sign(
            header: parts[0],
            claims: claims.replacingOccurrences(of: "=\"", with: "\""),
            key: HTTPFixture.currentSigningKey
        )
        #expect((try? verify(unpadded).get()) != nil)
    }

    @Test func withoutKeysNothingIsAccepted() {
        let none = UpstashSignature(currentKey: nil, nextKey: nil)
        let token = UpstashToken.make(key: HTTPFixture.currentSigningKey, url: SignedTriggerTests.url, body: SignedTriggerTests.body, issuedAt: now)
        guard case .failure(let rejection) = none.verify(token, url: SignedTriggerTests.url, body: Array(SignedTriggerTests.body.utf8), now: now)
        else {
            Issue.record("accepted without keys")
            return
        }
        #expect(rejection == .noKeyConfigured)
    }

    private static func base64(_ url: String) -> String {
        let text = url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return text + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }
}
