import Cron
import Foundation
import Hummingbird
import JarvisCore

/// The pages: each reads through JarvisCore's stores and renders one template.
extension DashboardController {
    @Sendable func overviewPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            let lastRuns = try await appliance.history.lastRuns()
            let cards = try await appliance.schedules.statuses(now: appliance.clock.now).map { status in
                scheduleCard(status, lastRun: lastRuns[status.schedule.job], session: session, strings: strings)
            }
            let alerts = try await appliance.overview.openAlerts(limit: 10)
            let counts = try await appliance.overview.kioskCounts()
            let view = DashboardViews.Overview(
                t: strings,
                schedules: cards,
                kiosks: .init(online: counts.online, offline: counts.offline, other: counts.other),
                alerts: alerts.first.map { alert in
                    DashboardViews.Alert(
                        priority: strings.priority(alert.priority),
                        priorityCode: alert.priority,
                        gym: alert.gymName,
                        type: strings.alertType(alert.type),
                        title: alert.title,
                        created: DashboardFormat.localTime(alert.createdAt, in: appliance.configuration.timeZone, strings: strings)
                    )
                },
                hasAlerts: !alerts.first.isEmpty,
                alertTotal: alerts.total,
                moreAlerts: alerts.total > alerts.first.count ? alerts.total - alerts.first.count : nil
            )
            return Self.html(try renderer.page("overview", view: view, heading: strings.overview, strings: strings, session: session, current: "/"))
        }
    }

    @Sendable func runsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            let query = request.uri.queryParameters
            // The filters as the API reads them; a refused one is shown, and the list unfiltered.
            var filter = RunHistory.Query(limit: 100)
            var error: String?
            var runs: [JobRun]
            do {
                filter.job = query.get("job").flatMap { $0.isEmpty ? nil : $0 }
                filter.status = try query.get("status").flatMap { $0.isEmpty ? nil : try RunStatus.parse($0, field: "status") }
                runs = try await appliance.history.list(filter).runs
            } catch let refusal as JarvisError where refusal.code == .invalidInput {
                error = strings.refusal(refusal)
                filter = RunHistory.Query(limit: 100)
                runs = try await appliance.history.list(filter).runs
            }
            let knownJob = filter.job
            let status = filter.status
            let now = appliance.clock.now
            let zone = appliance.configuration.timeZone
            let recent = try await appliance.history.runs(slotsSince: now.addingTimeInterval(-14 * 86_400))
            let timeline = RunTimelineChart(
                jobs: appliance.registry.slugs,
                runs: recent,
                start: now.addingTimeInterval(-14 * 86_400),
                end: now,
                timeZone: zone,
                strings: strings
            ).render()

            let view = DashboardViews.Runs(
                t: strings,
                notice: notice(query: query, strings: strings),
                error: error,
                timeline: timeline,
                jobs: appliance.registry.slugs.map { .init(value: $0, label: $0, selected: $0 == knownJob) },
                statuses: RunStatus.allCases.map { .init(value: $0.rawValue, label: strings.status($0), selected: $0 == status) },
                runs: runs.map { runRow($0, zone: zone, strings: strings) },
                hasRuns: !runs.isEmpty,
                csrf: session.csrfToken
            )
            return Self.html(try renderer.page("runs", view: view, heading: strings.runs, strings: strings, session: session, current: "/runs"))
        }
    }

    @Sendable func schedulesPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            try await renderSchedules(session: session, strings: strings, notice: notice(query: request.uri.queryParameters, strings: strings))
        }
    }

    /// The schedules page; `edited` replaces one card (a preview, or a refused change with its error).
    func renderSchedules(
        session: DashboardSessions.Session,
        strings: DashboardStrings,
        notice: String?,
        edited: DashboardViews.ScheduleCard? = nil
    ) async throws -> Response {
        let lastRuns = try await appliance.history.lastRuns()
        let cards = try await appliance.schedules.statuses(now: appliance.clock.now).map { status in
            if let edited, edited.id == status.schedule.id { return edited }
            return scheduleCard(status, lastRun: lastRuns[status.schedule.job], session: session, strings: strings)
        }
        let view = DashboardViews.Schedules(t: strings, notice: notice, schedules: cards)
        return Self.html(
            try renderer.page("schedules", view: view, heading: strings.schedules, strings: strings, session: session, current: "/schedules")
        )
    }

    @Sendable func kiosksPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            let now = appliance.clock.now
            let kiosks = try await appliance.overview.kiosks(now: now)
            let counts = try await appliance.overview.kioskCounts()
            let rows = kiosks.map { kiosk in
                let zone = TimeZone.iana(kiosk.gymTimeZone) ?? appliance.configuration.timeZone
                return DashboardViews.Kiosk(
                    gym: kiosk.gymName,
                    name: kiosk.name,
                    slug: kiosk.slug,
                    status: strings.kioskStatus(kiosk.status),
                    statusCode: kiosk.status,
                    lastHeartbeat: kiosk.lastHeartbeat.map { DashboardFormat.localTime($0, in: zone, strings: strings) } ?? strings.never,
                    ago: kiosk.lastHeartbeat.map { strings.relative($0.timeIntervalSince(now)) },
                    uptime: kiosk.uptime.map(DashboardFormat.percent),
                    uptimeWidth: String(format: "%.1f", (kiosk.uptime ?? 0) * 100)
                )
            }
            let view = DashboardViews.Kiosks(
                t: strings,
                counts: .init(online: counts.online, offline: counts.offline, other: counts.other),
                kiosks: rows,
                hasKiosks: !rows.isEmpty
            )
            return Self.html(try renderer.page("kiosks", view: view, heading: strings.kiosks, strings: strings, session: session, current: "/kiosks"))
        }
    }

    @Sendable func reportsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { session, strings in
            let listings = try await appliance.reports.list()
            var gyms: [DashboardViews.Gym] = []
            for listing in listings.sorted(by: { ($0.gymSlug, $1.periodStart) < ($1.gymSlug, $0.periodStart) }) {
                let zone = TimeZone.iana(listing.timeZone) ?? appliance.configuration.timeZone
                let report = DashboardViews.Report(
                    week: listing.week?.description ?? "?",
                    period: "\(listing.periodStart) → \(listing.periodEnd)",
                    generated: Timestamp.date(from: listing.generatedAt).map { DashboardFormat.localTime($0, in: zone, strings: strings) }
                        ?? listing.generatedAt,
                    href: listing.week.map { "/reports/\(listing.gymSlug)/\($0.description)" }
                )
                if gyms.last?.slug == listing.gymSlug {
                    gyms[gyms.count - 1].reports.append(report)
                } else {
                    gyms.append(.init(name: listing.gymName, slug: listing.gymSlug, reports: [report]))
                }
            }
            let view = DashboardViews.Reports(t: strings, gyms: gyms, hasGyms: !gyms.isEmpty)
            return Self.html(
                try renderer.page("reports", view: view, heading: strings.reports, strings: strings, session: session, current: "/reports")
            )
        }
    }

    /// One weekly report as its own HTML page, as JarvisCore renders it.
    @Sendable func reportPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request) { _, _ in
            let report = try await appliance.reports.find(gym: context.parameters.get("gym") ?? "", week: context.parameters.get("week") ?? "")
            return Self.html(WeeklyReportHTML.render(report))
        }
    }

    // MARK: Building blocks

    func scheduleCard(
        _ status: ScheduleStatus,
        lastRun: JobRun?,
        session: DashboardSessions.Session,
        strings: DashboardStrings
    ) -> DashboardViews.ScheduleCard {
        let now = appliance.clock.now
        let schedule = status.schedule
        let zone = status.zone
        let expression = status.expression
        let next = status.nextFire
        return DashboardViews.ScheduleCard(
            t: strings,
            id: schedule.id,
            jobName: appliance.registry[schedule.job]?.displayName ?? schedule.job,
            cron: schedule.cron,
            timezone: schedule.timezone ?? "",
            defaultZone: appliance.configuration.timeZone.identifier,
            zone: zone.identifier,
            meaning: expression.map(strings.meaning) ?? (strings.lang == "fr" ? "expression invalide" : "invalid expression"),
            paused: schedule.paused,
            next: next.map { DashboardFormat.localTime($0, in: zone, strings: strings) } ?? (schedule.paused ? strings.paused : "—"),
            nextIn: next.map { strings.relative($0.timeIntervalSince(now)) },
            lastRun: lastRun.map { run in
                DashboardViews.LastRun(
                    status: strings.status(run.status),
                    statusCode: run.status.rawValue,
                    when: DashboardFormat.localTime(run.startedAt ?? run.slotUTC, in: zone, strings: strings),
                    duration: run.durationMs.map(DashboardFormat.duration(milliseconds:))
                )
            },
            csrf: session.csrfToken,
            error: nil,
            preview: [],
            hasPreview: false,
            previewMeaning: nil
        )
    }

    func runRow(_ run: JobRun, zone: TimeZone, strings: DashboardStrings) -> DashboardViews.Run {
        var note = run.error ?? ""
        if note.isEmpty, case .object(let summary)? = run.summaryValue {
            note = summary.keys.sorted().prefix(8).map { key in "\(key) \(summary[key]?.jsonText ?? "")" }.joined(separator: " · ")
        }
        if let retry = run.nextRetryAt {
            note +=
                (note.isEmpty ? "" : " — ") + (strings.lang == "fr" ? "relance " : "retry ")
                + DashboardFormat.localTime(retry, in: zone, strings: strings)
        }
        return DashboardViews.Run(
            id: run.runID,
            job: run.job,
            attempt: run.attempt > 1 ? run.attempt : nil,
            status: strings.status(run.status),
            statusCode: run.status.rawValue,
            dead: run.isDead,
            trigger: strings.trigger(run.trigger),
            slot: run.slotLocal,
            started: run.startedAt.map { DashboardFormat.localTime($0, in: zone, strings: strings) } ?? "—",
            duration: run.durationMs.map(DashboardFormat.duration(milliseconds:)) ?? "—",
            note: note,
            retryable: run.status.isFailure
        )
    }

    /// The message a redirect after an action asked for (`?started=12`, `?saved=weekly-reports`).
    func notice(query: Parameters, strings: DashboardStrings) -> String? {
        if let id = query.get("started", as: Int64.self) { return "\(strings.runStarted) #\(id)" }
        if let id = query.get("retried", as: Int64.self) { return "\(strings.retryStarted) #\(id)" }
        if let id = query.get("busy", as: Int64.self) { return "\(strings.runBusy) #\(id)" }
        if query.get("saved") != nil { return strings.saved }
        return nil
    }
}
