import Foundation
import GRDB

/// The use cases of the stored weekly reports: listing them and finding one, for the API, the
/// dashboard and `jarvis reports`. Weeks are read by `ISOWeek.parse`, the one reading of an
/// ISO week: a malformed week is refused with its field named, and a week its year does not
/// have (`2027-W53`) holds no report.
public struct WeeklyReports: Sendable {
    private let database: AppDatabase

    public init(database: AppDatabase) {
        self.database = database
    }

    /// The stored reports, newest week first, then by gym; only one gym's, or one week's, when
    /// asked. An unknown gym is `notFound`; a week its year does not have matches nothing.
    public func list(gym slug: String? = nil, week text: String? = nil) async throws -> [WeeklyReport.Listing] {
        var week: ISOWeek?
        if let text {
            do {
                week = try ISOWeek.parse(text)
            } catch let error as JarvisError where error.code == .notFound {
                return []
            }
        }
        let requested = week
        return try await database.read { db in
            var gymID: Int64?
            if let slug { gymID = try Self.gym(db, slug: slug).id }
            return try WeeklyReport.listings(db, gymID: gymID).filter { requested == nil || $0.week == requested }
        }
    }

    /// The gym's report for the ISO week `week` (`2027-W12`), or its latest when `week` is nil
    /// or `latest`. `notFound` when the gym, the week or the report does not exist;
    /// `internalFailure` when the stored report cannot be read.
    public func find(gym slug: String, week text: String?) async throws -> WeeklyReport {
        var week: ISOWeek?
        if let text, text != "latest" { week = try ISOWeek.parse(text) }
        let requested = week
        return try await database.read { db in
            let gym = try Self.gym(db, slug: slug)
            guard let report = try WeeklyReport.fetch(db, gym: gym, week: requested) else {
                let stored = try WeeklyReport.listings(db, gymID: gym.id).compactMap { $0.week?.description }
                let storedText =
                    stored.isEmpty
                    ? "none is stored yet; the weekly-reports job generates them"
                    : "stored weeks: \(stored.prefix(8).joined(separator: ", "))\(stored.count > 8 ? ", …" : "")"
                throw JarvisError.notFound("no weekly report of \(slug)\(requested.map { " for \($0)" } ?? ""); \(storedText)", field: "week")
            }
            return report
        }
    }

    private static func gym(_ db: Database, slug: String) throws -> WeeklyReport.Gym {
        guard let gym = try WeeklyReport.Gym.fetch(db, slug: slug) else {
            let known = try WeeklyReport.Gym.allSlugs(db)
            throw JarvisError.notFound(
                "unknown gym '\(slug)'; known gyms: \(known.isEmpty ? "none" : known.prefix(20).joined(separator: ", "))",
                field: "gym"
            )
        }
        return gym
    }
}
