/// A template of ``HTMLTemplates`` that does not parse, or a page asked of a template that
/// was never registered: faults of the appliance, never of its input.
public struct HTMLTemplateError: Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable {
        /// The template's text is not valid Mustache.
        case doesNotParse
        /// No template is registered under the name.
        case unknownTemplate
    }

    public let code: Code
    /// The template's name.
    public let template: String
    /// The parser's message, for ``Code/doesNotParse``.
    public let detail: String

    public init(_ code: Code, template: String, detail: String = "") {
        self.code = code
        self.template = template
        self.detail = detail
    }

    public var description: String {
        switch code {
        case .doesNotParse: "the template \(template) does not parse: \(detail)"
        case .unknownTemplate: "no template named \(template)"
        }
    }
}
