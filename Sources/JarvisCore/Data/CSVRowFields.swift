/// One CSV row as a ``FieldSource``: its fields matched to the file's header. An empty field
/// is NULL.
public struct CSVRowFields: FieldSource {
    /// The file's header: the column names, in order.
    public let header: [String]
    /// The row's fields, in the header's order (nil: empty).
    private let fields: [String?]

    /// A row of `fields`, as many as the header's columns.
    public init(header: [String], fields: [String?]) {
        self.header = header
        self.fields = fields
    }

    public var columnNames: [String] { header }

    public func value(_ column: String) -> FieldValue? {
        guard let index = header.firstIndex(of: column), index < fields.count, let text = fields[index] else { return nil }
        return .text(text)
    }
}
