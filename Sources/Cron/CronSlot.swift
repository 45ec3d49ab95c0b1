import Foundation

/// One firing of a cron expression: when it happens and which wall time it stands for.
///
/// `instant` and `nominal` differ only in a daylight-saving gap: a fixed-time job whose
/// wall time does not exist fires at the first instant after the gap, and `nominal` keeps
/// the wall time the expression named (see ``CronExpression`` for the rules).
public struct CronSlot: Sendable, Hashable {
    /// When the job fires (after any gap shift).
    public let instant: Date
    /// The local wall time the expression named, e.g. 02:00 on a spring-forward day even
    /// though the job fires at 03:00.
    public let nominal: LocalDateTime

    public init(instant: Date, nominal: LocalDateTime) {
        self.instant = instant
        self.nominal = nominal
    }
}
