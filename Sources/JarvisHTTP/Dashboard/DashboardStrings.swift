import Cron
import JarvisCore

/// Every text of the dashboard in one language. Templates read them as `{{t.name}}`.
struct DashboardStrings: Sendable {
    var lang: String
    var title: String
    var overview: String
    var runs: String
    var schedules: String
    var kiosks: String
    var reports: String
    var signIn: String
    var signOut: String
    var adminSecret: String
    var signInHelp: String
    var signInFailed: String
    var signInUnavailable: String
    var schedule: String
    var expression: String
    var meaning: String
    var timeZone: String
    var nextFire: String
    var lastRun: String
    var noRunYet: String
    var paused: String
    var active: String
    var openAlerts: String
    var noOpenAlert: String
    var moreAlerts: String
    var online: String
    var offline: String
    var otherStatus: String
    var job: String
    var status: String
    var allJobs: String
    var allStatuses: String
    var filter: String
    var trigger: String
    var slot: String
    var attempt: String
    var started: String
    var duration: String
    var note: String
    var retry: String
    var noRuns: String
    var recentRuns: String
    var recentRunsHelp: String
    var preview: String
    var save: String
    var pause: String
    var resume: String
    var runNow: String
    var defaultZone: String
    var nextFives: String
    var invalidExpression: String
    var saved: String
    var runStarted: String
    var runBusy: String
    var retryStarted: String
    var kiosk: String
    var gym: String
    var lastHeartbeat: String
    var uptime7Days: String
    var never: String
    var noKiosk: String
    var week: String
    var period: String
    var generatedAt: String
    var noReport: String
    var open: String
    var priority: String
    var since: String
    var dead: String
    var menu: String
    var alerts: String
    var allAlerts: String
    var alert: String
    var type: String
    var allTypes: String
    var allPriorities: String
    var openOrAcknowledged: String
    var acknowledge: String
    var resolve: String
    var dismiss: String
    var reopen: String
    var resolutionNote: String
    var managerNote: String
    var createdAt: String
    var noAlerts: String
    var nextPage: String
    var firstPage: String
    var alertUpdated: String
    var noteRequired: String
    var alertConflict: String

    static let french = DashboardStrings(
        lang: "fr",
        title: "Jarvis — tableau de bord",
        overview: "Vue d'ensemble",
        runs: "Exécutions",
        schedules: "Planifications",
        kiosks: "Bornes",
        reports: "Rapports",
        signIn: "Se connecter",
        signOut: "Se déconnecter",
        adminSecret: "Secret d'administration",
        signInHelp: "Saisissez le secret d'administration (JARVIS_ADMIN_SECRET, sinon CRON_SECRET).",
        signInFailed: "Secret incorrect.",
        signInUnavailable: "Aucun secret d'administration n'est configuré : définissez JARVIS_ADMIN_SECRET ou CRON_SECRET puis redémarrez.",
        schedule: "Planification",
        expression: "Expression",
        meaning: "En clair",
        timeZone: "Fuseau horaire",
        nextFire: "Prochaine exécution",
        lastRun: "Dernière exécution",
        noRunYet: "jamais exécuté",
        paused: "en pause",
        active: "active",
        openAlerts: "Alertes ouvertes",
        noOpenAlert: "Aucune alerte ouverte.",
        moreAlerts: "autres alertes ouvertes",
        online: "en ligne",
        offline: "hors ligne",
        otherStatus: "autres",
        job: "Tâche",
        status: "Statut",
        allJobs: "Toutes les tâches",
        allStatuses: "Tous les statuts",
        filter: "Filtrer",
        trigger: "Déclencheur",
        slot: "Créneau",
        attempt: "Essai",
        started: "Début",
        duration: "Durée",
        note: "Détail",
        retry: "Relancer",
        noRuns: "Aucune exécution.",
        recentRuns: "Exécutions des 14 derniers jours",
        recentRunsHelp: "Un point par exécution, coloré selon son statut.",
        preview: "Aperçu",
        save: "Enregistrer",
        pause: "Mettre en pause",
        resume: "Reprendre",
        runNow: "Lancer maintenant",
        defaultZone: "par défaut",
        nextFives: "Cinq prochaines exécutions",
        invalidExpression: "Expression refusée :",
        saved: "Planification enregistrée.",
        runStarted: "Exécution lancée",
        runBusy: "Déjà en cours : exécution",
        retryStarted: "Relance lancée",
        kiosk: "Borne",
        gym: "Salle",
        lastHeartbeat: "Dernier signal",
        uptime7Days: "Disponibilité (7 j)",
        never: "jamais",
        noKiosk: "Aucune borne.",
        week: "Semaine",
        period: "Période",
        generatedAt: "Généré le",
        noReport: "Aucun rapport pour l'instant : lancez la tâche weekly-reports.",
        open: "Ouvrir",
        priority: "Priorité",
        since: "depuis",
        dead: "abandonnée",
        menu: "Menu",
        alerts: "Alertes",
        allAlerts: "Toutes les alertes",
        alert: "Alerte",
        type: "Type",
        allTypes: "Tous les types",
        allPriorities: "Toutes les priorités",
        openOrAcknowledged: "ouvertes ou acquittées",
        acknowledge: "Acquitter",
        resolve: "Résoudre",
        dismiss: "Ignorer",
        reopen: "Rouvrir",
        resolutionNote: "Note (ce qui a été fait)",
        managerNote: "Note",
        createdAt: "Créée le",
        noAlerts: "Aucune alerte.",
        nextPage: "Page suivante",
        firstPage: "Première page",
        alertUpdated: "Alerte mise à jour",
        noteRequired: "une note est requise pour résoudre une alerte (2000 caractères au plus)",
        alertConflict: "cette action ne s'applique pas à l'alerte dans son statut actuel, ou une autre alerte est ouverte pour la même situation"
    )

    static let english = DashboardStrings(
        lang: "en",
        title: "Jarvis — dashboard",
        overview: "Overview",
        runs: "Runs",
        schedules: "Schedules",
        kiosks: "Kiosks",
        reports: "Reports",
        signIn: "Sign in",
        signOut: "Sign out",
        adminSecret: "Admin secret",
        signInHelp: "Enter the admin secret (JARVIS_ADMIN_SECRET, else CRON_SECRET).",
        signInFailed: "Wrong secret.",
        signInUnavailable: "No admin secret is configured: set JARVIS_ADMIN_SECRET or CRON_SECRET and restart.",
        schedule: "Schedule",
        expression: "Expression",
        meaning: "In plain words",
        timeZone: "Time zone",
        nextFire: "Next run",
        lastRun: "Last run",
        noRunYet: "never run",
        paused: "paused",
        active: "active",
        openAlerts: "Open alerts",
        noOpenAlert: "No open alert.",
        moreAlerts: "more open alerts",
        online: "online",
        offline: "offline",
        otherStatus: "other",
        job: "Job",
        status: "Status",
        allJobs: "All jobs",
        allStatuses: "All statuses",
        filter: "Filter",
        trigger: "Trigger",
        slot: "Slot",
        attempt: "Try",
        started: "Started",
        duration: "Took",
        note: "Detail",
        retry: "Retry",
        noRuns: "No run.",
        recentRuns: "Runs of the last 14 days",
        recentRunsHelp: "One dot per run, coloured by its status.",
        preview: "Preview",
        save: "Save",
        pause: "Pause",
        resume: "Resume",
        runNow: "Run now",
        defaultZone: "default",
        nextFives: "Next five runs",
        invalidExpression: "Expression refused:",
        saved: "Schedule saved.",
        runStarted: "Run started",
        runBusy: "Already running: run",
        retryStarted: "Retry started",
        kiosk: "Kiosk",
        gym: "Gym",
        lastHeartbeat: "Last heartbeat",
        uptime7Days: "Uptime (7 days)",
        never: "never",
        noKiosk: "No kiosk.",
        week: "Week",
        period: "Period",
        generatedAt: "Generated",
        noReport: "No report yet: run the weekly-reports job.",
        open: "Open",
        priority: "Priority",
        since: "since",
        dead: "dead",
        menu: "Menu",
        alerts: "Alerts",
        allAlerts: "All alerts",
        alert: "Alert",
        type: "Type",
        allTypes: "All types",
        allPriorities: "All priorities",
        openOrAcknowledged: "open or acknowledged",
        acknowledge: "Acknowledge",
        resolve: "Resolve",
        dismiss: "Dismiss",
        reopen: "Reopen",
        resolutionNote: "Note (what was done)",
        managerNote: "Note",
        createdAt: "Created",
        noAlerts: "No alert.",
        nextPage: "Next page",
        firstPage: "First page",
        alertUpdated: "Alert updated",
        noteRequired: "a note is required to resolve an alert (at most 2000 characters)",
        alertConflict: "this action does not apply to the alert in its current status, or another alert is open for the same situation"
    )

    static func of(_ language: DashboardLanguage) -> DashboardStrings {
        switch language {
        case .french: .french
        case .english: .english
        }
    }

    /// A cron expression in plain words, in the dashboard's language.
    func meaning(_ expression: CronExpression) -> String {
        expression.explanation(in: lang == "fr" ? .french : .english)
    }

    /// A run status in words.
    func status(_ status: RunStatus) -> String {
        let french = lang == "fr"
        switch status {
        case .running: return french ? "en cours" : "running"
        case .succeeded: return french ? "réussie" : "succeeded"
        case .failed: return french ? "échouée" : "failed"
        case .timedOut: return french ? "délai dépassé" : "timed out"
        case .abandoned: return french ? "interrompue" : "abandoned"
        case .missed: return french ? "manquée" : "missed"
        case .skippedOverlap: return french ? "ignorée (chevauchement)" : "skipped (overlap)"
        }
    }

    /// What started a run, in words.
    func trigger(_ trigger: RunTrigger) -> String {
        let french = lang == "fr"
        switch trigger {
        case .schedule: return french ? "planifiée" : "schedule"
        case .catchup: return french ? "rattrapage" : "catch-up"
        case .http: return "HTTP"
        case .cli: return french ? "ligne de commande" : "command line"
        case .retry: return french ? "relance" : "retry"
        }
    }

    /// A kiosk status in words.
    func kioskStatus(_ status: String) -> String {
        let french = lang == "fr"
        switch status {
        case "online": return online
        case "offline": return offline
        case "provisioning": return french ? "en installation" : "provisioning"
        case "maintenance": return "maintenance"
        case "error": return french ? "erreur" : "error"
        default: return status
        }
    }

    /// An alert type in words.
    func alertType(_ type: String) -> String {
        let french = lang == "fr"
        switch type {
        case "churn_risk": return french ? "risque de départ" : "churn risk"
        case "kiosk_offline": return french ? "borne hors ligne" : "kiosk offline"
        case "job_failed": return french ? "tâche en échec" : "job failed"
        default: return type
        }
    }

    /// An alert status in words.
    func alertStatus(_ status: String) -> String {
        guard lang == "fr" else { return status }
        switch status {
        case "open": return "ouverte"
        case "acknowledged": return "acquittée"
        case "resolved": return "résolue"
        case "dismissed": return "ignorée"
        default: return status
        }
    }

    /// A manager's action on an alert refused: in French, the words for a missing or too long
    /// note and for a move that does not apply; in English, the core's message.
    func alertRefusal(_ error: JarvisError) -> String {
        guard lang == "fr" else { return error.message }
        if error.field == "note" { return noteRequired }
        if error.code == .conflict { return alertConflict }
        return refusal(error)
    }

    /// An alert priority in words.
    func priority(_ priority: String) -> String {
        guard lang == "fr" else { return priority }
        switch priority {
        case "urgent": return "urgente"
        case "high": return "haute"
        case "medium": return "moyenne"
        case "low": return "basse"
        default: return priority
        }
    }

    /// Short weekday names, Sunday first.
    var weekdays: [String] {
        lang == "fr" ? ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."] : ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    }

    /// "in 4 h 12 min" / "dans 4 h 12 min", "3 min ago" / "il y a 3 min".
    func relative(_ seconds: Double) -> String {
        let span = DashboardFormat.span(abs(seconds), dayUnit: lang == "fr" ? "j" : "d")
        if lang == "fr" { return seconds >= 0 ? "dans \(span)" : "il y a \(span)" }
        return seconds >= 0 ? "in \(span)" : "\(span) ago"
    }

    /// A use case's refusal in this language: the core's message, or in French the words for
    /// the rule its `reason` names.
    func refusal(_ error: JarvisError) -> String {
        guard lang == "fr", let reason = error.details["reason"]?.stringValue else { return error.message }
        let value = error.details["value"]?.stringValue ?? ""
        switch reason {
        case "unknown_time_zone": return "timezone: '\(value)' n'est pas un fuseau IANA comme Europe/Paris"
        case "never_fires": return "cron: '\(value)' : cette expression ne se déclenche jamais"
        case "unknown_job": return "Tâche inconnue '\(value)'"
        case "unknown_choice" where error.field == "status": return "Statut inconnu '\(value)'"
        default: return error.message
        }
    }
}
