import Mustache

/// Renders the dashboard's pages: a page's template, then the layout around it.
struct DashboardRenderer: Sendable {
    private let library: Result<MustacheLibrary, DashboardFailure>

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
            var library = MustacheLibrary()
            for (name, text) in templates {
                try library.register(text, named: name)
            }
            self.library = .success(library)
        } catch {
            self.library = .failure(DashboardFailure(.internalError, "a dashboard template does not parse: \(error)"))
        }
    }

    /// The page `template` rendered with `view`, inside the layout.
    func page(_ template: String, view: Any, heading: String, strings: DashboardStrings, session: DashboardSessions.Session?, current: String) throws -> String {
        let library = try library.get()
        guard let content = library.render(view, withTemplate: template) else {
            throw DashboardFailure(.internalError, "no dashboard template named \(template)")
        }
        let links: [(String, String)] = [
            ("/", strings.overview), ("/runs", strings.runs), ("/schedules", strings.schedules),
            ("/kiosks", strings.kiosks), ("/reports", strings.reports),
        ]
        let layout = Layout(
            t: strings, heading: heading, content: content, signedIn: session != nil, csrf: session?.csrfToken ?? "",
            nav: links.map { NavigationLink(href: $0.0, label: $0.1, current: $0.0 == current) }
        )
        guard let page = library.render(layout, withTemplate: "layout") else {
            throw DashboardFailure(.internalError, "no dashboard layout template")
        }
        return page
    }
}
