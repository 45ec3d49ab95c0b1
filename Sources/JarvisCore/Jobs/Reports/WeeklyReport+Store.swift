import Cron
import Foundation
import GRDB

extension WeeklyReport {
    /// Writes the report, replacing the gym's earlier report for the same week (the table's
    /// UNIQUE gym + type + period_start), so a rerun never duplicates it.
    public func save(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO insights_reports (gym_id, report_type, period_start, period_end, title, metrics, insights, generated_at)
                VALUES (:gym, :type, :periodStart, :periodEnd, :title, :metrics, :insights, :generatedAt)
                ON CONFLICT (gym_id, report_type, period_start) DO UPDATE SET
                    period_end = excluded.period_end, title = excluded.title, metrics = excluded.metrics,
                    insights = excluded.insights, generated_at = excluded.generated_at
                """,
            arguments: [
                "gym": gym.id, "type": Self.reportType,
                "periodStart": period.week.monday.description, "periodEnd": period.week.sunday.description,
                "title": title, "metrics": try Self.storedJSON(metrics), "insights": try Self.storedJSON(insights),
                "generatedAt": Timestamp.string(from: generatedAt),
            ]
        )
    }

    /// The gym's stored report for `week`, or its latest when `week` is nil; nil when there is none.
    public static func fetch(_ db: Database, gym: Gym, week: ISOWeek?) throws -> WeeklyReport? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT period_start, title, metrics, insights, generated_at FROM insights_reports
                    WHERE gym_id = :gym AND report_type = :type AND (:periodStart IS NULL OR period_start = :periodStart)
                    ORDER BY period_start DESC
                    LIMIT 1
                    """,
                arguments: ["gym": gym.id, "type": reportType, "periodStart": week?.monday.description]
            )
        else { return nil }
        let periodStart: String = row["period_start"]
        guard let monday = LocalDate(iso: periodStart), monday.isoWeekday == 1 else {
            throw JarvisError(.internalFailure, "the report of \(gym.slug) starting '\(periodStart)' does not start on a Monday")
        }
        let decoder = JSONDecoder()
        do {
            var report = WeeklyReport(
                gym: gym,
                period: ReportPeriod(week: ISOWeek(containing: monday), timeZone: gym.timeZone),
                metrics: try decoder.decode(WeeklyMetrics.self, from: Data((row["metrics"] as String).utf8)),
                insights: try decoder.decode([ReportInsight].self, from: Data((row["insights"] as String).utf8)),
                generatedAt: Timestamp.date(from: row["generated_at"]) ?? .distantPast
            )
            report.title = row["title"]
            return report
        } catch let error as DecodingError {
            throw JarvisError(.internalFailure, "the report of \(gym.slug) for the week of \(periodStart) cannot be read: \(Self.describe(error))")
        }
    }

    /// One stored report, as listed.
    public struct Listing: Sendable, Equatable {
        public var gymSlug: String
        public var gymName: String
        public var timeZone: String
        /// The week of `periodStart`; nil if the stored date cannot be read.
        public var week: ISOWeek?
        public var periodStart: String
        public var periodEnd: String
        public var title: String
        public var generatedAt: String
    }

    /// The stored weekly reports, newest week first, then by gym; only one gym's when `gymID` is given.
    public static func listings(_ db: Database, gymID: Int64? = nil) throws -> [Listing] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT g.slug, g.name, g.timezone, r.period_start, r.period_end, r.title, r.generated_at
                FROM insights_reports r
                JOIN gyms g ON g.id = r.gym_id
                WHERE r.report_type = :type AND (:gym IS NULL OR r.gym_id = :gym)
                ORDER BY r.period_start DESC, g.slug
                """,
            arguments: ["type": reportType, "gym": gymID]
        ).map { row in
            let start: String = row["period_start"]
            return Listing(
                gymSlug: row["slug"],
                gymName: row["name"],
                timeZone: row["timezone"],
                week: LocalDate(iso: start).map(ISOWeek.init(containing:)),
                periodStart: start,
                periodEnd: row["period_end"],
                title: row["title"],
                generatedAt: row["generated_at"]
            )
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context): "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }
}

extension WeeklyReport.Gym {
    /// A gym as stored, before its zone is checked.
    struct Row: FetchableRecord, Sendable {
        var id: Int64
        var slug: String
        var name: String
        var timezone: String

        init(row: GRDB.Row) {
            id = row["id"]
            slug = row["slug"]
            name = row["name"]
            timezone = row["timezone"]
        }

        /// The gym with its zone; throws when the zone is not an IANA name this system knows.
        func resolved() throws -> WeeklyReport.Gym {
            guard let zone = TimeZone.iana(timezone) else {
                throw JarvisError(.internalFailure, "gym \(slug) has an unknown time zone '\(timezone)'")
            }
            return WeeklyReport.Gym(id: id, slug: slug, name: name, timeZone: zone)
        }
    }

    /// The gyms whose status is `active`, by id.
    static func activeRows(_ db: Database) throws -> [Row] {
        try Row.fetchAll(db, sql: "SELECT id, slug, name, timezone FROM gyms WHERE status = 'active' ORDER BY id")
    }

    /// The gym with this slug, active or not; nil when there is none.
    public static func fetch(_ db: Database, slug: String) throws -> WeeklyReport.Gym? {
        try Row.fetchOne(db, sql: "SELECT id, slug, name, timezone FROM gyms WHERE slug = ?", arguments: [slug])?.resolved()
    }

    /// Every gym's slug, for messages that list the known ones.
    public static func allSlugs(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT slug FROM gyms ORDER BY slug")
    }
}

extension WeeklyReport.Listing: Encodable {
    enum CodingKeys: String, CodingKey {
        case gym, gymName, week, periodStart, periodEnd, title, generatedAt, url
    }

    /// As `GET /api/reports` lists it, with the report's own URL.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gymSlug, forKey: .gym)
        try container.encode(gymName, forKey: .gymName)
        try container.encodeIfPresent(week?.description, forKey: .week)
        try container.encode(periodStart, forKey: .periodStart)
        try container.encode(periodEnd, forKey: .periodEnd)
        try container.encode(title, forKey: .title)
        try container.encode(generatedAt, forKey: .generatedAt)
        try container.encodeIfPresent(week.map { "/api/reports/\(gymSlug)/\($0)" }, forKey: .url)
    }
}
