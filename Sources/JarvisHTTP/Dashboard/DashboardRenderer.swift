import JarvisCore

/// Renders the dashboard's pages: a page's template, then the layout around it, with the
/// appliance's ``HTMLTemplates`` (as the weekly report page).
struct DashboardRenderer: Sendable {
    private let templates: Result<HTMLTemplates, JarvisError>

    /// A link of the navigation bar.
    struct NavigationLink {
        var href: String
        var label: String
        var current: Bool
    }

    /// What the layout shows around a page.
    struct Layout {
        var t: DashboardStrings
        var heading: String
        var content: String
        var signedIn: Bool
        var csrf: String
        var nav: [NavigationLink]
        var stylesheet = DashboardTemplates.stylesheet
    }

    init(templates: [String: String] = DashboardTemplates.all) {
        do {
            self.templates = .success(try HTMLTemplates(templates))
        } catch {
            self.templates = .failure(JarvisError(.internalFailure, "dashboard: \(error)"))
        }
    }

    /// The page `template` rendered with `view`, inside the layout.
    func page(
        _ template: String,
        view: Any,
        heading: String,
        strings: DashboardStrings,
        session: DashboardSessions.Session?,
        current: String
    ) throws -> String {
        let templates = try templates.get()
        let content = try Self.render(view, template, with: templates)
        let links: [(String, String)] = [
            ("/", strings.overview), ("/runs", strings.runs), ("/schedules", strings.schedules),
            ("/kiosks", strings.kiosks), ("/alerts", strings.alerts), ("/reports", strings.reports),
        ]
        let layout = Layout(
            t: strings,
            heading: heading,
            content: content,
            signedIn: session != nil,
            csrf: session?.csrfToken ?? "",
            nav: links.map { NavigationLink(href: $0.0, label: $0.1, current: $0.0 == current) }
        )
        return try Self.render(layout, "layout", with: templates)
    }

    private static func render(_ view: Any, _ template: String, with templates: HTMLTemplates) throws -> String {
        do {
            return try templates.render(view, template: template)
        } catch {
            throw JarvisError(.internalFailure, "dashboard: \(error)")
        }
    }
}
