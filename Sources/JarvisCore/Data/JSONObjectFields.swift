/// A JSON object as a ``FieldSource``, its keys the column names: one NDJSON line.
public struct JSONObjectFields: FieldSource {
    public let object: [String: JSONValue]

    public init(_ object: [String: JSONValue]) {
        self.object = object
    }

    public var columnNames: [String] { Array(object.keys) }

    public func value(_ column: String) -> FieldValue? {
        guard let value = object[column], value != .null else { return nil }
        return .json(value)
    }
}
