import GRDB

/// A manager alert as the management API, the CLI's `--json` and the dashboard read it.
public struct AlertResource: Encodable, Sendable, Equatable {
    public var id: Int64
    /// The gym's slug.
    public var gym: String
    public var type: AlertType
    public var priority: AlertPriority
    public var status: AlertStatus
    /// In French, as the job that raised it wrote it.
    public var title: String
    public var message: String?
    /// What the job recorded beside the alert (`{"memberId":42,"score":0.55,"level":"high"}`).
    public var details: JSONValue
    /// The member a `churn_risk` alert is about.
    public var memberId: Int64?
    /// The slug of the kiosk a `kiosk_offline` alert is about.
    public var kiosk: String?
    public var createdAt: String
    public var updatedAt: String
    public var acknowledgedAt: String?
    /// When it was resolved or dismissed; nil while open or acknowledged.
    public var resolvedAt: String?
    /// The manager's last note.
    public var note: String?

    /// The columns of ``init(row:)``, for `FROM manager_alerts a JOIN gyms g ... LEFT JOIN kiosks k`.
    static let columns = """
        a.id, g.slug AS gym_slug, a.alert_type, a.priority, a.status, a.title, a.message, a.details,
        a.member_id, k.slug AS kiosk_slug, a.created_at, a.updated_at, a.acknowledged_at, a.resolved_at, a.note
        """
    static let tables = "manager_alerts a JOIN gyms g ON g.id = a.gym_id LEFT JOIN kiosks k ON k.id = a.kiosk_id"

    init(row: Row) throws {
        id = row["id"]
        gym = row["gym_slug"]
        func stored<Value: RawRepresentable<String>>(_ column: String, as type: Value.Type) throws -> Value {
            let text: String = row[column]
            guard let value = Value(rawValue: text) else {
                throw JarvisError(.internalFailure, "alert #\(row["id"] as Int64): unreadable \(column) '\(text)'")
            }
            return value
        }
        self.type = try stored("alert_type", as: AlertType.self)
        priority = try stored("priority", as: AlertPriority.self)
        status = try stored("status", as: AlertStatus.self)
        title = row["title"]
        message = row["message"]
        details = JSONValue(jsonText: row["details"]) ?? [:]
        memberId = row["member_id"]
        kiosk = row["kiosk_slug"]
        createdAt = row["created_at"]
        updatedAt = row["updated_at"]
        acknowledgedAt = row["acknowledged_at"]
        resolvedAt = row["resolved_at"]
        note = row["note"]
    }
}
