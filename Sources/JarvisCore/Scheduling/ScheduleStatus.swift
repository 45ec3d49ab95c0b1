import Cron
import Foundation

/// A schedule with where it stands at a given instant: the zone it runs in, its parsed
/// expression, and its next fire. What every edge lists.
public struct ScheduleStatus: Sendable {
    public var schedule: Schedule
    /// The zone it runs in: the expression's `CRON_TZ=`, else its own, else the appliance's.
    public var zone: TimeZone
    /// Nil when the stored expression no longer parses.
    public var expression: CronExpression?
    /// Nil while paused, or when the expression never fires.
    public var nextFire: Date?
}
