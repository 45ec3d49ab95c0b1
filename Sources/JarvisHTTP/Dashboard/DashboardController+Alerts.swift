import Foundation
import Hummingbird
import JarvisCore

/// The alerts page, `/alerts` (the whole chain; `?gym=slug` for one gym), with its filters and
/// pages, and the four actions on an alert. Each is one use case of `AlertStore`, the same as
/// the API's and the CLI's.
extension DashboardController {
    /// The filters of the page that the forms carry back, so that an action returns to them.
    struct AlertFilters: Sendable {
        var gym = ""
        var type = ""
        var status = ""
        var priority = ""
        var cursor = ""

        init(_ read: (String) -> String?) {
            gym = read("gym") ?? ""
            type = read("type") ?? ""
            status = read("status") ?? ""
            priority = read("priority") ?? ""
            cursor = read("cursor") ?? ""
        }

        /// `/alerts?...` with these filters (and `extra`), every value percent-encoded.
        func location(cursor: String? = nil, extra: [URLQueryItem] = []) -> String {
            var components = URLComponents()
            components.path = "/alerts"
            let items =
                [("gym", gym), ("type", type), ("status", status), ("priority", priority), ("cursor", cursor ?? "")]
                .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) } + extra
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? "/alerts"
        }
    }

    @Sendable func alertsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            let parameters = request.uri.queryParameters
            let filters = AlertFilters { parameters.get($0) }
            var notice: String?
            if let id = parameters.get("done", as: Int64.self) { notice = "\(strings.alertUpdated) #\(id)" }
            return try await renderAlerts(filters: filters, session: session, strings: strings, notice: notice, error: nil)
        }
    }

    /// The alerts page with `filters`; a refused filter is shown, and the list unfiltered.
    func renderAlerts(
        filters: AlertFilters,
        session: DashboardSessions.Session,
        strings: DashboardStrings,
        notice: String?,
        error: String?,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        var error = error
        var page: AlertPage
        var shown = filters
        do {
            page = try await appliance.alerts.list(Self.alertQuery(filters))
        } catch let refusal as JarvisError where refusal.code == .invalidInput || refusal.code == .notFound {
            error = strings.refusal(refusal)
            shown = AlertFilters { _ in nil }
            page = try await appliance.alerts.list(AlertQuery())
        }
        let zone = appliance.configuration.timeZone
        let view = DashboardViews.Alerts(
            t: strings,
            notice: notice,
            error: error,
            gym: shown.gym,
            types: AlertType.allCases.map { .init(value: $0.rawValue, label: strings.alertType($0.rawValue), selected: $0.rawValue == shown.type) },
            statuses: (["open,acknowledged"] + AlertStatus.allCases.map(\.rawValue)).map { value in
                .init(
                    value: value,
                    label: value.contains(",") ? strings.openOrAcknowledged : strings.alertStatus(value),
                    selected: value == shown.status
                )
            },
            priorities: AlertPriority.allCases.reversed().map {
                .init(value: $0.rawValue, label: strings.priority($0.rawValue), selected: $0.rawValue == shown.priority)
            },
            alerts: page.alerts.map { alert in
                DashboardViews.AlertRow(
                    id: alert.id,
                    priority: strings.priority(alert.priority.rawValue),
                    priorityCode: alert.priority.rawValue,
                    gym: alert.gym,
                    type: strings.alertType(alert.type.rawValue),
                    status: strings.alertStatus(alert.status.rawValue),
                    statusCode: alert.status.rawValue,
                    title: alert.title,
                    message: alert.message,
                    note: alert.note,
                    created: Timestamp.date(from: alert.createdAt).map { DashboardFormat.localTime($0, in: zone, strings: strings) }
                        ?? alert.createdAt,
                    canAcknowledge: AlertAction.acknowledge.applies(to: alert.status),
                    canClose: AlertAction.resolve.applies(to: alert.status),
                    canReopen: AlertAction.reopen.applies(to: alert.status),
                    csrf: session.csrfToken,
                    filters: shown
                )
            },
            hasAlerts: !page.alerts.isEmpty,
            nextPage: page.nextCursor.map { shown.location(cursor: String($0)) },
            firstPage: shown.cursor.isEmpty ? nil : shown.location(cursor: "")
        )
        let html = try renderer.page("alerts", view: view, heading: strings.alerts, strings: strings, session: session, current: "/alerts")
        return Self.html(html, status: status)
    }

    static func alertQuery(_ filters: AlertFilters) throws -> AlertQuery {
        func value(_ text: String) -> String? { text.isEmpty ? nil : text }
        var query = AlertQuery()
        query.gym = value(filters.gym)
        query.type = try value(filters.type).map { try AlertType.parse($0, field: "type") }
        query.statuses = try AlertQuery.statuses(filters.status)
        query.priority = try value(filters.priority).map { try AlertPriority.parse($0, field: "priority") }
        if let cursor = value(filters.cursor) {
            guard let id = Int64(cursor) else { throw JarvisError.invalid("cursor", "cursor: '\(cursor)' is not an alert id") }
            query.cursor = id
        }
        return query
    }

    @Sendable func acknowledgeAlert(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await alertAction(request, context) { id, note in try await appliance.alerts.acknowledge(id: id, note: note) }
    }

    @Sendable func resolveAlert(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await alertAction(request, context) { id, note in try await appliance.alerts.resolve(id: id, note: note ?? "") }
    }

    @Sendable func dismissAlert(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await alertAction(request, context) { id, note in try await appliance.alerts.dismiss(id: id, note: note) }
    }

    @Sendable func reopenAlert(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await alertAction(request, context) { id, _ in try await appliance.alerts.reopen(id: id) }
    }

    /// `POST /alerts/{id}/{action}` with the form's note and the page's filters: back to the
    /// page on success; a refused note or a move that does not apply is shown on the page.
    private func alertAction(
        _ request: Request,
        _ context: AppRequestContext,
        _ perform: (Int64, String?) async throws -> AlertResource
    ) async throws -> Response {
        try await action(request) { session, form, strings in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError(.notFound, "No such alert") }
            let filters = AlertFilters { form[$0] }
            do {
                let alert = try await perform(id, form["note"])
                appliance.logger.notice(
                    "alert changed from the dashboard",
                    metadata: ["alert.id": "\(id)", "alert.status": "\(alert.status.rawValue)"]
                )
                return Self.redirect(filters.location(extra: [URLQueryItem(name: "done", value: String(id))]) + "#alert-\(id)")
            } catch let refusal as JarvisError where refusal.code == .invalidInput || refusal.code == .conflict {
                let message = strings.alertRefusal(refusal)
                return try await renderAlerts(
                    filters: filters,
                    session: session,
                    strings: strings,
                    notice: nil,
                    error: "#\(id) : \(message)",
                    status: refusal.code == .conflict ? .conflict : .badRequest
                )
            }
        }
    }
}
