import Cron
import Foundation
import Hummingbird
import JarvisCore

/// The forms: edit, pause, resume and run a schedule, retry a failed run. Every change is one
/// use case of JarvisCore (`ScheduleStore`, `RunLauncher`), the same as the API's and the CLI's.
extension DashboardController {
    /// `POST /schedules/{id}` with `action=preview` (the next five fires of the typed
    /// expression, nothing saved) or `action=save`. A refused expression or zone is shown on
    /// the schedule's card, with the reason the API would give.
    @Sendable func editSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { session, form, strings in
            let schedule = try await appliance.schedules.schedule(context.parameters.get("id") ?? "")
            let cron = (form["cron"] ?? "").trimmingCharacters(in: .whitespaces)
            let timezone = (form["timezone"] ?? "").trimmingCharacters(in: .whitespaces)
            let status = appliance.schedules.status(of: schedule, now: appliance.clock.now)
            var card = scheduleCard(status, lastRun: try await appliance.history.lastRuns()[schedule.job], session: session, strings: strings)
            card.cron = cron
            card.timezone = timezone
            do {
                if form["action"] == "save" {
                    try await appliance.schedules.upsert(id: schedule.id, .init(cron: cron, timezone: .some(timezone.isEmpty ? nil : timezone)))
                    appliance.logger.notice(
                        "schedule changed from the dashboard",
                        metadata: ["schedule.id": "\(schedule.id)", "schedule.cron": "\(cron)"]
                    )
                    return Self.redirect("/schedules?saved=\(schedule.id)#schedule-\(schedule.id)")
                }
                let preview = try appliance.schedules.preview(cron: cron, timezone: timezone)
                card.preview = preview.fires.map {
                    DashboardFormat.localTime($0, in: preview.expression.timeZone, strings: strings) + " (\(preview.expression.timeZone.identifier))"
                }
                card.hasPreview = true
                card.previewMeaning = strings.meaning(preview.expression)
            } catch let refusal as JarvisError where refusal.code == .invalidInput {
                card.error = strings.refusal(refusal)
            }
            return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
        }
    }

    @Sendable func pauseSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            let schedule = try await appliance.schedules.pause(context.parameters.get("id") ?? "")
            appliance.logger.notice("schedule paused from the dashboard", metadata: ["schedule.id": "\(schedule.id)"])
            return Self.redirect("/schedules?saved=\(schedule.id)#schedule-\(schedule.id)")
        }
    }

    @Sendable func resumeSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            let schedule = try await appliance.schedules.resume(context.parameters.get("id") ?? "")
            appliance.logger.notice("schedule resumed from the dashboard", metadata: ["schedule.id": "\(schedule.id)"])
            return Self.redirect("/schedules?saved=\(schedule.id)#schedule-\(schedule.id)")
        }
    }

    /// `POST /schedules/{id}/run`: runs the schedule's job now, in the background. The slot is
    /// claimed before answering (so a job already running is reported at once); the runs page
    /// shows the run.
    @Sendable func runSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            let schedule = try await appliance.schedules.schedule(context.parameters.get("id") ?? "")
            return Self.redirect(after: try await appliance.launcher.start(job: schedule.job, trigger: .http, waiting: false), notice: "started")
        }
    }

    /// `POST /runs/{id}/retry`: a failed, timed-out or abandoned run, retried now by hand.
    @Sendable func retryRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            guard let id = context.parameters.get("id", as: Int64.self) else { throw APIError(.notFound, "No such run") }
            return Self.redirect(after: try await appliance.launcher.retry(runID: id, waiting: false), notice: "retried")
        }
    }

    /// Sends the browser to the runs page, which says what became of the launch.
    private static func redirect(after launch: RunLauncher.Launch, notice: String) -> Response {
        switch launch {
        case .busy(let running): redirect("/runs?busy=\(running.runID)")
        case .started(let run), .finished(let run), .replayed(let run): redirect("/runs?\(notice)=\(run.runID)")
        }
    }
}
