import Foundation
import Hummingbird
import JarvisCore

/// The optional JSON body of a heartbeat: `{"softwareVersion": "2.5.0", "uptimeSeconds": 86400}`.
/// Both fields may be left out or null, and an empty body is a heartbeat with neither; other
/// fields are ignored, so that newer kiosk software can send more.
struct HeartbeatBody: Decodable, Equatable {
    var softwareVersion: String?
    var uptimeSeconds: Int?

    /// Why a body was refused, for the 400 answer.
    struct Invalid: Error {
        let message: String
    }

    static let expected =
        "the body must be empty or a JSON object with optional \"softwareVersion\" (text, 1 to \(KioskHeartbeat.maxSoftwareVersionLength) printable characters) and \"uptimeSeconds\" (a whole number of seconds, 0 to \(KioskHeartbeat.maxUptimeSeconds))"

    static func parse(_ buffer: ByteBuffer) throws(Invalid) -> HeartbeatBody {
        let bytes = buffer.readableBytesView
        guard bytes.contains(where: { !Self.isJSONWhitespace($0) }) else { return HeartbeatBody() }
        let body: HeartbeatBody
        do {
            body = try JSONDecoder().decode(HeartbeatBody.self, from: Data(bytes))
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw Invalid(message: "\"\(context.codingPath[0].stringValue)\" has the wrong type; \(expected)")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw Invalid(message: "\"\(context.codingPath[0].stringValue)\" is not valid; \(expected)")
        } catch {
            throw Invalid(message: "the body is not a JSON object; \(expected)")
        }
        if let version = body.softwareVersion {
            guard (1...KioskHeartbeat.maxSoftwareVersionLength).contains(version.unicodeScalars.count),
                version.unicodeScalars.allSatisfy({ !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) })
            else { throw Invalid(message: "\"softwareVersion\" is empty, too long or holds control characters; \(expected)") }
        }
        if let uptime = body.uptimeSeconds, !(0...KioskHeartbeat.maxUptimeSeconds).contains(uptime) {
            throw Invalid(message: "\"uptimeSeconds\" is out of range; \(expected)")
        }
        return body
    }

    private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
