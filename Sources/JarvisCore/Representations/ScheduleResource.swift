import Cron
import Foundation

/// A schedule as the management API and `jarvis schedules --json` show it, with its next fire
/// time in its own zone.
public struct ScheduleResource: Encodable, Sendable {
    public var id: String
    public var job: String
    public var cron: String
    /// The zone the schedule names; null when it follows the appliance's.
    public var timezone: String?
    /// The zone it actually runs in.
    public var effectiveTimezone: String
    public var paused: Bool
    public var catchUp: String
    public var maxRetries: Int
    public var timeoutSeconds: Int
    public var createdAt: String
    public var updatedAt: String
    /// The next slot, RFC 3339 in the schedule's zone; null while paused.
    public var nextFireAt: String?
    /// The expression in plain words.
    public var explanation: String?

    enum CodingKeys: String, CodingKey {
        case id, job, cron, timezone, effectiveTimezone, paused, catchUp, maxRetries, timeoutSeconds
        case createdAt, updatedAt, nextFireAt, explanation
    }

    /// Writes every key, with `null` for an absent zone or next fire, so that clients see the
    /// same shape for every schedule.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(job, forKey: .job)
        try container.encode(cron, forKey: .cron)
        try container.encode(timezone, forKey: .timezone)
        try container.encode(effectiveTimezone, forKey: .effectiveTimezone)
        try container.encode(paused, forKey: .paused)
        try container.encode(catchUp, forKey: .catchUp)
        try container.encode(maxRetries, forKey: .maxRetries)
        try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(nextFireAt, forKey: .nextFireAt)
        try container.encode(explanation, forKey: .explanation)
    }

    public init(_ status: ScheduleStatus) {
        let schedule = status.schedule
        id = schedule.id
        job = schedule.job
        cron = schedule.cron
        timezone = schedule.timezone
        effectiveTimezone = status.zone.identifier
        paused = schedule.paused
        catchUp = schedule.catchUp.rawValue
        maxRetries = schedule.maxRetries
        timeoutSeconds = schedule.timeoutSeconds
        createdAt = Timestamp.string(from: schedule.createdAt)
        updatedAt = Timestamp.string(from: schedule.updatedAt)
        nextFireAt = status.nextFire.map { RFC3339Timestamp.string(from: $0, in: status.zone) }
        explanation = status.expression?.explanation
    }
}
