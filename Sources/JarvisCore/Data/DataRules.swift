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

    /// No control characters (line breaks included).
    static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { !($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
    }
}
