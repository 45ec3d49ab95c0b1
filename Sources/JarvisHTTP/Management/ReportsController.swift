import Foundation
import GRDB
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

    struct ReportListing: Encodable {
        var gym: String
        var gymName: String
        var week: String?
        var periodStart: String
        var periodEnd: String
        var title: String
        var generatedAt: String
        var url: String?
    }

    /// `GET /api/reports?gym=&week=`: newest week first; both filters optional.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let slug = parameters["gym"].map(String.init)
        let week: ISOWeek?
        if let text = parameters["week"].map(String.init) {
            // A week the year does not have holds no report.
            guard let existing = try Self.week(text) else { return try JSONResponse.make(["reports": [ReportListing]()]) }
            week = existing
        } else {
            week = nil
        }
        let listings = try await appliance.database.writer.read { db -> [WeeklyReport.Listing] in
            var gymID: Int64?
            if let slug {
                guard let gym = try WeeklyReport.Gym.fetch(db, slug: slug) else { throw Self.unknownGym(slug) }
                gymID = gym.id
            }
            return try WeeklyReport.listings(db, gymID: gymID)
        }
        let reports = listings.filter { week == nil || $0.week == week }.map { listing in
            ReportListing(
                gym: listing.gymSlug, gymName: listing.gymName, week: listing.week?.description,
                periodStart: listing.periodStart, periodEnd: listing.periodEnd, title: listing.title,
                generatedAt: listing.generatedAt, url: listing.week.map { "/api/reports/\(listing.gymSlug)/\($0)" }
            )
        }
        return try JSONResponse.make(["reports": reports])
    }

    /// `GET /api/reports/{gym}/{week}` (`week`: `2027-W12` or `latest`): the report as JSON, or
    /// as its HTML page with `?format=html` or `Accept: text/html`.
    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let slug = try context.parameters.require("gym")
        let weekText = try context.parameters.require("week")
        let week: ISOWeek?
        if weekText == "latest" {
            week = nil
        } else {
            guard let existing = try Self.week(weekText) else { throw APIError.notFound("\(weekText) does not exist: that year has no such week") }
            week = existing
        }
        let html = try Self.wantsHTML(request)
        let report = try await appliance.database.writer.read { db -> WeeklyReport in
            guard let gym = try WeeklyReport.Gym.fetch(db, slug: slug) else { throw Self.unknownGym(slug) }
            do {
                guard let report = try WeeklyReport.fetch(db, gym: gym, week: week) else {
                    throw APIError.notFound("no weekly report of \(slug)\(week.map { " for \($0)" } ?? "") yet")
                }
                return report
            } catch is WeeklyReportError {
                throw APIError(.internalServerError, "the stored report of \(slug) cannot be read")
            }
        }
        if html {
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: WeeklyReportHTML.render(report))))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: report.jsonDocument)))
    }

    /// A week as openapi.yaml spells it, `YYYY-Www` with weeks 01 to 53 (anything else: 400);
    /// nil for such a week that its year does not have (`2027-W53`), for which no report exists.
    static func week(_ text: String) throws -> ISOWeek? {
        let bytes = Array(text.utf8)
        let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
        guard bytes.count == 8, bytes[0..<4].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-"), bytes[5] == UInt8(ascii: "W"),
              bytes[6..<8].allSatisfy(isDigit), let year = Int(text.prefix(4)), let number = Int(text.suffix(2)), (1...53).contains(number)
        else {
            throw APIError.badRequest("week: '\(text)' is not an ISO week; expected YYYY-Www, e.g. 2027-W12 (weeks 01 to 53)", field: "week")
        }
        return year >= 1 ? ISOWeek(year: year, week: number) : nil
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

    static func unknownGym(_ slug: String) -> APIError {
        APIError.notFound("unknown gym '\(slug)'")
    }
}
