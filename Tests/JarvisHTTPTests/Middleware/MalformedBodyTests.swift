import Foundation
import JarvisCore
import JarvisHTTP
import JarvisTestSupport
import Testing

/// A body whose chunked framing is broken, sent over a raw connection to the listening server.
@Suite("Malformed request bodies")
struct MalformedBodyTests {
    @Test(arguments: [
        "POST /api/kiosks/borne-1/heartbeat",
        "POST /api/cron/daily-churn-analysis",
        "GET /api/health",
        "PUT /nowhere",
    ])
    func aChunkSizeThatIsNotHexadecimalAnswers400JSONAndClosesTheConnection(_ requestLine: String) async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let closed = try await LiveServer.run(fixture) { port in
            let connection = try RawConnection(port: port)
            try connection.send(
                "\(requestLine) HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"
            )
            return await connection.readUntilClosed(limit: .seconds(5))
        }
        let answer = try #require(closed, "the connection stayed open").text
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(answer)")
        #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "one answer only: \(answer)")
        #expect(answer.lowercased().contains("content-type: application/json"), "\(answer)")
        #expect(answer.lowercased().contains("connection: close"), "\(answer)")
        #expect(
            answer.hasSuffix("\r\n\r\n{\"error\":\"Malformed request: a chunk size of the chunked body is not a hexadecimal number\"}"),
            "\(answer)"
        )
        #expect(!fixture.log.text.contains("request failed"), "not logged as a server error")
        #expect(fixture.log.text.contains("http.status=400"), "the access log counts it as a 400")
    }

    @Test func aWellFormedChunkedBodyIsStillRead() async throws {
        let fixture = try HTTPFixture.onAnyPort()
        let closed = try await LiveServer.run(fixture) { port in
            let connection = try RawConnection(port: port)
            try connection.send("PUT /nowhere HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
            return await connection.readUntilClosed(limit: .seconds(5))
        }
        let answer = try #require(closed).text
        #expect(answer.hasPrefix("HTTP/1.1 404"), "the route, not the framing, decides: \(answer)")
    }
}
