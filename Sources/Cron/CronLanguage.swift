/// The languages ``CronExpression/explanation(in:)`` speaks.
public enum CronLanguage: Sendable, Hashable, CaseIterable {
    /// "at 02:00 every day (Europe/Paris)".
    case english
    /// "à 02:00 tous les jours (Europe/Paris)".
    case french
}
