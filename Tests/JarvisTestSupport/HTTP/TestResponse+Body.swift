import HummingbirdTesting
import JarvisCore

extension TestResponse {
    /// The body parsed as JSON.
    public var json: JSONValue? { JSONValue(jsonText: String(buffer: body)) }
    /// The body as text.
    public var text: String { String(buffer: body) }
}
