/// One field of a row, as its source holds it: text (a CSV field, where JSON columns are JSON
/// text) or a JSON value (an NDJSON line, an HTTP body).
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case json(JSONValue)
}
