import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body, as browsers send forms.
struct FormFields: Sendable {
    /// A form body is small; anything larger is refused with 413.
    static let maximumBodySize = 16 * 1024

    private var fields: [String: String] = [:]

    init(encoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first else { continue }
            let name = Self.decode(rawName)
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            // The first occurrence wins, so a field cannot be overridden by a repeated one.
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// Reads the body of a form post.
    static func read(_ request: Request) async throws -> FormFields {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodySize)
        } catch {
            throw APIError(.contentTooLarge, "The form is larger than \(maximumBodySize / 1024) KiB")
        }
        return FormFields(encoded: String(buffer: buffer))
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
