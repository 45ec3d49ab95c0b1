/// Fields held in a dictionary by column name: a row read back from the database, values the
/// CLI's options give, defaults. Absent and null are the same (nil).
public struct ColumnFields: FieldSource, Sendable {
    public var values: [String: FieldValue]

    public init(_ values: [String: FieldValue] = [:]) {
        self.values = values
    }

    /// Text values, nil ones left out.
    public init(text: [String: String?]) {
        values = text.compactMapValues { $0.map(FieldValue.text) }
    }

    /// A copy of another source's columns, null ones kept as null (a partial update clears them).
    public init(copying source: some FieldSource) {
        values = Dictionary(uniqueKeysWithValues: source.columnNames.map { ($0, source.value($0) ?? .json(.null)) })
    }

    public var columnNames: [String] { Array(values.keys) }

    public func value(_ column: String) -> FieldValue? {
        switch values[column] {
        case nil, .json(.null)?: return nil
        case let value?: return value
        }
    }
}

/// One source laid over another: a column the top source names (even as null, which clears
/// it) is read from it, any other from the base. A partial update (`PATCH`) is the current
/// row with the request's fields over it, parsed by the entity's record like any other row.
public struct OverlaidFields<Base: FieldSource, Top: FieldSource>: FieldSource {
    public let base: Base
    public let top: Top
    private let topColumns: Set<String>

    public init(_ top: Top, over base: Base) {
        self.base = base
        self.top = top
        topColumns = Set(top.columnNames)
    }

    public var columnNames: [String] {
        top.columnNames + base.columnNames.filter { !topColumns.contains($0) }
    }

    public func value(_ column: String) -> FieldValue? {
        topColumns.contains(column) ? top.value(column) : base.value(column)
    }
}

extension FieldSource {
    /// Refuses a column that is not one of `writable`, naming it: what a caller may give when
    /// the rest of the row (the gym, the key) comes from elsewhere.
    public func refuseColumns(otherThan writable: [String], of entity: String) throws {
        for name in columnNames.sorted() where !writable.contains(name) {
            throw JarvisError.invalid(name, "\(name): not a field of \(entity); the fields are \(writable.joined(separator: ", "))")
        }
    }

    /// These fields with `fixed` columns over them (the key a use case takes from its caller).
    public func fixing(_ fixed: [String: String]) -> OverlaidFields<Self, ColumnFields> {
        OverlaidFields(ColumnFields(fixed.mapValues(FieldValue.text)), over: self)
    }
}
