import Cron
import Foundation
import GRDB

/// `health-check-kiosks`: sets each kiosk's status from its last heartbeat and keeps one open
/// `kiosk_offline` alert per kiosk that has been silent too long while its gym is open.
///
/// Kiosks being set up (`provisioning`) or serviced (`maintenance`) are skipped. As of the run's
/// nominal time, like every job; written in one short transaction per batch.
public struct KioskHealthJob: Job {
    public let slug = "health-check-kiosks"
    public let logType = "cron_kiosk_health"
    public let displayName = StaffTexts.kioskHealthJobName
    public let completionMessage = StaffTexts.kioskHealthCompleted
    public let defaultSchedule = "0 3 * * *"
    public var batchSize: Int

    public init(batchSize: Int = 500) {
        self.batchSize = batchSize
    }

    struct Totals: Sendable {
        var online = 0, offline = 0, errors = 0, skipped = 0, statusChanged = 0, offlineWhileClosed = 0
        var alertsCreated = 0, alertsEscalated = 0, alertsUpdated = 0, alertsResolved = 0, dismissalsKept = 0

        mutating func add(_ other: Totals) {
            online += other.online
            offline += other.offline
            errors += other.errors
            skipped += other.skipped
            statusChanged += other.statusChanged
            offlineWhileClosed += other.offlineWhileClosed
            alertsCreated += other.alertsCreated
            alertsEscalated += other.alertsEscalated
            alertsUpdated += other.alertsUpdated
            dismissalsKept += other.dismissalsKept
            alertsResolved += other.alertsResolved
        }
    }

    /// A kiosk with the check's decision.
    struct Checked: Sendable {
        var kiosk: KioskRow
        var verdict: KioskHealthRules.Verdict
        var silentFor: TimeInterval
        var gymOpen: Bool
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let now = context.nominalTime
        let kiosks = try await context.database.read { db in try KioskRow.fetchAll(db, now: now) }
        var totals = Totals()
        var zones: [String: TimeZone?] = [:]
        var hours: [String: OpeningHours?] = [:]
        try await JobBatches.forEach(kiosks.map(\.id), size: batchSize, progress: context.progress) { ids in
            var checked: [Checked] = []
            for kiosk in kiosks[ids.startIndex..<ids.endIndex] {
                guard kiosk.status != "provisioning", kiosk.status != "maintenance" else {
                    totals.skipped += 1
                    continue
                }
                if zones[kiosk.timezone] == nil { zones[kiosk.timezone] = TimeZone.iana(kiosk.timezone) }
                if hours[kiosk.openingHours] == nil { hours[kiosk.openingHours] = OpeningHours(json: kiosk.openingHours) }
                guard let zone = zones[kiosk.timezone] ?? nil, let opening = hours[kiosk.openingHours] ?? nil,
                    let lastSeen = Timestamp.date(from: kiosk.lastSeen ?? kiosk.createdAt)
                else {
                    totals.errors += 1
                    context.logger.warning("kiosk skipped: unreadable zone, hours or dates", metadata: ["kiosk.slug": "\(kiosk.slug)"])
                    continue
                }
                let silentFor = now.timeIntervalSince(lastSeen)
                let gymOpen = opening.isOpen(at: now, in: zone)
                // A heartbeat after the dismissal ends the outage it was about (stored timestamps compare as text).
                let dismissedThisOutage = kiosk.dismissedAt.map { dismissed in (kiosk.lastSeen ?? "") <= dismissed } ?? false
                let verdict = KioskHealthRules.verdict(
                    silentFor: silentFor,
                    gymOpen: gymOpen,
                    hasOpenAlert: kiosk.alertID != nil,
                    dismissedThisOutage: dismissedThisOutage
                )
                if dismissedThisOutage, verdict.alert == .keep, !verdict.online, gymOpen, silentFor > KioskHealthRules.alertAfter {
                    totals.dismissalsKept += 1
                }
                checked.append(Checked(kiosk: kiosk, verdict: verdict, silentFor: silentFor, gymOpen: gymOpen))
            }
            let batchTotals = try await context.database.write { [checked] db in
                var batchTotals = Totals()
                for item in checked { try apply(item, now: now, totals: &batchTotals, db: db) }
                return batchTotals
            }
            totals.add(batchTotals)
        }
        return [
            "total": .int(kiosks.count), "online": .int(totals.online), "offline": .int(totals.offline),
            "errors": .int(totals.errors), "statusChanged": .int(totals.statusChanged), "alertsCreated": .int(totals.alertsCreated),
            "skipped": .int(totals.skipped), "offlineWhileClosed": .int(totals.offlineWhileClosed),
            "alertsEscalated": .int(totals.alertsEscalated), "alertsUpdated": .int(totals.alertsUpdated),
            "alertsResolved": .int(totals.alertsResolved), "dismissalsKept": .int(totals.dismissalsKept),
        ]
    }

    private func apply(_ item: Checked, now: Date, totals: inout Totals, db: Database) throws {
        let (kiosk, verdict, silentFor, gymOpen) = (item.kiosk, item.verdict, item.silentFor, item.gymOpen)
        let stamp = Timestamp.string(from: now)
        // A kiosk that reports its own error keeps that status while it beats.
        let status = verdict.online ? (kiosk.status == "error" ? "error" : "online") : "offline"
        if verdict.online { totals.online += 1 } else { totals.offline += 1 }
        if !verdict.online && !gymOpen { totals.offlineWhileClosed += 1 }
        if status != kiosk.status {
            try db.execute(
                sql: "UPDATE kiosks SET status = ?, status_changed_at = ? WHERE id = ?",
                arguments: [status, stamp, kiosk.id]
            )
            totals.statusChanged += 1
        }
        let title = StaffTexts.kioskOfflineTitle(kiosk: kiosk.name, gym: kiosk.gymName)
        let message = StaffTexts.kioskOfflineMessage(silence: Self.french(duration: silentFor))
        let details =
            "{\"kioskId\":\(kiosk.id),\"kiosk\":\"\(kiosk.slug)\",\"silentSeconds\":\(Int(silentFor)),\"lastHeartbeat\":\(kiosk.lastSeen.map { "\"\($0)\"" } ?? "null")}"
        switch verdict.alert {
        case .keep:
            break
        case .open(let priority):
            try db.execute(
                sql: """
                    INSERT INTO manager_alerts (gym_id, kiosk_id, alert_type, priority, status, title, message, details, dedup_key, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kiosk.gymID, kiosk.id, AlertType.kioskOffline.rawValue, priority.rawValue, AlertStatus.open.rawValue, title, message, details,
                    "kiosk:\(kiosk.id)", stamp, stamp,
                ]
            )
            totals.alertsCreated += 1
        case .follow(let priority):
            // The status stays the manager's (an acknowledged alert stays acknowledged).
            try db.execute(
                sql: """
                    UPDATE manager_alerts SET priority = ?1, title = ?2, message = ?3, details = ?4, updated_at = ?5
                    WHERE id = ?6 AND resolved_at IS NULL
                      AND (priority IS NOT ?1 OR title IS NOT ?2 OR message IS NOT ?3 OR details IS NOT ?4)
                    """,
                arguments: [priority.rawValue, title, message, details, stamp, kiosk.alertID]
            )
            if db.changesCount > 0 {
                if priority > (kiosk.alertPriority.flatMap(AlertPriority.init(rawValue:)) ?? .low) {
                    totals.alertsEscalated += 1
                } else {
                    totals.alertsUpdated += 1
                }
            }
        case .resolve:
            try db.execute(
                sql: "UPDATE manager_alerts SET status = ?, resolved_at = ?, updated_at = ? WHERE id = ? AND resolved_at IS NULL",
                arguments: [AlertStatus.resolved.rawValue, stamp, stamp, kiosk.alertID]
            )
            totals.alertsResolved += 1
        }
    }

    /// "45 min", "3 h 20", "2 j 4 h".
    static func french(duration: TimeInterval) -> String {
        let minutes = Int(duration / 60)
        if minutes < 60 { return "\(minutes) min" }
        if minutes < 24 * 60 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(String(format: "%02d", minutes % 60))" }
        return "\(minutes / 1440) j \(minutes % 1440 / 60) h"
    }
}

/// One kiosk of an active gym, with what the check needs.
struct KioskRow: FetchableRecord, Sendable {
    var id: Int64
    var gymID: Int64
    var slug: String
    var name: String
    var status: String
    var createdAt: String
    /// The last heartbeat at or before the check's time.
    var lastSeen: String?
    var gymName: String
    var timezone: String
    var openingHours: String
    var alertID: Int64?
    var alertPriority: String?
    /// When a manager dismissed the kiosk's last closed alert, if its last one was dismissed.
    var dismissedAt: String?

    init(row: Row) {
        id = row["id"]
        gymID = row["gym_id"]
        slug = row["slug"]
        name = row["name"]
        status = row["status"]
        createdAt = row["created_at"]
        lastSeen = row["last_seen"]
        gymName = row["gym_name"]
        timezone = row["timezone"]
        openingHours = row["opening_hours"]
        alertID = row["alert_id"]
        alertPriority = row["alert_priority"]
        dismissedAt = row["dismissed_at"]
    }

    static func fetchAll(_ db: Database, now: Date) throws -> [KioskRow] {
        try fetchAll(
            db,
            sql: """
                SELECT k.id, k.gym_id, k.slug, k.name, k.status, k.created_at,
                       CASE WHEN k.last_heartbeat IS NULL OR k.last_heartbeat <= :now THEN k.last_heartbeat
                            ELSE (SELECT max(h.received_at) FROM kiosk_heartbeats h WHERE h.kiosk_id = k.id AND h.received_at <= :now)
                       END AS last_seen,
                       g.name AS gym_name, g.timezone, g.opening_hours,
                       a.id AS alert_id, a.priority AS alert_priority,
                       (SELECT CASE c.status WHEN :dismissed THEN c.resolved_at END FROM manager_alerts c
                         WHERE c.dedup_key = 'kiosk:' || k.id AND c.resolved_at IS NOT NULL
                         ORDER BY c.resolved_at DESC, c.id DESC LIMIT 1) AS dismissed_at
                FROM kiosks k
                JOIN gyms g ON g.id = k.gym_id AND g.status = 'active'
                LEFT JOIN manager_alerts a ON a.dedup_key = 'kiosk:' || k.id AND a.resolved_at IS NULL
                ORDER BY k.id
                """,
            arguments: ["now": Timestamp.string(from: now), "dismissed": AlertStatus.dismissed.rawValue]
        )
    }
}
