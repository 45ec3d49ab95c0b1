/// The French texts the gym's staff read: the `system_logs` messages of the job runs and
/// the titles and texts of the alerts the jobs open, in one place so that they read alike.
///
/// They are part of the contract with the original product (DESIGN.md: "message in French
/// as in the original"), whose operators query them in the `sqlite3` shell: change them
/// only on purpose. French typography puts a space before the colon.
public enum StaffTexts {
    // MARK: Jobs

    /// The churn job's name in log messages.
    public static let churnJobName = "Analyse churn quotidienne"
    /// The churn job's message when a run succeeds.
    public static let churnCompleted = "Analyse churn quotidienne terminée"
    /// The kiosk health job's name in log messages.
    public static let kioskHealthJobName = "Health check kiosks"
    /// The kiosk health job's message when a run succeeds.
    public static let kioskHealthCompleted = "Health check kiosks terminé"
    /// The cleanup job's name in log messages.
    public static let cleanupJobName = "Nettoyage données"
    /// The cleanup job's message when a run succeeds.
    public static let cleanupCompleted = "Nettoyage données terminé"
    /// The weekly reports job's name in log messages.
    public static let weeklyReportsJobName = "Rapports hebdomadaires"
    /// The weekly reports job's message when a run succeeds.
    public static let weeklyReportsCompleted = "Rapports hebdomadaires générés"

    // MARK: Runs (system_logs messages)

    /// A successful run of a job that has no completion message of its own: "Sauvegarde terminé".
    public static func completed(_ job: String) -> String { "\(job) terminé" }

    /// A run stopped at its schedule's timeout: "Délai dépassé : Nettoyage données (900 s)".
    public static func timedOut(_ job: String, seconds: Int) -> String { "Délai dépassé : \(job) (\(seconds) s)" }

    /// A run left `running` by a crash or a shutdown: "Interrompu : Nettoyage données".
    public static func interrupted(_ job: String) -> String { "Interrompu : \(job)" }

    /// A failed run, with its attempt out of all those allowed: "Échec : … (tentative 2/4)".
    public static func failed(_ job: String, attempt: Int, of attempts: Int) -> String {
        "Échec : \(job) (tentative \(attempt)/\(attempts))"
    }

    /// A scheduled slot that found its job still running: recorded `skipped_overlap`.
    public static func skippedOverlap(_ job: String, runningRun runID: Int64) -> String {
        "Créneau ignoré : \(job) déjà en cours (exécution #\(runID))"
    }

    /// Slots that passed while the appliance was down and will not run, `count` of them.
    public static func missedSlots(_ job: String, count: Int) -> String { "Créneaux manqués : \(job) (\(count))" }

    // MARK: Churn alerts

    /// "Risque de départ élevé : Camille Martin"; `level` is the level's French word.
    public static func churnAlertTitle(level: String, member: String) -> String { "Risque de départ \(level) : \(member)" }

    /// "Score 0,75 : 30 jours sans visite, 1 visite(s) en 30 jours. À contacter."; `score`
    /// is already written with a decimal comma, `reasons` are the phrases below.
    public static func churnAlertMessage(score: String, reasons: [String]) -> String {
        "Score \(score) : " + reasons.joined(separator: ", ") + ". À contacter."
    }

    /// Reason: days since the member's last visit.
    public static func daysWithoutVisit(_ days: Int) -> String { "\(days) jours sans visite" }
    /// Reason: negative conversation summaries in the last 90 days.
    public static func negativeConversations(_ count: Int) -> String { "\(count) conversations négatives en 90 jours" }
    /// Reason: visits in the last 30 days, below the expected engagement.
    public static func visitsIn30Days(_ count: Int) -> String { "\(count) visite(s) en 30 jours" }
    /// Reason: the membership ends within 30 days.
    public static func membershipEnding(inDays days: Int) -> String { "abonnement se terminant dans \(days) jours" }
    /// Reason: the membership has already ended.
    public static let membershipEnded = "abonnement terminé"

    // MARK: Kiosk alerts

    /// "Kiosk hors ligne : Accueil (Salle Lyon)".
    public static func kioskOfflineTitle(kiosk: String, gym: String) -> String { "Kiosk hors ligne : \(kiosk) (\(gym))" }

    /// "Aucun signal depuis 2 h 05."; `silence` is already written in French ("45 min").
    public static func kioskOfflineMessage(silence: String) -> String { "Aucun signal depuis \(silence)." }

    // MARK: Manager actions on alerts (system_logs messages)

    /// An alert a manager has seen.
    public static let alertAcknowledged = "Alerte acquittée"
    /// An alert a manager closed as dealt with.
    public static let alertResolved = "Alerte résolue"
    /// An alert a manager closed as needing no action.
    public static let alertDismissed = "Alerte ignorée"
    /// A closed alert a manager opened again.
    public static let alertReopened = "Alerte rouverte"

    // A member's rights under the GDPR.
    /// The `system_logs` message of an erasure on request (no personal data in it).
    public static let memberErased = "Membre effacé à sa demande (RGPD)"
    /// The title an anonymised member's alerts keep.
    public static let anonymizedMember = "Membre anonymisé"
}

extension StaffTexts {
    /// The answer a kiosk shows at check-in for a badge of no active member of its gym.
    public static let badgeUnknown = "Badge non reconnu"
}
