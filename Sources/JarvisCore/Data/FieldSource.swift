import Cron
import Foundation

/// A row's fields by column name, whatever carried the row: a CSV row (``CSVRowFields``), an
/// NDJSON object (``JSONObjectFields``), an HTTP JSON body (``JSONBodyFields``).
///
/// The records (``GymRecord``, ``MemberRecord``…) read their columns through it, so one row
/// is parsed by the same rules whichever way it came in. Absent and null are the same: nil.
public protocol FieldSource {
    /// The columns the row names: a CSV file's header, an object's keys (as column names).
    var columnNames: [String] { get }
    /// A column's value; nil when the column is absent or null (an empty CSV field).
    func value(_ column: String) -> FieldValue?
    /// Calls `body` with a text column's UTF-8 bytes, without making a `String` when the source
    /// can avoid it; nil when the column is absent, null or not text.
    func withUTF8<T>(_ column: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T?
}

extension FieldSource {
    public func withUTF8<T>(_ column: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T? {
        switch value(column) {
        case .text(var text)?: return try text.withUTF8(body)
        case .json(.string(var text))?: return try text.withUTF8(body)
        default: return nil
        }
    }

    /// Refuses a column that is not one of `known`, naming it.
    public func refuseUnknownColumns(_ known: [String]) throws {
        for name in columnNames where !known.contains(name) {
            throw JarvisError.invalid(name, "\(name): unknown column; the columns are \(known.joined(separator: ", "))")
        }
    }

    /// A text column; nil when absent. A JSON value other than a string is refused.
    public func string(_ column: String) throws -> String? {
        switch value(column) {
        case nil, .json(.null)?: return nil
        case .text(let text)?: return text
        case .json(.string(let text))?: return text
        case .json?: throw JarvisError.invalid(column, "\(column): expected a text")
        }
    }

    /// A text column that must be there.
    public func required(_ column: String) throws -> String {
        guard let text = try string(column) else { throw Self.missing(column) }
        return text
    }

    /// A boolean: `true`/`false` or `1`/`0` (as text or JSON).
    public func bool(_ column: String) throws -> Bool? {
        switch value(column) {
        case nil, .json(.null)?: return nil
        case .json(.bool(let value))?: return value
        case .json(.int(let value))? where value == 0 || value == 1: return value == 1
        case .text(let text)?: return try DataRules.boolean(text, field: column)
        case .json(.string(let text))?: return try DataRules.boolean(text, field: column)
        case .json?: throw JarvisError.invalid(column, "\(column): expected true or false")
        }
    }

    /// A whole number.
    public func integer(_ column: String) throws -> Int? {
        switch value(column) {
        case nil, .json(.null)?: return nil
        case .json(let value)?:
            if let integer = value.intValue { return integer }
            if case .string(let text) = value, let integer = Int(text) { return integer }
        case .text(let text)?:
            if let integer = Int(text) { return integer }
        }
        throw JarvisError.invalid(column, "\(column): expected a whole number")
    }

    /// A number.
    public func number(_ column: String) throws -> Double? {
        switch value(column) {
        case nil, .json(.null)?: return nil
        case .json(let value)?:
            if let number = value.doubleValue { return number }
            if case .string(let text) = value, let number = Double(text), number.isFinite { return number }
        case .text(let text)?:
            if let number = Double(text), number.isFinite { return number }
        }
        throw JarvisError.invalid(column, "\(column): expected a number")
    }

    /// A JSON column: JSON text in CSV, a JSON value elsewhere.
    public func json(_ column: String) throws -> JSONValue? {
        switch value(column) {
        case nil, .json(.null)?: return nil
        case .json(let value)?: return value
        case .text(let text)?:
            guard let value = JSONValue(jsonText: text) else {
                throw JarvisError.invalid(column, "\(column): '\(text.prefix(64))' is not JSON")
            }
            return value
        }
    }

    /// An RFC 3339 instant, refused if more than ``DataRules/futureTolerance`` after `now`.
    public func instant(_ column: String, notAfter now: Date) throws -> Date? {
        if case .some(.some(let date)) = withUTF8(column, { RFC3339Timestamp.date(utf8: $0) }) {
            return try DataRules.notInFuture(date, field: column, now: now)
        }
        guard let text = try string(column) else { return nil }
        return try DataRules.instant(text, field: column, notAfter: now)
    }

    /// An instant that must be there.
    public func requiredInstant(_ column: String, notAfter now: Date) throws -> Date {
        guard let date = try instant(column, notAfter: now) else { throw Self.missing(column) }
        return date
    }

    /// A date (`YYYY-MM-DD`, stored as midnight UTC) or an instant; no limit in time.
    public func date(_ column: String) throws -> Date? {
        try string(column).map { try DataRules.date($0, field: column) }
    }

    /// A date that must be there.
    public func requiredDate(_ column: String) throws -> Date {
        guard let date = try date(column) else { throw Self.missing(column) }
        return date
    }

    /// A number that must be there.
    public func requiredNumber(_ column: String) throws -> Double {
        guard let value = try number(column) else { throw Self.missing(column) }
        return value
    }

    /// The error of a required column that is absent or empty.
    public static func missing(_ column: String) -> JarvisError {
        JarvisError.invalid(column, "\(column): required")
    }
}
