import Cron
import Foundation
import Hummingbird
import JarvisCore

/// The forms: edit, pause, resume and run a schedule, retry a failed run. Every change goes
/// through JarvisCore (`ScheduleStore`, `JobRunner`), as the CLI's and the API's do.
extension DashboardController {
    /// `POST /schedules/{id}` with `action=preview` (the next five fires of the typed
    /// expression, nothing saved) or `action=save`.
    @Sendable func editSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { session, form, strings in
            let schedule = try await existingSchedule(context)
            let cron = (form["cron"] ?? "").trimmingCharacters(in: .whitespaces)
            let timezone = (form["timezone"] ?? "").trimmingCharacters(in: .whitespaces)
            var card = scheduleCard(schedule, lastRun: try await overview.lastRuns()[schedule.job], session: session, strings: strings)
            card.cron = cron
            card.timezone = timezone

            let zone: TimeZone
            do {
                zone = timezone.isEmpty ? appliance.configuration.timeZone : try AppConfiguration.parseTimeZone(timezone, setting: "timezone")
            } catch {
                card.error = "timezone: '\(timezone)' " + (strings.lang == "fr" ? "n'est pas un fuseau IANA comme Europe/Paris" : "is not an IANA time zone such as Europe/Paris")
                return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
            }
            let expression: CronExpression
            do {
                expression = try CronExpression(cron, timeZone: zone)
            } catch {
                card.error = "\(error)"
                return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
            }

            let fires = expression.nextFires(after: appliance.clock.now, count: 5)
            guard !fires.isEmpty else {
                card.error = strings.lang == "fr" ? "cette expression ne se déclenche jamais" : "this expression never fires"
                return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
            }
            if form["action"] == "save" {
                do {
                    try await appliance.schedules.upsert(id: schedule.id, .init(cron: cron, timezone: .some(timezone.isEmpty ? nil : timezone)))
                } catch let error as RunnerError {
                    card.error = error.message
                    return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
                }
                appliance.logger.notice("schedule changed from the dashboard", metadata: ["schedule.id": "\(schedule.id)", "schedule.cron": "\(cron)"])
                return Self.redirect("/schedules?saved=\(schedule.id)#schedule-\(schedule.id)")
            }
            card.preview = fires.map {
                DashboardFormat.localTime($0, in: expression.timeZone, strings: strings) + " (\(expression.timeZone.identifier))"
            }
            card.hasPreview = true
            card.previewMeaning = strings.meaning(expression)
            return try await renderSchedules(session: session, strings: strings, notice: nil, edited: card)
        }
    }

    @Sendable func pauseSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setPaused(true, request, context)
    }

    @Sendable func resumeSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await setPaused(false, request, context)
    }

    private func setPaused(_ paused: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            let schedule = try await existingSchedule(context)
            try await appliance.schedules.setPaused(schedule.id, paused)
            appliance.logger.notice(paused ? "schedule paused from the dashboard" : "schedule resumed from the dashboard", metadata: ["schedule.id": "\(schedule.id)"])
            return Self.redirect("/schedules?saved=\(schedule.id)#schedule-\(schedule.id)")
        }
    }

    /// `POST /schedules/{id}/run`: runs the schedule's job now through the `JobRunner`. The slot
    /// is claimed before answering (so a job already running is reported at once); the run
    /// itself goes on after the answer, and the runs page shows it.
    @Sendable func runSchedule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            let schedule = try await existingSchedule(context)
            let runRequest = try await appliance.manualRequest(job: schedule.job, trigger: .http)
            return try await start(appliance.runner.claim(runRequest), settings: runRequest.settings, notice: "started")
        }
    }

    /// `POST /runs/{id}/retry`: a failed, timed-out or abandoned run, retried now by hand.
    @Sendable func retryRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await action(request) { _, _, _ in
            guard let id = context.parameters.get("id", as: Int64.self), let failed = try await overview.run(id) else {
                throw DashboardFailure(.notFound, "No such run")
            }
            let settings: RunSettings
            if let scheduleID = failed.scheduleID, let schedule = try? await appliance.schedules.schedule(scheduleID) {
                settings = appliance.schedules.settings(of: schedule)
            } else {
                settings = try await appliance.schedules.settings(forJob: failed.job)
            }
            do {
                return try await start(appliance.runner.claimRetry(of: id, settings: settings, byHand: true), settings: settings, notice: "retried")
            } catch let error as RunnerError {
                throw DashboardFailure(error.code == .notFound ? .notFound : .badRequest, error.message)
            }
        }
    }

    /// Executes a claimed run in the background and sends the browser to the runs page.
    private func start(_ outcome: ClaimOutcome, settings: RunSettings, notice: String) -> Response {
        switch outcome {
        case .claimed(let run):
            let runner = appliance.runner
            Task.detached { _ = await runner.execute(run, settings: settings) }
            return Self.redirect("/runs?\(notice)=\(run.runID)")
        case .overlap(let running):
            return Self.redirect("/runs?busy=\(running.runID)")
        case .duplicate(let earlier):
            return Self.redirect("/runs?\(notice)=\(earlier.runID)")
        }
    }

    private func existingSchedule(_ context: AppRequestContext) async throws -> Schedule {
        let id = context.parameters.get("id") ?? ""
        do {
            return try await appliance.schedules.schedule(id)
        } catch let error as RunnerError where error.code == .notFound {
            throw DashboardFailure(.notFound, "No schedule '\(id)'")
        }
    }
}
