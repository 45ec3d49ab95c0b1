import Foundation
import JarvisCore

/// The body of `PUT /api/schedules/{id}`, read field by field: a field of the wrong JSON type is
/// refused here, naming it; what the values mean (an IANA zone, an expression that fires, the
/// ranges) is checked by `ScheduleStore.upsert`, as for every edge. Absent fields keep their
/// value; `"timezone": null` goes back to the appliance's zone.
enum ScheduleChange {
    static let fields = ["job", "cron", "timezone", "catchUp", "maxRetries", "timeoutSeconds", "paused"]

    static func parse(_ body: JSONValue) throws -> ScheduleStore.Change {
        guard case .object(let object) = body else {
            throw APIError.badRequest("the body must be a JSON object with some of: \(fields.joined(separator: ", "))")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw APIError.badRequest("\(unknown): unknown field; known fields: \(fields.joined(separator: ", "))", field: unknown)
        }
        var change = ScheduleStore.Change()
        change.job = try string(object, "job")
        change.cron = try string(object, "cron")
        if let zone = object["timezone"] {
            switch zone {
            case .null: change.timezone = .some(nil)
            case .string(let identifier): change.timezone = .some(identifier)
            default: throw APIError.badRequest("timezone: expected an IANA zone name or null", field: "timezone")
            }
        }
        change.catchUp = try string(object, "catchUp").map { try CatchUpPolicy.parse($0, field: "catchUp") }
        change.maxRetries = try integer(object, "maxRetries")
        change.timeoutSeconds = try integer(object, "timeoutSeconds")
        if let paused = object["paused"] {
            guard case .bool(let value) = paused else { throw APIError.badRequest("paused: expected true or false", field: "paused") }
            change.paused = value
        }
        return change
    }

    private static func string(_ object: [String: JSONValue], _ field: String) throws -> String? {
        guard let value = object[field] else { return nil }
        guard case .string(let text) = value else { throw APIError.badRequest("\(field): expected a string", field: field) }
        return text
    }

    private static func integer(_ object: [String: JSONValue], _ field: String) throws -> Int? {
        guard let value = object[field] else { return nil }
        guard case .int(let number) = value else { throw APIError.badRequest("\(field): expected an integer", field: field) }
        return number
    }
}
