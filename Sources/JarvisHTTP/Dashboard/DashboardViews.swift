/// What each page's template reads. Every field is plain text that the template escapes,
/// except `timeline` (SVG made by `RunTimelineChart`, whose texts are escaped there).
enum DashboardViews {
    struct SignIn {
        var t: DashboardStrings
        var token: String
        var failed: Bool
        var unavailable: Bool
    }

    struct LastRun {
        var status: String
        var statusCode: String
        var when: String
        var duration: String?
    }

    struct ScheduleCard {
        var t: DashboardStrings
        var id: String
        var jobName: String
        var cron: String
        /// The zone field as stored (empty: the appliance's zone).
        var timezone: String
        var defaultZone: String
        var zone: String
        var meaning: String
        var paused: Bool
        var next: String
        var nextIn: String?
        var lastRun: LastRun?
        var csrf: String
        var error: String?
        var preview: [String]
        var hasPreview: Bool
        var previewMeaning: String?
    }

    struct Alert {
        var priority: String
        var priorityCode: String
        var gym: String
        var type: String
        var title: String
        var created: String
    }

    struct Counts {
        var online: Int
        var offline: Int
        var other: Int
    }

    struct Overview {
        var t: DashboardStrings
        var schedules: [ScheduleCard]
        var kiosks: Counts
        var alerts: [Alert]
        var hasAlerts: Bool
        var alertTotal: Int
        var moreAlerts: Int?
    }

    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Run {
        var id: Int64
        var job: String
        var attempt: Int?
        var status: String
        var statusCode: String
        var dead: Bool
        var trigger: String
        var slot: String
        var started: String
        var duration: String
        var note: String
        var retryable: Bool
    }

    struct Runs {
        var t: DashboardStrings
        var notice: String?
        var error: String?
        var timeline: String
        var jobs: [Option]
        var statuses: [Option]
        var runs: [Run]
        var hasRuns: Bool
        var csrf: String
    }

    struct Schedules {
        var t: DashboardStrings
        var notice: String?
        var schedules: [ScheduleCard]
    }

    struct Kiosk {
        var gym: String
        var name: String
        var slug: String
        var status: String
        var statusCode: String
        var lastHeartbeat: String
        var ago: String?
        var uptime: String?
        var uptimeWidth: String
    }

    struct Kiosks {
        var t: DashboardStrings
        var counts: Counts
        var kiosks: [Kiosk]
        var hasKiosks: Bool
    }

    struct Report {
        var week: String
        var period: String
        var generated: String
        var href: String?
    }

    struct Gym {
        var name: String
        var slug: String
        var reports: [Report]
    }

    struct Reports {
        var t: DashboardStrings
        var gyms: [Gym]
        var hasGyms: Bool
    }

    struct AlertRow {
        var id: Int64
        var priority: String
        var priorityCode: String
        var gym: String
        var type: String
        var status: String
        var statusCode: String
        var title: String
        var message: String?
        var note: String?
        var created: String
        var canAcknowledge: Bool
        /// Resolve and dismiss.
        var canClose: Bool
        var canReopen: Bool
        var csrf: String
        /// The page's filters, carried by the forms.
        var filters: DashboardController.AlertFilters
    }

    struct Alerts {
        var t: DashboardStrings
        var notice: String?
        var error: String?
        var gym: String
        var types: [Option]
        var statuses: [Option]
        var priorities: [Option]
        var alerts: [AlertRow]
        var hasAlerts: Bool
        var nextPage: String?
        var firstPage: String?
    }
}
