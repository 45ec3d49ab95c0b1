import Foundation
import GRDB

/// `daily-churn-analysis`: scores every active member's risk of leaving, stores each factor in
/// `member_analytics`, and keeps one open `churn_risk` alert per member at risk.
///
/// Everything is as of the run's nominal time, so a catch-up run scores as of its slot and a
/// second run for the same slot leaves the same rows. Members are read set-based (one query per
/// batch computes every input from the indexes) and written in one short transaction per batch.
public struct ChurnAnalysisJob: Job {
    public let slug = "daily-churn-analysis"
    public let logType = "cron_daily_churn"
    public let displayName = StaffTexts.churnJobName
    public let completionMessage = StaffTexts.churnCompleted
    public let defaultSchedule = "0 2 * * *"
    /// Members per batch (read and write).
    public var batchSize: Int

    public init(batchSize: Int = 5000) {
        self.batchSize = batchSize
    }

    /// Counts of one run, reported in the log details.
    struct Totals: Sendable {
        var processed = 0, errors = 0, high = 0, critical = 0
        var alertsCreated = 0, alertsRaised = 0, alertsLowered = 0, alertsUpdated = 0, alertsResolved = 0, dismissalsKept = 0

        mutating func add(_ other: Totals) {
            processed += other.processed
            errors += other.errors
            high += other.high
            critical += other.critical
            alertsCreated += other.alertsCreated
            alertsRaised += other.alertsRaised
            alertsLowered += other.alertsLowered
            alertsUpdated += other.alertsUpdated
            alertsResolved += other.alertsResolved
            dismissalsKept += other.dismissalsKept
        }
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let now = context.nominalTime
        let (ids, openAlerts, dismissals) = try await context.database.read { db in
            try (
                // One pass over the table in id order: through the is_active index, the ids
                // would need a sort and each row a lookup for anonymized_at.
                Int64.fetchAll(db, sql: "SELECT id FROM members WHERE +is_active = 1 AND anonymized_at IS NULL ORDER BY id"),
                OpenChurnAlert.fetchByMember(db),
                DismissedChurnAlert.fetchByMember(db)
            )
        }
        var totals = Totals()
        let database = context.database
        let logger = context.logger
        // Reading and scoring batches run on reader connections while earlier batches are
        // written: the writer, the one part that cannot run beside another, only writes.
        try await JobBatches.pipeline(ids, size: batchSize, progress: context.progress) { batch in
            let members = try await database.read { db in
                try ChurnMemberRow.fetchAll(db, from: batch.first!, to: batch.last!, now: now)
            }
            var scored: [ScoredMember] = []
            scored.reserveCapacity(members.count)
            for member in members {
                guard let inputs = member.inputs(now: now) else {
                    logger.warning("member skipped: unreadable dates", metadata: ["member.id": "\(member.id)"])
                    continue
                }
                scored.append(
                    ScoredMember(member: member, inputs: inputs, openAlert: openAlerts[member.id], dismissed: dismissals[member.id])
                )
            }
            return ScoredBatch(read: members.count, members: scored)
        } write: { batch in
            let batchTotals = try await database.write { db in
                var batchTotals = Totals(errors: batch.read - batch.members.count)
                try save(batch.members, now: now, totals: &batchTotals, db: db)
                return batchTotals
            }
            totals.add(batchTotals)
        }
        let resolvedInactive = try await context.database.write { db in
            try db.execute(
                sql: """
                    UPDATE manager_alerts SET status = :resolved, resolved_at = :now, updated_at = :now
                    WHERE alert_type = :churn AND resolved_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM members m
                                      WHERE m.id = manager_alerts.member_id AND m.is_active = 1 AND m.anonymized_at IS NULL)
                    """,
                arguments: ["now": Timestamp.string(from: now), "resolved": AlertStatus.resolved.rawValue, "churn": AlertType.churnRisk.rawValue]
            )
            return db.changesCount
        }
        totals.alertsResolved += resolvedInactive
        return [
            "total": .int(ids.count), "processed": .int(totals.processed), "errors": .int(totals.errors),
            "highRisk": .int(totals.high), "criticalRisk": .int(totals.critical),
            "alertsCreated": .int(totals.alertsCreated), "alertsRaised": .int(totals.alertsRaised),
            "alertsLowered": .int(totals.alertsLowered), "alertsUpdated": .int(totals.alertsUpdated),
            "alertsResolved": .int(totals.alertsResolved), "dismissalsKept": .int(totals.dismissalsKept),
        ]
    }

    /// One member's assessment, with the text of its analytics row and of its alert (when its
    /// level raises one) made ready for the writer.
    struct ScoredMember: Sendable {
        /// The text of a churn alert.
        struct AlertText: Sendable {
            let title: String
            let message: String
            let details: String
        }

        let member: ChurnMemberRow
        let assessment: ChurnRules.Assessment
        let factors: String
        let alert: AlertText?
        /// The member's churn alert open when the run started, if any.
        let openAlert: OpenChurnAlert?
        /// True when the member has no open alert and a manager's dismissal of the last one still
        /// holds (``ChurnRules/raisesAlertAfterDismissal(level:dismissedLevel:leftRiskSinceDismissal:)``).
        let keepsDismissal: Bool

        init(member: ChurnMemberRow, inputs: ChurnRules.Inputs, openAlert: OpenChurnAlert?, dismissed: DismissedChurnAlert? = nil) {
            let assessment = ChurnRules.assess(inputs)
            self.member = member
            self.assessment = assessment
            self.openAlert = openAlert
            if openAlert == nil, let dismissed, assessment.level.raisesAlert {
                // The previous run's level, if that run came after the dismissal.
                let leftRisk = member.previousAnalyzedAt.map { $0 > dismissed.resolvedAt } == true && member.previousLevel?.raisesAlert == false
                keepsDismissal = !ChurnRules.raisesAlertAfterDismissal(
                    level: assessment.level,
                    dismissedLevel: dismissed.level,
                    leftRiskSinceDismissal: leftRisk
                )
            } else {
                keepsDismissal = false
            }
            self.factors = ChurnAnalysisJob.factorsJSON(inputs, assessment)
            self.alert =
                assessment.level.raisesAlert
                ? AlertText(
                    title: ChurnAnalysisJob.alertTitle(member, assessment.level),
                    message: ChurnAnalysisJob.alertMessage(inputs, assessment),
                    details: ChurnAnalysisJob.alertDetails(member, assessment)
                ) : nil
        }
    }

    /// A batch as read: the members scored, and how many were read (the others had unreadable dates).
    struct ScoredBatch: Sendable {
        let read: Int
        let members: [ScoredMember]
    }

    /// Writes one batch: the analytics rows, then each member's alert. New rows go out many
    /// per statement; raising or resolving an alert is rarer and goes one by one.
    private func save(_ scored: [ScoredMember], now: Date, totals: inout Totals, db: Database) throws {
        let stamp = Timestamp.string(from: now)
        var analytics = try BatchInsert(
            db,
            into: "member_analytics",
            columns: ["member_id", "churn_score", "churn_level", "factors", "analyzed_at"],
            conflictClause: """
                ON CONFLICT (member_id) DO UPDATE SET
                    churn_score = excluded.churn_score, churn_level = excluded.churn_level,
                    factors = excluded.factors, analyzed_at = excluded.analyzed_at
                """
        )
        var newAlerts = try BatchInsert(
            db,
            into: "manager_alerts",
            columns: [
                "gym_id", "member_id", "alert_type", "priority", "status", "title", "message", "details", "dedup_key", "created_at", "updated_at",
            ]
        )
        // The open (or acknowledged) alert follows the member's level and score, up and down; its
        // status is the manager's. One a manager closed since the run started stays as the
        // manager left it; one already saying all this is left alone (updated_at does not move).
        let followAlert = try db.cachedStatement(
            sql: """
                UPDATE manager_alerts SET priority = ?1, title = ?2, message = ?3, details = ?4, updated_at = ?5
                WHERE id = ?6 AND resolved_at IS NULL
                  AND (priority IS NOT ?1 OR title IS NOT ?2 OR message IS NOT ?3 OR details IS NOT ?4)
                """
        )
        let resolveAlert = try db.cachedStatement(
            sql: """
                UPDATE manager_alerts SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ? AND resolved_at IS NULL
                """
        )
        for scored in scored {
            let (member, level) = (scored.member, scored.assessment.level)
            try analytics.insert(member.id, scored.assessment.score, level.rawValue, scored.factors, stamp)
            totals.processed += 1
            if level == .high { totals.high += 1 }
            if level == .critical { totals.critical += 1 }

            switch (scored.alert, scored.openAlert) {
            case (.some, nil) where scored.keepsDismissal:
                totals.dismissalsKept += 1
            case (let alert?, nil):
                try newAlerts.insert(
                    member.gymID,
                    member.id,
                    AlertType.churnRisk.rawValue,
                    level.alertPriority.rawValue,
                    AlertStatus.open.rawValue,
                    alert.title,
                    alert.message,
                    alert.details,
                    "churn:\(member.id)",
                    stamp,
                    stamp,
                )
                totals.alertsCreated += 1
            case (let alert?, let open?):
                let priority = level.alertPriority
                followAlert.setUncheckedArguments([priority.rawValue, alert.title, alert.message, alert.details, stamp, open.id])
                try followAlert.execute()
                guard db.changesCount > 0 else { break }
                if let previous = open.priority, priority < previous {
                    totals.alertsLowered += 1
                } else if open.priority.map({ priority > $0 }) ?? true {
                    totals.alertsRaised += 1
                } else {
                    totals.alertsUpdated += 1
                }
            case (nil, let open?):
                resolveAlert.setUncheckedArguments([stamp, stamp, open.id])
                try resolveAlert.execute()
                totals.alertsResolved += db.changesCount
            default:
                break
            }
        }
        try analytics.finish()
        try newAlerts.finish()
    }

    // MARK: Text

    /// Each factor's input and points, e.g.
    /// `{"absence":{"days":25,"points":0.40},"sentiment":{"negatives90d":3,"points":0.15},
    /// "engagement":{"visits30d":4,"ratio":0.311,"points":0.00},"membershipEnd":{"daysLeft":null,"points":0.00}}`
    /// (the score and level have their own columns). Written byte by byte, and short: the job
    /// writes one per active member, and their bytes are most of what the job writes.
    static func factorsJSON(_ inputs: ChurnRules.Inputs, _ assessment: ChurnRules.Assessment) -> String {
        ASCIIWriter.string(capacity: 256) { json in
            func points(_ hundredths: Int) {
                json.write(#","points":"#)
                json.write(fixed: Double(hundredths) / 100, places: 2)
                json.write("}")
            }
            json.write(#"{"absence":{"days":"#)
            json.write(inputs.daysSinceLastVisit)
            points(assessment.absencePoints)
            json.write(#","sentiment":{"negatives90d":"#)
            json.write(inputs.negativeSummaries)
            points(assessment.sentimentPoints)
            json.write(#","engagement":{"visits30d":"#)
            json.write(inputs.visitsLast30Days)
            json.write(#","ratio":"#)
            json.write(fixed: inputs.engagement, places: 3)
            points(assessment.engagementPoints)
            json.write(#","membershipEnd":{"daysLeft":"#)
            if let days = inputs.daysUntilMembershipEnds { json.write(days) } else { json.write("null") }
            points(assessment.membershipEndPoints)
            json.write("}")
        }
    }

    static func alertTitle(_ member: ChurnMemberRow, _ level: ChurnLevel) -> String {
        StaffTexts.churnAlertTitle(level: level.french, member: member.displayName)
    }

    static func alertMessage(_ inputs: ChurnRules.Inputs, _ assessment: ChurnRules.Assessment) -> String {
        var reasons: [String] = []
        if assessment.absencePoints > 0 { reasons.append(StaffTexts.daysWithoutVisit(inputs.daysSinceLastVisit)) }
        if assessment.sentimentPoints > 0 { reasons.append(StaffTexts.negativeConversations(inputs.negativeSummaries)) }
        if assessment.engagementPoints > 0 { reasons.append(StaffTexts.visitsIn30Days(inputs.visitsLast30Days)) }
        if assessment.membershipEndPoints > 0, let days = inputs.daysUntilMembershipEnds {
            reasons.append(days >= 0 ? StaffTexts.membershipEnding(inDays: days) : StaffTexts.membershipEnded)
        }
        let score = FixedPoint.string(assessment.score, places: 2, separator: ",")
        return StaffTexts.churnAlertMessage(score: score, reasons: reasons)
    }

    static func alertDetails(_ member: ChurnMemberRow, _ assessment: ChurnRules.Assessment) -> String {
        "{\"memberId\":\(member.id),\"score\":\(FixedPoint.string(assessment.score, places: 2)),\"level\":\"\(assessment.level.rawValue)\"}"
    }
}

/// A member's open churn alert.
struct OpenChurnAlert: Sendable {
    let id: Int64
    /// nil if the stored text is not a priority.
    let priority: AlertPriority?

    /// Every open churn alert, by member: read once per run (one at most per member at risk)
    /// rather than joined to every member read.
    static func fetchByMember(_ db: Database) throws -> [Int64: OpenChurnAlert] {
        var alerts: [Int64: OpenChurnAlert] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT member_id, id, priority FROM manager_alerts
                WHERE dedup_key >= 'churn:' AND dedup_key < 'churn;' AND resolved_at IS NULL AND member_id IS NOT NULL
                """
        )
        while let row = try rows.next() {
            alerts[row[0]] = OpenChurnAlert(id: row[1], priority: (row[2] as String?).flatMap(AlertPriority.init(rawValue:)))
        }
        return alerts
    }
}

/// A member's last closed churn alert, when a manager dismissed it.
struct DismissedChurnAlert: Sendable {
    /// The level the alert stood at when dismissed (its details' `level`; `high` if unreadable).
    let level: ChurnLevel
    /// When it was dismissed, as stored.
    let resolvedAt: String

    /// Each member's last closed churn alert (by closing time) if it was dismissed.
    static func fetchByMember(_ db: Database) throws -> [Int64: DismissedChurnAlert] {
        var dismissals: [Int64: DismissedChurnAlert] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT member_id, level, resolved_at FROM (
                    SELECT member_id, status, json_extract(details, '$.level') AS level, resolved_at,
                           row_number() OVER (PARTITION BY dedup_key ORDER BY resolved_at DESC, id DESC) AS rank
                    FROM manager_alerts
                    WHERE dedup_key >= 'churn:' AND dedup_key < 'churn;' AND resolved_at IS NOT NULL AND member_id IS NOT NULL
                )
                WHERE rank = 1 AND status = :dismissed
                """,
            arguments: ["dismissed": AlertStatus.dismissed.rawValue]
        )
        while let row = try rows.next() {
            let level = (row["level"] as String?).flatMap(ChurnLevel.init(rawValue:)) ?? .high
            dismissals[row["member_id"]] = DismissedChurnAlert(level: level, resolvedAt: row["resolved_at"])
        }
        return dismissals
    }
}

/// One active member with the inputs of the churn rules, as read for a batch.
struct ChurnMemberRow: FetchableRecord, Sendable {
    var id: Int64
    var gymID: Int64
    var firstName: String?
    var lastName: String?
    var memberSince: TimestampColumn
    var membershipExpires: TimestampColumn?
    var lastVisit: TimestampColumn?
    var visits30: Int
    var negatives90: Int
    /// The level the previous run stored, and its time (`analyzed_at`, as stored).
    var previousLevel: ChurnLevel?
    var previousAnalyzedAt: String?

    /// Decoded by position (the query's column order): name lookups cost too much per row.
    init(row: Row) {
        id = row[0]
        gymID = row[1]
        firstName = row[2]
        lastName = row[3]
        memberSince = row[4]
        membershipExpires = row[5]
        lastVisit = row[6]
        visits30 = row[7]
        negatives90 = row[8]
        previousLevel = (row[9] as String?).flatMap(ChurnLevel.init(rawValue:))
        previousAnalyzedAt = row[10]
    }

    var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? "membre #\(id)" : name
    }

    /// Every input of the batch's members in one pass over the indexes.
    static func fetchAll(_ db: Database, from first: Int64, to last: Int64, now: Date) throws -> [ChurnMemberRow] {
        try fetchAll(
            db,
            sql: """
                SELECT m.id, m.gym_id, m.first_name, m.last_name, m.member_since, m.membership_expires,
                       (SELECT max(v.visited_at) FROM member_visits v
                         WHERE v.member_id = m.id AND v.visited_at <= :now) AS last_visit,
                       (SELECT count(*) FROM member_visits v
                         WHERE v.member_id = m.id AND v.visited_at > :since30 AND v.visited_at <= :now) AS visits30,
                       (SELECT count(*) FROM conversation_summaries s
                         WHERE s.member_id = m.id AND s.sentiment = 'negative'
                           AND s.created_at > :since90 AND s.created_at <= :now) AS negatives90,
                       ma.churn_level, ma.analyzed_at
                FROM members m
                LEFT JOIN member_analytics ma ON ma.member_id = m.id
                WHERE m.id BETWEEN :first AND :last AND +m.is_active = 1 AND m.anonymized_at IS NULL
                ORDER BY m.id
                """,
            arguments: [
                "now": Timestamp.string(from: now),
                "since30": Timestamp.string(from: now.addingTimeInterval(-30 * 86_400)),
                "since90": Timestamp.string(from: now.addingTimeInterval(-90 * 86_400)),
                "first": first, "last": last,
            ]
        )
    }

    /// The rules' inputs as of `now`; nil when a date cannot be read.
    func inputs(now: Date) -> ChurnRules.Inputs? {
        guard let since = memberSince.date else { return nil }
        let reference = lastVisit?.date ?? since
        var endsIn: Int?
        if let membershipExpires {
            guard let expires = membershipExpires.date else { return nil }
            endsIn = Int((expires.timeIntervalSince(now) / 86_400).rounded(.up))
        }
        return ChurnRules.Inputs(
            daysSinceLastVisit: max(0, Int((now.timeIntervalSince(reference) / 86_400).rounded(.down))),
            negativeSummaries: negatives90,
            visitsLast30Days: visits30,
            daysOfMembershipInWindow: Int((now.timeIntervalSince(since) / 86_400).rounded(.up)),
            daysUntilMembershipEnds: endsIn
        )
    }
}
