import Foundation
import HTTPTypes
import Hummingbird
import JarvisCore

/// `/api/reports`: the stored weekly reports, and one of them as JSON or as its HTML page.
struct ReportsController: Sendable {
    let appliance: Appliance

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports", use: list)
        group.get("reports/{gym}/{week}", use: show)
    }

    /// `GET /api/reports?gym=&week=`: newest week first; both filters optional.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let reports = try await appliance.reports.list(gym: parameters["gym"].map(String.init), week: parameters["week"].map(String.init))
        return try JSONResponse.make(["reports": reports])
    }

    /// `GET /api/reports/{gym}/{week}` (`week`: `2027-W12` or `latest`): the report as JSON, or
    /// as its HTML page with `?format=html` or `Accept: text/html`, with the dashboard's
    /// security headers.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let html = try Self.wantsHTML(request)
        let report = try await appliance.reports.find(gym: context.parameters.require("gym"), week: context.parameters.require("week"))
        if html {
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            DashboardMiddleware<AppRequestContext>.addSecurityHeaders(to: &headers)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WeeklyReportHTML.render(report))))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: report.jsonDocument)))
    }

    static func wantsHTML(_ request: Request) throws -> Bool {
        if let format = request.uri.queryParameters["format"] {
            switch format {
            case "html": return true
            case "json": return false
            default: throw APIError.badRequest("format: '\(format)' is not one of html, json", field: "format")
            }
        }
        return request.headers[.accept]?.contains("text/html") ?? false
    }
}
