import Foundation
import GRDB

/// `cleanup-old-data` (GDPR): deletes or empties personal data past its retention period and
/// anonymises former members, in bounded batches (one short write transaction each, so the
/// HTTP layer stays responsive), then hands the freed pages back to the file system.
///
/// `secure_delete` is on for every connection, so deleted rows are overwritten in the file;
/// the WAL is checkpointed at the end so their old copies do not linger there either.
public struct CleanupJob: Job {
    public let slug = "cleanup-old-data"
    public let logType = "cron_cleanup"
    public let displayName = StaffTexts.cleanupJobName
    public let completionMessage = StaffTexts.cleanupCompleted
    public let defaultSchedule = "0 4 * * *"
    public var retention: RetentionPolicy
    /// The most rows (or members) per write transaction.
    public var batchSize: Int
    /// How long one write transaction should hold the write lock: batches shrink and grow to
    /// stay near it, so heartbeats and other writers wait at most about this long.
    public var writeBudget: Duration

    public init(retention: RetentionPolicy = RetentionPolicy(), batchSize: Int = 5000, writeBudget: Duration = .milliseconds(20)) {
        self.retention = retention
        self.batchSize = batchSize
        self.writeBudget = writeBudget
    }

    /// Runs the write transactions of a batch loop and paces it, as databases pace their
    /// background maintenance (PostgreSQL's vacuum cost delay).
    ///
    /// Batches are sized from how long the last one held the write lock: halved past 1.5×
    /// the budget, doubled under half of it, between 1 and `maximum`. After each transaction
    /// the loop rests a quarter of the time that transaction held the lock, which leaves gaps
    /// for other writers: the heartbeats of the server running the job, and above all those
    /// of a server beside a `jarvis run`, whose waiting connection SQLite lets retry only now
    /// and then (a loop that asks again at once nearly always wins the lock). On the 50-gym
    /// demo file this makes the cleanup about 1.8 times slower (resting as long as the lock
    /// was held: 2.5 times).
    struct WritePacer {
        let budget: Duration
        let maximum: Int
        /// The rows (or members) of the next batch.
        private(set) var size: Int
        /// The longest time a transaction held the write lock.
        private(set) var longest = Duration.zero

        init(budget: Duration, maximum: Int) {
            self.budget = budget
            self.maximum = max(1, maximum)
            self.size = min(self.maximum, 200)
        }

        mutating func write<T: Sendable>(_ database: AppDatabase, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
            // Timed on the writer's own thread, from the transaction's start to its commit: the
            // hop back to this task, however late on a busy machine, holds no lock.
            let (value, held) = try await database.writeWithoutTransaction { db in
                let granted = ContinuousClock.now
                var value: T?
                try db.inTransaction {
                    value = try body(db)
                    return .commit
                }
                return (value!, ContinuousClock.now - granted)
            }
            longest = max(longest, held)
            if held > budget * 1.5 {
                size = max(1, size / 2)
            } else if held < budget / 2 {
                size = min(maximum, size * 2)
            }
            try await Task.sleep(for: held / 4)
            return value
        }
    }

    /// One retention rule: which rows of a table are past their period, and what is done to them.
    struct Rule: Sendable {
        /// The key of its count in the run's details.
        let key: String
        let table: String
        /// The indexed column the period is measured on.
        let time: String
        /// A further condition on the rows, if any.
        var filter: String? = nil
        /// `DELETE FROM <table>` or an `UPDATE <table> SET ...` that empties the data.
        let action: String
        let cutoff: @Sendable (RetentionPolicy, Date) -> Date

        /// The SQL condition on the table's rows, with `:cutoff`.
        var condition: String {
            "\(time) < :cutoff" + (filter.map { " AND \($0)" } ?? "")
        }
    }

    static let rules: [Rule] = [
        Rule(
            key: "conversationEvents",
            table: "conversation_events",
            time: "occurred_at",
            action: "DELETE FROM conversation_events",
            cutoff: { $0.conversationEvents.cutoff(before: $1) }
        ),
        Rule(
            key: "sessionMetadata",
            table: "voice_sessions",
            time: "started_at",
            filter: "session_metadata <> '{}'",
            action: "UPDATE voice_sessions SET session_metadata = '{}'",
            cutoff: { $0.sessionMetadata.cutoff(before: $1) }
        ),
        Rule(
            key: "conversationSummaries",
            table: "conversation_summaries",
            time: "created_at",
            action: "DELETE FROM conversation_summaries",
            cutoff: { $0.conversationSummaries.cutoff(before: $1) }
        ),
        Rule(
            key: "systemLogs",
            table: "system_logs",
            time: "timestamp",
            action: "DELETE FROM system_logs",
            cutoff: { $0.systemLogs.cutoff(before: $1) }
        ),
        Rule(
            key: "kioskHeartbeats",
            table: "kiosk_heartbeats",
            time: "received_at",
            action: "DELETE FROM kiosk_heartbeats",
            cutoff: { $0.kioskHeartbeats.cutoff(before: $1) }
        ),
        Rule(
            key: "memberVisits",
            table: "member_visits",
            time: "visited_at",
            action: "DELETE FROM member_visits",
            cutoff: { $0.memberVisits.cutoff(before: $1) }
        ),
        Rule(
            key: "closedAlerts",
            table: "manager_alerts",
            time: "resolved_at",
            filter: "resolved_at IS NOT NULL",
            action: "DELETE FROM manager_alerts",
            cutoff: { $0.closedAlerts.cutoff(before: $1) }
        ),
        Rule(
            key: "expiredFacts",
            table: "member_facts",
            time: "expires_at",
            filter: "expires_at IS NOT NULL",
            action: "DELETE FROM member_facts",
            cutoff: { _, now in now }
        ),
    ]

    /// Former members due for anonymisation: gone, not yet anonymised, and whose membership
    /// ended (or, without an end date, whose last visit was) before the cut-off.
    static let formerMemberCondition = """
        is_active = 0 AND anonymized_at IS NULL AND coalesce(membership_expires, last_visit, member_since) < :cutoff
        """

    /// The keys of the details, in order: one count per category, then the anonymisation's.
    public static var categories: [String] {
        rules.map(\.key) + ["membersAnonymized"]
    }

    public func run(_ context: JobContext) async throws -> JSONValue {
        let now = context.nominalTime
        var counts: [String: JSONValue] = [:]
        var errors = 0
        var longestWrite = Duration.zero
        let steps = Self.rules.count + 1
        context.progress.report(done: 0, total: steps)

        for (index, rule) in Self.rules.enumerated() {
            do {
                let (count, longest) = try await purge(rule, cutoff: rule.cutoff(retention, now), database: context.database)
                counts[rule.key] = .int(count)
                longestWrite = max(longestWrite, longest)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                errors += 1
                counts[rule.key] = .int(0)
                context.logger.error(
                    "cleanup category failed",
                    metadata: ["cleanup.category": "\(rule.key)", "error": "\(JarvisError.describe(error))"]
                )
            }
            context.progress.report(done: index + 1, total: steps)
        }

        var anonymized = MemberPrivacy.Anonymization()
        do {
            let (result, longest) = try await anonymizeFormerMembers(
                cutoff: retention.formerMembers.cutoff(before: now),
                now: now,
                database: context.database
            )
            anonymized = result
            longestWrite = max(longestWrite, longest)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            errors += 1
            context.logger.error("anonymisation failed", metadata: ["error": "\(JarvisError.describe(error))"])
        }
        context.progress.report(done: steps, total: steps)
        counts["membersAnonymized"] = .int(anonymized.members)
        counts["anonymizedFacts"] = .int(anonymized.facts)
        counts["anonymizedSummaries"] = .int(anonymized.summaries)
        counts["anonymizedEvents"] = .int(anonymized.events)

        let freedPages = try await reclaimFreePages(database: context.database)
        counts["freedPages"] = .int(freedPages)
        counts["errors"] = .int(errors)
        counts["deletedTotal"] = .int(counts.filter { $0.key != "freedPages" && $0.key != "errors" }.compactMap { $0.value.intValue }.reduce(0, +))
        counts["longestWriteMs"] = .int(Int(longestWrite.components.seconds * 1000 + longestWrite.components.attoseconds / 1_000_000_000_000_000))
        return .object(counts)
    }

    /// What a run at `now` would delete, per category, without deleting anything.
    public func plan(database: AppDatabase, now: Date) async throws -> [(category: String, rows: Int)] {
        try await database.read { db in
            var plan: [(String, Int)] = []
            for rule in Self.rules {
                let count =
                    try Int.fetchOne(
                        db,
                        sql: "SELECT count(*) FROM \(rule.table) WHERE \(rule.condition)",
                        arguments: ["cutoff": Timestamp.string(from: rule.cutoff(retention, now))]
                    ) ?? 0
                plan.append((rule.key, count))
            }
            let members =
                try Int.fetchOne(
                    db,
                    sql: "SELECT count(*) FROM members WHERE \(Self.formerMemberCondition)",
                    arguments: ["cutoff": Timestamp.string(from: retention.formerMembers.cutoff(before: now))]
                ) ?? 0
            plan.append(("membersAnonymized", members))
            return plan
        }
    }

    /// Applies a rule batch by batch until no row is left; returns the count and the longest
    /// write transaction. Each batch resumes after the last row of the previous one (by time,
    /// then id, along the time index), so rows a rule keeps, such as sessions whose metadata
    /// is already empty, are read once in the whole run rather than once per batch.
    private func purge(_ rule: Rule, cutoff: Date, database: AppDatabase) async throws -> (Int, Duration) {
        let select = """
            SELECT id, \(rule.time) FROM \(rule.table)
            WHERE \(rule.condition) AND (\(rule.time), id) > (:afterTime, :afterId)
            ORDER BY \(rule.time), id LIMIT :limit
            """
        let cutoffText = Timestamp.string(from: cutoff)
        var pacer = WritePacer(budget: writeBudget, maximum: batchSize)
        var after: (time: String, id: Int64) = ("", 0)
        var total = 0
        while true {
            try Task.checkCancellation()
            let limit = pacer.size
            let arguments: StatementArguments = ["cutoff": cutoffText, "afterTime": after.time, "afterId": after.id, "limit": limit]
            let (found, last) = try await pacer.write(database) { db -> (Int, (time: String, id: Int64)?) in
                let rows = try Row.fetchAll(db, sql: select, arguments: arguments)
                guard let last = rows.last else { return (0, nil) }
                let list = rows.map { String($0[0] as Int64) }.joined(separator: ",")
                try db.execute(sql: "\(rule.action) WHERE id IN (\(list))")
                return (rows.count, (last[1], last[0]))
            }
            total += found
            guard let last, found == limit else { return (total, pacer.longest) }
            after = last
        }
    }

    /// Anonymises former members past their retention with the cascade of
    /// ``MemberPrivacy/anonymize(_:memberIDs:now:)`` (the one erasure on request runs).
    private func anonymizeFormerMembers(cutoff: Date, now: Date, database: AppDatabase) async throws -> (MemberPrivacy.Anonymization, Duration) {
        var result = MemberPrivacy.Anonymization()
        let cutoffText = Timestamp.string(from: cutoff)
        var pacer = WritePacer(budget: writeBudget, maximum: batchSize)
        var after: Int64 = 0
        while true {
            try Task.checkCancellation()
            let limit = pacer.size
            let arguments: StatementArguments = ["cutoff": cutoffText, "after": after, "limit": limit]
            let (batch, last) = try await pacer.write(database) { db -> (MemberPrivacy.Anonymization, Int64?) in
                let ids = try Int64.fetchAll(
                    db,
                    sql: "SELECT id FROM members WHERE \(Self.formerMemberCondition) AND id > :after ORDER BY id LIMIT :limit",
                    arguments: arguments
                )
                guard let last = ids.last else { return (MemberPrivacy.Anonymization(), nil) }
                return (try MemberPrivacy.anonymize(db, memberIDs: ids, now: now), last)
            }
            result.members += batch.members
            result.facts += batch.facts
            result.summaries += batch.summaries
            result.events += batch.events
            guard let last, batch.members == limit else { return (result, pacer.longest) }
            after = last
        }
    }

    /// Returns free pages to the file system (the database was created with incremental
    /// auto-vacuum), a few thousand pages per transaction, then checkpoints the WAL so no
    /// copy of deleted data stays in it. Returns the number of pages freed.
    private func reclaimFreePages(database: AppDatabase) async throws -> Int {
        let incremental = try await database.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") == 2 }
        var freed = 0
        if incremental {
            var pacer = WritePacer(budget: writeBudget, maximum: 1)
            while true {
                try Task.checkCancellation()
                let step = try await pacer.write(database) { db -> Int in
                    let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
                    guard before > 0 else { return 0 }
                    try db.execute(sql: "PRAGMA incremental_vacuum(500)")
                    return before - (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0)
                }
                freed += step
                if step == 0 { break }
            }
        }
        try await database.writeWithoutTransaction { db in
            _ = try? db.checkpoint(.truncate)
        }
        return freed
    }
}
