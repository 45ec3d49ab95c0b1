import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

@Suite("Cron endpoints: Upstash-Signature")
struct SignedTriggerTests {
    static let path = "/api/cron/counting"
    static let url = HTTPFixture.publicURL + path
    static let body = #"{"source":"schedule"}"#
    static let signature = HTTPField.Name("Upstash-Signature")!

    private func post(
        _ fixture: HTTPFixture,
        token: String,
        body: String = SignedTriggerTests.body,
        extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        try await fixture.test { client in
            try await client.execute(
                uri: Self.path,
                method: .post,
                headers: [Self.signature: token, .contentType: "application/json"] + extra,
                body: ByteBuffer(string: body)
            )
        }
    }

    @Test func aTokenSignedWithTheCurrentKeyRunsTheJob() async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        let token = UpstashToken.make(key: HTTPFixture.currentSigningKey, url: Self.url, body: Self.body, issuedAt: fixture.clock.now)
        let response = try await post(fixture, token: token)
        #expect(response.status == .ok)
        #expect(response.json?["status"]?.stringValue == "succeeded")
        #expect(job.runs == 1)
    }

    @Test func aTokenSignedWithTheNextKeyIsAcceptedDuringARotation() async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        let token = UpstashToken.make(key: HTTPFixture.nextSigningKey, url: Self.url, body: Self.body, issuedAt: fixture.clock.now)
        #expect(try await post(fixture, token: token).status == .ok)
        #expect(job.runs == 1)
    }

    @Test func anEmptyBodyIsSignedAsTheHashOfNothing() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()])
        let token = UpstashToken.make(key: HTTPFixture.currentSigningKey, url: Self.url, body: "", issuedAt: fixture.clock.now)
        #expect(try await post(fixture, token: token, body: "").status == .ok)
    }

    /// Tokens that must be refused, each wrong in one way only.
    enum BadToken: String, CaseIterable, Sendable {
        case tamperedBody, wrongSub, anotherHost, expired, notYetValid, unknownKey, anotherIssuer, algorithmNone, garbage

        func make(now: Date) -> String {
            let key = HTTPFixture.currentSigningKey
            switch self {
            case .tamperedBody, .wrongSub, .anotherHost, .expired, .notYetValid, .unknownKey, .anotherIssuer, .algorithmNone:
                let url =
                    switch self {
                    case .wrongSub: HTTPFixture.publicURL + "/api/cron/weekly-reports"
                    case .anotherHost: "https://evil.example.com" + SignedTriggerTests.path
                    default: SignedTriggerTests.url
                    }
                let issuedAt =
                    switch self {
                    case .expired: now.addingTimeInterval(-3600)
                    case .notYetValid: now.addingTimeInterval(3600)
                    default: now
                    }
                return UpstashToken.make(
                    key: self == .unknownKey ? "sig_someone_else_0123456789" : key,
                    url: url,
                    body: SignedTriggerTests.body,
                    issuedAt: issuedAt,
                    issuer: self == .anotherIssuer ? "Someone" : "Upstash",
                    algorithm: self == .algorithmNone ? "none" : "HS256"
                )
            case .garbage:
                return "not.a.jwt"
            }
        }

        /// The body sent: the tampered case sends another body than the one the token signed.
        var sentBody: String { self == .tamperedBody ? #"{"source":"schedule","extra":1}"# : SignedTriggerTests.body }
    }

    @Test(arguments: BadToken.allCases)
    func aBadSignatureAnswers401WithTheContractBody(_ bad: BadToken) async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        let response = try await post(fixture, token: bad.make(now: fixture.clock.now), body: bad.sentBody)
        #expect(response.status == .unauthorized)
        #expect(response.text == CronEndpointTests.unauthorizedBody)
        #expect(job.runs == 0)
    }

    @Test func aTokenWithinTheClockToleranceIsAccepted() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()])
        // Expired 30 s ago by the appliance's clock: within the 60 s tolerance.
        let token = UpstashToken.make(
            key: HTTPFixture.currentSigningKey,
            url: Self.url,
            body: Self.body,
            issuedAt: fixture.clock.now.addingTimeInterval(-330),
            lifetime: 300
        )
        #expect(try await post(fixture, token: token).status == .ok)
    }

    @Test func withoutSigningKeysASignedRequestIsRefused() async throws {
        let fixture = try HTTPFixture(jobs: [CountingJob()], signingKeys: false)
        let token = UpstashToken.make(key: HTTPFixture.currentSigningKey, url: Self.url, body: Self.body, issuedAt: fixture.clock.now)
        #expect(try await post(fixture, token: token).status == .unauthorized)
    }

    @Test func aRedeliveredMessageReturnsTheFirstRunWithoutRunningAgain() async throws {
        let job = CountingJob()
        let fixture = try HTTPFixture(jobs: [job])
        let messageID: HTTPFields = [.init("Upstash-Message-Id")!: "msg_26hZCxZCuWyyTWPmSVBrNC1RADwpgWxPcak2rQD51EMjFMuzcW7qYXpPiDyw9Gd"]
        let first = try await post(
            fixture,
            token: UpstashToken.make(key: HTTPFixture.currentSigningKey, url: Self.url, body: Self.body, issuedAt: fixture.clock.now),
            extra: messageID
        )
        fixture.clock.advance(by: 12)
        // The service signs each delivery afresh, with the same message id.
        let redelivery = try await post(
            fixture,
            token: UpstashToken.make(key: HTTPFixture.currentSigningKey, url: Self.url, body: Self.body, issuedAt: fixture.clock.now),
            extra: messageID + [.init("Upstash-Retried")!: "1"]
        )
        #expect(first.status == .ok)
        #expect(redelivery.status == .ok)
        #expect(redelivery.json?["runId"] == first.json?["runId"])
        #expect(redelivery.json?["replayed"] == true)
        #expect(job.runs == 1)
    }
}
