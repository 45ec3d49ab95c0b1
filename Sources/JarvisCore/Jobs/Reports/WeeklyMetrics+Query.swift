import Foundation
import GRDB

extension WeeklyMetrics {
    /// Reads every metric of one gym and one week: a handful of aggregate queries over the
    /// indexes, none per member. Call it inside one read, so every figure comes from the same
    /// snapshot of the store.
    static func fetch(_ db: Database, gymID: Int64, period: ReportPeriod) throws -> WeeklyMetrics {
        let start = Timestamp.string(from: period.start)
        let end = Timestamp.string(from: period.end)
        let week: StatementArguments = ["gym": gymID, "start": start, "end": end]

        let conversations =
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM voice_sessions
                    WHERE gym_id = :gym AND started_at >= :start AND started_at < :end
                    """,
                arguments: week
            ) ?? 0

        return WeeklyMetrics(
            window: Window(
                isoWeek: period.week.description,
                timeZone: period.timeZone.identifier,
                firstDay: period.week.monday.description,
                lastDay: period.week.sunday.description,
                startUTC: start,
                endUTC: end,
                hours: period.duration / 3600
            ),
            conversations: conversations,
            sentiment: try sentiment(db, week),
            topTopics: try topTopics(db, week),
            members: try members(db, week, since30: Timestamp.string(from: period.end.addingTimeInterval(-30 * 86_400))),
            visits: try visits(db, gymID: gymID, period: period),
            churn: try churn(db, week),
            atRiskMembers: try atRiskMembers(db, week),
            kioskUptime: try kioskUptime(db, gymID: gymID, period: period),
            alerts: try alerts(db, week)
        )
    }

    private static func sentiment(_ db: Database, _ week: StatementArguments) throws -> Sentiment {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) AS summaries,
                       avg(sentiment_score) AS mean,
                       count(*) FILTER (WHERE sentiment = 'positive') AS positive,
                       count(*) FILTER (WHERE sentiment = 'neutral') AS neutral,
                       count(*) FILTER (WHERE sentiment = 'negative') AS negative
                FROM conversation_summaries
                WHERE gym_id = :gym AND created_at >= :start AND created_at < :end
                """,
            arguments: week
        )!
        return Sentiment(
            summaries: row["summaries"],
            mean: (row["mean"] as Double?).map { roundedDecimal($0, places: 3) },
            positive: row["positive"],
            neutral: row["neutral"],
            negative: row["negative"]
        )
    }

    private static func topTopics(_ db: Database, _ week: StatementArguments) throws -> [TopicCount] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT topic.value AS topic, count(DISTINCT summary.id) AS summaries
                FROM conversation_summaries AS summary, json_each(summary.topics) AS topic
                WHERE summary.gym_id = :gym AND summary.created_at >= :start AND summary.created_at < :end
                  AND topic.type = 'text' AND trim(topic.value) <> ''
                GROUP BY topic.value
                ORDER BY summaries DESC, topic.value
                LIMIT 5
                """,
            arguments: week
        ).map { TopicCount(topic: $0["topic"], count: $0["summaries"]) }
    }

    /// "Active" in every metric: `is_active = 1`, not anonymised, joined before the week ended.
    private static let activeMember = "m.is_active = 1 AND m.anonymized_at IS NULL AND m.member_since < :end"

    private static func members(_ db: Database, _ week: StatementArguments, since30: String) throws -> Members {
        var arguments = week
        arguments += ["since30": since30]
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT count(*) FILTER (WHERE \(activeMember)) AS active,
                       count(*) FILTER (WHERE m.member_since >= :start AND m.member_since < :end) AS new,
                       count(*) FILTER (WHERE \(activeMember) AND NOT EXISTS (
                           SELECT 1 FROM member_visits v
                           WHERE v.member_id = m.id AND v.visited_at >= :since30 AND v.visited_at < :end
                       )) AS lapsed
                FROM members m
                WHERE m.gym_id = :gym
                """,
            arguments: arguments
        )!
        return Members(active: row["active"], new: row["new"], lapsed: row["lapsed"])
    }

    private static func visits(_ db: Database, gymID: Int64, period: ReportPeriod) throws -> Visits {
        // The 15 local midnights from the previous Monday to the next one, as a JSON array: each
        // day is [midnight, next midnight), whatever its length.
        let dayStarts = JSONValue.array(period.dayStarts.map { .string(Timestamp.string(from: $0)) }).jsonText
        let perDay = try Int.fetchAll(
            db,
            sql: """
                WITH day AS (
                    SELECT CAST(key AS INTEGER) AS number, value AS start, lead(value) OVER (ORDER BY key) AS stop
                    FROM json_each(:dayStarts)
                )
                SELECT count(v.id)
                FROM day
                LEFT JOIN member_visits v ON v.gym_id = :gym AND v.visited_at >= day.start AND v.visited_at < day.stop
                WHERE day.stop IS NOT NULL
                GROUP BY day.number
                ORDER BY day.number
                """,
            arguments: ["dayStarts": dayStarts, "gym": gymID]
        )
        let visitors = try Row.fetchAll(
            db,
            sql: """
                SELECT visited_at >= :start AS this_week, count(DISTINCT member_id) AS visitors
                FROM member_visits
                WHERE gym_id = :gym AND visited_at >= :previousStart AND visited_at < :end
                GROUP BY this_week
                """,
            arguments: [
                "gym": gymID, "previousStart": Timestamp.string(from: period.previousStart),
                "start": Timestamp.string(from: period.start), "end": Timestamp.string(from: period.end),
            ]
        )
        var unique = 0
        var previousUnique = 0
        for row in visitors {
            if row["this_week"] as Bool { unique = row["visitors"] } else { previousUnique = row["visitors"] }
        }
        let previous = Array(perDay.prefix(7))
        let current = Array(perDay.suffix(7))
        let total = current.reduce(0, +)
        let previousTotal = previous.reduce(0, +)
        return Visits(
            total: total,
            uniqueVisitors: unique,
            previousTotal: previousTotal,
            previousUniqueVisitors: previousUnique,
            changePercent: Visits.change(from: previousTotal, to: total),
            uniqueVisitorsChangePercent: Visits.change(from: previousUnique, to: unique),
            perDay: current,
            previousPerDay: previous
        )
    }

    private static func churn(_ db: Database, _ week: StatementArguments) throws -> ChurnCounts {
        var counts = ChurnCounts()
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT coalesce(a.churn_level, 'unscored') AS level, count(*) AS members
                FROM members m
                LEFT JOIN member_analytics a ON a.member_id = m.id
                WHERE m.gym_id = :gym AND \(activeMember)
                GROUP BY level
                """,
            arguments: week
        ) {
            let members: Int = row["members"]
            switch row["level"] as String {
            case "low": counts.low = members
            case "medium": counts.medium = members
            case "high": counts.high = members
            case "critical": counts.critical = members
            default: counts.unscored = members
            }
        }
        return counts
    }

    private static func atRiskMembers(_ db: Database, _ week: StatementArguments) throws -> [AtRiskMember] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT m.id, m.first_name, m.last_name, a.churn_score, a.churn_level
                FROM members m
                JOIN member_analytics a ON a.member_id = m.id
                WHERE m.gym_id = :gym AND \(activeMember) AND a.churn_level IN ('high', 'critical')
                ORDER BY a.churn_score DESC, m.id
                LIMIT 5
                """,
            arguments: week
        ).map { row in
            let id: Int64 = row["id"]
            let lastName = (row["last_name"] as String?)?.trimmingCharacters(in: .whitespaces) ?? ""
            return AtRiskMember(
                memberId: id,
                firstName: (row["first_name"] as String?).flatMap { $0.isEmpty ? nil : $0 } ?? "Membre n° \(id)",
                lastInitial: lastName.first.map { String($0).uppercased() + "." } ?? "",
                score: roundedDecimal(row["churn_score"], places: 2),
                level: row["churn_level"]
            )
        }
    }

    private static func kioskUptime(_ db: Database, gymID: Int64, period: ReportPeriod) throws -> KioskUptime {
        let kiosks = try Row.fetchAll(
            db,
            sql: """
                SELECT id, slug, name, status, created_at FROM kiosks
                WHERE gym_id = :gym AND status <> 'provisioning'
                ORDER BY slug
                """,
            arguments: ["gym": gymID]
        )
        // The 10-minute bucket of each heartbeat, counted from Monday 00:00 local (a whole second).
        let startEpoch = Int64(period.start.timeIntervalSince1970.rounded(.down))
        var buckets: [Int64: Set<Int>] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT h.kiosk_id, (CAST(strftime('%s', h.received_at) AS INTEGER) - :startEpoch) / :bucketSeconds AS bucket
                FROM kiosk_heartbeats h
                JOIN kiosks k ON k.id = h.kiosk_id
                WHERE k.gym_id = :gym AND k.status <> 'provisioning'
                  AND h.received_at >= :start AND h.received_at < :end
                GROUP BY h.kiosk_id, bucket
                """,
            arguments: [
                "gym": gymID, "startEpoch": startEpoch, "bucketSeconds": KioskUptime.bucketSeconds,
                "start": Timestamp.string(from: period.start), "end": Timestamp.string(from: period.end),
            ]
        ) {
            buckets[row["kiosk_id"], default: []].insert(row["bucket"])
        }
        let described = kiosks.map { row -> (kiosk: KioskUptime.KioskDescription, heartbeatBuckets: Set<Int>) in
            let id: Int64 = row["id"]
            let created = Timestamp.date(from: row["created_at"]) ?? .distantPast
            return (KioskUptime.KioskDescription(slug: row["slug"], name: row["name"], status: row["status"], createdAt: created), buckets[id] ?? [])
        }
        return KioskUptime.measure(described, period: period)
    }

    private static func alerts(_ db: Database, _ week: StatementArguments) throws -> Alerts {
        var byType = Dictionary(uniqueKeysWithValues: Alerts.types.map { ($0, 0) })
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT alert_type, count(*) AS alerts FROM manager_alerts
                WHERE gym_id = :gym AND created_at >= :start AND created_at < :end
                GROUP BY alert_type
                """,
            arguments: week
        ) {
            byType[row["alert_type"]] = row["alerts"]
        }
        return Alerts(total: byType.values.reduce(0, +), byType: byType)
    }
}
