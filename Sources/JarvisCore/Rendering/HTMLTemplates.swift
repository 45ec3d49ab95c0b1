import Mustache

/// Named Mustache templates rendered as HTML, with Mustache's HTML escaping: the one way the
/// appliance writes HTML pages (the dashboard's pages, the weekly report).
///
/// In a template, `{{name}}` inserts a value escaped (`&`, `<`, `>`, `"` and `'` become
/// entities), so text from the data (a member called `<script>`, a gym called `Muscu & Co`)
/// is shown, never interpreted. `{{{name}}}` inserts a value as it is and is kept for markup
/// the appliance built itself, such as an inline SVG chart whose every text went through
/// ``escape(_:)`` (the same escaping) and whose attributes are numbers and fixed class names.
///
/// Templates are Swift strings compiled into the binary, so the release build stays one file.
public struct HTMLTemplates: Sendable {
    private let library: MustacheLibrary

    /// Parses every template, by name (a name is also the one partials use: `{{> name}}`).
    /// - Throws: ``HTMLTemplateError`` with ``HTMLTemplateError/Code/doesNotParse``.
    public init(_ templates: [String: String]) throws(HTMLTemplateError) {
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                throw HTMLTemplateError(.doesNotParse, template: name, detail: "\(error)")
            }
        }
        self.library = library
    }

    /// The template `name` rendered with `view`, whose properties the template reads by name.
    /// - Throws: ``HTMLTemplateError`` with ``HTMLTemplateError/Code/unknownTemplate``.
    public func render(_ view: Any, template name: String) throws(HTMLTemplateError) -> String {
        guard let page = library.render(view, withTemplate: name) else {
            throw HTMLTemplateError(.unknownTemplate, template: name)
        }
        return page
    }

    /// `text` escaped exactly as `{{name}}` escapes it, for markup built in Swift and inserted
    /// with `{{{name}}}`.
    public static func escape(_ text: String) -> String {
        escaping.render(text)
    }

    /// The template `{{.}}`: the value itself, escaped. A constant that parses, hence the
    /// precondition rather than an error callers would have to handle.
    private static let escaping: MustacheTemplate = {
        do {
            return try MustacheTemplate(string: "{{.}}")
        } catch {
            preconditionFailure("the escaping template does not parse: \(error)")
        }
    }()
}
