import Cron
import Foundation

/// The rules every write of the data plane shares, whichever way the data comes in (the kiosk
/// API, the management API, the CLI, a bulk import): the limits of each kind of value and the
/// parsers that refuse what breaks them, naming the field.
public enum DataRules {
    /// External ids (a source system's uuid, a kiosk's event id): 1 to 128 printable characters.
    public static let maxExternalIDLength = 128
    /// Names (a gym's, a member's first or last name, a kiosk's): at most 100 characters on one line.
    public static let maxNameLength = 100
    /// One transcript line, in UTF-8 bytes: a few minutes of speech. A longer line is refused,
    /// not cut, so that nothing is stored other than what was said.
    public static let maxTranscriptLineBytes = 16_384
    /// A conversation summary, in UTF-8 bytes.
    public static let maxSummaryBytes = 16_384
    /// A member fact, in UTF-8 bytes.
    public static let maxFactBytes = 2_048
    /// A summary's topics: at most 10, each 1 to 64 characters.
    public static let maxTopics = 10
    public static let maxTopicLength = 64
    /// A JSON document stored beside a row (session metadata, opening hours), in UTF-8 bytes.
    public static let maxJSONBytes = 65_536
    /// How far in the future an event's instant may be: a kiosk's clock a little ahead of the
    /// appliance's is accepted, more is refused, since a visit or a session that has not
    /// happened yet would distort every job that reads it.
    public static let futureTolerance: TimeInterval = 300

    /// An external id, trimmed of nothing: it is the other system's key, kept exactly.
    public static func externalID(_ text: String, field: String) throws -> String {
        guard (1...maxExternalIDLength).contains(text.unicodeScalars.count), isPrintable(text) else {
            throw JarvisError.invalid(field, "\(field): an external id is 1 to \(maxExternalIDLength) printable characters")
        }
        return text
    }

    /// A name: trimmed, 1 to ``maxNameLength`` characters, on one line.
    public static func name(_ text: String, field: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...maxNameLength).contains(name.count), isPrintable(name) else {
            throw JarvisError.invalid(field, "\(field): a name is 1 to \(maxNameLength) characters on one line")
        }
        return name
    }

    /// A text of at most `maxBytes` UTF-8 bytes, not empty once trimmed (line breaks allowed).
    public static func text(_ text: String, field: String, maxBytes: Int) throws -> String {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw JarvisError.invalid(field, "\(field): the text is empty")
        }
        guard text.utf8.count <= maxBytes else {
            throw JarvisError.refused(
                field,
                "\(field): the text is \(text.utf8.count) bytes long; at most \(maxBytes) are accepted",
                reason: "too_long",
                value: "\(text.utf8.count) bytes"
            )
        }
        return text
    }

    /// An instant written in RFC 3339 (`2026-12-02T08:15:00Z`, `2026-12-02T09:15:00.250+01:00`),
    /// refused if it is more than ``futureTolerance`` after `now`.
    public static func instant(_ text: String, field: String, notAfter now: Date) throws -> Date {
        guard let date = RFC3339Timestamp.date(from: text) else {
            throw JarvisError.invalid(
                field,
                "\(field): '\(text.prefix(64))' is not an RFC 3339 instant such as 2026-12-02T08:15:00Z or 2026-12-02T09:15:00+01:00"
            )
        }
        return try notInFuture(date, field: field, now: now)
    }

    /// `date`, unless it is more than ``futureTolerance`` after `now`: a clock ahead of the
    /// appliance's by more than that is named, with both times.
    public static func notInFuture(_ date: Date, field: String, now: Date) throws -> Date {
        guard date.timeIntervalSince(now) <= futureTolerance else {
            throw JarvisError.refused(
                field,
                "\(field): \(Timestamp.string(from: date)) is in the future (the appliance's clock reads \(Timestamp.string(from: now)); "
                    + "at most \(Int(futureTolerance / 60)) minutes ahead are accepted): check the sender's clock",
                reason: "in_future",
                value: Timestamp.string(from: date)
            )
        }
        return date
    }

    /// `true`/`false` or `1`/`0`.
    public static func boolean(_ text: String, field: String) throws -> Bool {
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default: throw JarvisError.invalid(field, "\(field): '\(text.prefix(64))' is not true, false, 1 or 0")
        }
    }

    /// A date, `YYYY-MM-DD` (midnight UTC), or an RFC 3339 instant.
    public static func date(_ text: String, field: String) throws -> Date {
        if text.utf8.count == 10, let date = RFC3339Timestamp.date(from: text + "T00:00:00Z") {
            return date
        }
        guard let date = RFC3339Timestamp.date(from: text) else {
            throw JarvisError.invalid(field, "\(field): '\(text.prefix(64))' is not a date such as 2026-12-02 nor an RFC 3339 instant")
        }
        return date
    }

    /// An IANA time zone name, by the same strict check as schedules (`TimeZone.iana`):
    /// `Europe/Paris` is accepted, `GMT+2` and `Paris` are not.
    public static func timeZone(_ text: String, field: String) throws -> String {
        guard TimeZone.iana(text) != nil else {
            throw JarvisError.invalid(field, "\(field): '\(text.prefix(64))' is not an IANA time zone such as Europe/Paris or America/Martinique")
        }
        return text
    }

    /// Opening hours as the kiosk-health job reads them (``OpeningHours``): `"24/7"` or
    /// `{"mon":"06:00-22:00",…,"sun":null}`. Returns the JSON text to store.
    public static func openingHours(_ value: JSONValue, field: String) throws -> String {
        let text = value.jsonText
        guard OpeningHours(json: text) != nil else {
            throw JarvisError.invalid(
                field,
                "\(field): opening hours are \"24/7\" or an object such as {\"mon\":\"06:00-22:00\",\"sun\":null} (days mon…sun, HH:MM-HH:MM or null)"
            )
        }
        return text
    }

    /// A gym's or a kiosk's slug: 1 to 64 lowercase ASCII letters, digits and hyphens, not
    /// starting with a hyphen (the schema's CHECK, with a length).
    public static func slug(_ text: String, field: String) throws -> String {
        let allowed = text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        guard allowed, let first = text.utf8.first, first != 0x2D, text.utf8.count <= 64 else {
            throw JarvisError.invalid(
                field,
                "\(field): '\(text.prefix(64))' is not a slug: use 1 to 64 lowercase letters, digits and hyphens, not starting with a hyphen"
            )
        }
        return text
    }

    /// A SHA-256 hash as 64 lowercase hexadecimal digits.
    public static func sha256Hex(_ text: String, field: String) throws -> String {
        guard text.utf8.count == 64, text.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw JarvisError.invalid(field, "\(field): a SHA-256 hash is 64 lowercase hexadecimal digits")
        }
        return text
    }

    /// A JSON object of at most ``maxJSONBytes``; returns its stored text.
    public static func jsonObject(_ value: JSONValue, field: String) throws -> String {
        guard case .object = value else { throw JarvisError.invalid(field, "\(field): expected a JSON object") }
        let text = value.jsonText
        guard text.utf8.count <= maxJSONBytes else {
            throw JarvisError.refused(
                field,
                "\(field): the JSON is \(text.utf8.count) bytes long; at most \(maxJSONBytes) are accepted",
                reason: "too_long",
                value: "\(text.utf8.count) bytes"
            )
        }
        return text
    }

    /// A summary's topics: a JSON array of at most ``maxTopics`` texts of 1 to
    /// ``maxTopicLength`` characters; returns its stored text.
    public static func topics(_ value: JSONValue, field: String) throws -> String {
        guard case .array(let items) = value, items.count <= maxTopics,
            items.allSatisfy({ item in
                guard case .string(let topic) = item else { return false }
                return (1...maxTopicLength).contains(topic.count) && isPrintable(topic)
            })
        else {
            throw JarvisError.invalid(field, "\(field): topics are a JSON array of at most \(maxTopics) texts of 1 to \(maxTopicLength) characters")
        }
        return value.jsonText
    }

    /// A sentiment score, from −1 to 1.
    public static func sentimentScore(_ value: Double, field: String) throws -> Double {
        guard (-1...1).contains(value) else {
            throw JarvisError.invalid(field, "\(field): \(value) is not between -1 and 1")
        }
        return value
    }

    /// No control characters (line breaks included).
    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
    }
}
