import Cron
import Foundation
import JarvisCore

/// A schedule as the management API shows it, with its next fire time in its own zone.
struct ScheduleResource: Encodable {
    var id: String
    var job: String
    var cron: String
    /// The zone the schedule names; null when it follows the appliance's.
    var timezone: String?
    /// The zone it actually runs in.
    var effectiveTimezone: String
    var paused: Bool
    var catchUp: String
    var maxRetries: Int
    var timeoutSeconds: Int
    var createdAt: String
    var updatedAt: String
    /// The next slot, RFC 3339 in the schedule's zone; null while paused.
    var nextFireAt: String?
    /// The expression in plain words.
    var explanation: String?

    enum CodingKeys: String, CodingKey {
        case id, job, cron, timezone, effectiveTimezone, paused, catchUp, maxRetries, timeoutSeconds
        case createdAt, updatedAt, nextFireAt, explanation
    }

    /// Writes every key, with `null` for an absent zone or next fire, so that clients see the
    /// same shape for every schedule.
    func encode(to encoder: any Encoder) throws {
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

    init(_ schedule: Schedule, store: ScheduleStore, now: Date) {
        let expression = try? store.expression(of: schedule)
        let zone = store.zone(of: schedule)
        id = schedule.id
        job = schedule.job
        cron = schedule.cron
        timezone = schedule.timezone
        effectiveTimezone = zone.identifier
        paused = schedule.paused
        catchUp = schedule.catchUp.rawValue
        maxRetries = schedule.maxRetries
        timeoutSeconds = schedule.timeoutSeconds
        createdAt = Timestamp.string(from: schedule.createdAt)
        updatedAt = Timestamp.string(from: schedule.updatedAt)
        nextFireAt = schedule.paused ? nil : expression?.nextFire(after: now).map { RFC3339Timestamp.string(from: $0, in: expression?.timeZone ?? zone) }
        explanation = expression?.explanation
    }
}
