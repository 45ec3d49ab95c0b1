import Foundation
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import NIOCore
import Testing

/// Slow and idle clients over a raw TCP connection to a listening server.
@Suite("Connection timeouts")
struct ConnectionTimeoutTests {
    /// Short timeouts, so that each test waits about a second.
    static let short = ConnectionTimeouts(header: .milliseconds(600), body: .milliseconds(600), idle: .milliseconds(2000))

    @Test func theDefaultsAreTenSecondsForAHeadOrABodyAndSixtyForKeepAlive() {
        let standard = ConnectionTimeouts.standard
        #expect(standard.header == .seconds(10))
        #expect(standard.body == .seconds(10))
        #expect(standard.idle == .seconds(60))
    }

    /// The production application (`buildApplication`), with its default timeouts.
    @Test func theProductionServerClosesAConnectionThatSendsNothingAfterTenSeconds() async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let closed = try await LiveServer.run(fixture) { port in
            let connection = try RawConnection(port: port)
            return await connection.readUntilClosed(limit: .seconds(20))
        }
        let result = try #require(closed, "the connection was still open after 20 s")
        #expect(result.text.isEmpty, "no answer to no request")
        #expect(result.after >= .seconds(9.9) && result.after < .seconds(14), "closed after \(result.after)")
    }

    @Test func aHeadSentAByteAtATimeIsCutOffAtTheHeaderTimeoutHoweverTheBytesTrickle() async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let closed = try await LiveServer.run(fixture, timeouts: Self.short) { port in
            let connection = try RawConnection(port: port)
            let trickle = Task {
                // A byte every 100 ms: 35 bytes would take 3.5 s.
                for byte in "GET /api/health HTTP/1.1\r\nHost: a\r\n\r\n" {
                    guard (try? connection.send(String(byte))) != nil else { return }
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            defer { trickle.cancel() }
            return await connection.readUntilClosed(limit: .seconds(5))
        }
        let result = try #require(closed, "a trickling head kept the connection open")
        #expect(result.text.isEmpty, "the head never arrived whole, so no answer: \(result.text)")
        #expect(result.after >= .milliseconds(500) && result.after < .seconds(3), "closed after \(result.after)")
    }

    @Test func aKeepAliveConnectionOutlivesTheHeaderTimeoutAndClosesAtTheIdleTimeout() async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let (answer, closed) = try await LiveServer.run(fixture, timeouts: Self.short) { port in
            let connection = try RawConnection(port: port)
            try connection.send("GET /api/health HTTP/1.1\r\nHost: a\r\n\r\n")
            let answer = await connection.read(until: "}", limit: .seconds(5))
            return (answer, await connection.readUntilClosed(limit: .seconds(8)))
        }
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        let result = try #require(closed, "an idle keep-alive connection stayed open")
        // 2 s of keep-alive after the answer, well past the 0.6 s for a head.
        #expect(result.after >= .milliseconds(1950) && result.after < .seconds(6), "closed \(result.after) after the connection was made")
    }

    @Test func aBodyThatStopsComingIsCutOffAtTheBodyTimeout() async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let closed = try await LiveServer.run(fixture, timeouts: Self.short) { port in
            let connection = try RawConnection(port: port)
            try connection.send("POST /api/kiosks/k/heartbeat HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n{\"uptime")
            return await connection.readUntilClosed(limit: .seconds(5))
        }
        let result = try #require(closed, "a stalled body kept the connection open")
        #expect(result.after >= .milliseconds(500) && result.after < .seconds(3), "closed after \(result.after)")
    }

    @Test func anAnswerThatTakesLongerThanEveryTimeoutStillArrives() async throws {
        let job = GatedJob()
        let fixture = try HTTPFixture.onAnyPort(jobs: [job])
        let answer = try await LiveServer.run(fixture, timeouts: Self.short) { port in
            let connection = try RawConnection(port: port)
            try connection.send(
                "POST /api/cron/gated HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer \(HTTPFixture.cronSecret)\r\nContent-Length: 0\r\n\r\n"
            )
            Task {
                // The job works for 2.5 s: longer than the head, body and keep-alive timeouts.
                try await Task.sleep(for: .milliseconds(2500))
                job.open()
            }
            return await connection.read(until: "}", limit: .seconds(10))
        }
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(job.started == 1)
    }
}
