/// An HTTP JSON body as a ``FieldSource``: its camelCase keys (`badgeId`, `membershipExpires`)
/// name the snake_case columns (`badge_id`, `membership_expires`), so that the API parses a
/// body with the same record rules as an import row.
///
/// `renamed` maps a key whose column has another name (`"eventId": "external_id"`);
/// `fixed` gives columns that come from elsewhere than the body (the gym of the URL's path)
/// and win over the body. ``key(for:)`` turns a column named in an error back into the key.
public struct JSONBodyFields: FieldSource {
    private let columns: [String: JSONValue]
    private let keys: [String: String]

    public init(_ body: [String: JSONValue], renamed: [String: String] = [:], fixed: [String: JSONValue] = [:]) {
        var columns: [String: JSONValue] = [:]
        var keys: [String: String] = [:]
        for (key, value) in body {
            let column = renamed[key] ?? Self.column(forKey: key)
            columns[column] = value
            keys[column] = key
        }
        for (column, value) in fixed {
            columns[column] = value
            keys[column] = Self.key(forColumn: column)
        }
        self.columns = columns
        self.keys = keys
    }

    public var columnNames: [String] { Array(columns.keys) }

    public func value(_ column: String) -> FieldValue? {
        guard let value = columns[column], value != .null else { return nil }
        return .json(value)
    }

    /// The body's key for a column (`badge_id` → `badgeId`), for errors.
    public func key(for column: String) -> String {
        keys[column] ?? Self.key(forColumn: column)
    }

    /// `membershipExpires` → `membership_expires`.
    public static func column(forKey key: String) -> String {
        var column = ""
        for character in key {
            if character.isUppercase {
                column += "_" + character.lowercased()
            } else {
                column.append(character)
            }
        }
        return column
    }

    /// `membership_expires` → `membershipExpires`.
    public static func key(forColumn column: String) -> String {
        let parts = column.split(separator: "_")
        guard let first = parts.first else { return column }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
