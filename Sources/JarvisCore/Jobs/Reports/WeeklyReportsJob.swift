import Foundation
import GRDB

/// `weekly-reports`: for each active gym, the report of the last complete ISO week in the gym's
/// own zone, stored in `insights_reports` (a rerun replaces it).
///
/// The week comes from the run's nominal time, not from the time it started: the Monday 06:00
/// slot reports the week that ended the day before, and the same slot run late on Tuesday
/// reports the same week. Each gym is read with a few aggregate queries and written in one
/// short transaction; one gym's failure is counted and logged, and the others go on.
public struct WeeklyReportsJob: Job {
    public let slug = "weekly-reports"
    public let logType = "cron_weekly_reports"
    public let displayName = StaffTexts.weeklyReportsJobName
    public let completionMessage = StaffTexts.weeklyReportsCompleted
    public let defaultSchedule = "0 6 * * 1"

    public init() {}

    public func run(_ context: JobContext) async throws -> JSONValue {
        let gyms = try await context.database.read { db in try WeeklyReport.Gym.activeRows(db) }
        var generated = 0
        var errors = 0
        var weeks: Set<String> = []
        var failedGyms: [String] = []
        context.progress.report(done: 0, total: gyms.count)
        for (index, row) in gyms.enumerated() {
            try Task.checkCancellation()
            do {
                let report = try await generate(for: row, context: context)
                generated += 1
                weeks.insert(report.period.week.description)
            } catch {
                // A cancelled run stops here; any other failure is this gym's alone.
                if Task.isCancelled { throw CancellationError() }
                errors += 1
                failedGyms.append(row.slug)
                context.logger.warning(
                    "weekly report failed",
                    metadata: ["gym.slug": "\(row.slug)", "error": "\(JarvisError.describe(error))"]
                )
            }
            context.progress.report(done: index + 1, total: gyms.count)
        }
        return [
            "total": .int(gyms.count), "generated": .int(generated), "errors": .int(errors),
            "weeks": .array(weeks.sorted().map(JSONValue.string)), "failedGyms": .array(failedGyms.map(JSONValue.string)),
        ]
    }

    /// Computes one gym's report (one read) and stores it (one write transaction).
    @discardableResult
    func generate(for row: WeeklyReport.Gym.Row, context: JobContext) async throws -> WeeklyReport {
        let gym = try row.resolved()
        let period = ReportPeriod.lastCompleteWeek(before: context.nominalTime, in: gym.timeZone)
        let metrics = try await context.database.read { db in
            try WeeklyMetrics.fetch(db, gymID: gym.id, period: period)
        }
        let report = WeeklyReport(
            gym: gym,
            period: period,
            metrics: metrics,
            insights: WeeklyInsights.evaluate(metrics),
            generatedAt: context.nominalTime
        )
        try await context.database.write { db in try report.save(db) }
        return report
    }
}
