import Foundation

/// What a weekly report measures for one gym and one week, as stored in
/// `insights_reports.metrics` (camelCase JSON, sorted keys; an unknown value is `null`, never
/// left out).
///
/// "The week" is [Monday 00:00, next Monday 00:00) in the gym's zone (see `ReportPeriod`);
/// "the week before" the same for the previous ISO week. Counts are of rows whose instant falls
/// in that range. Member states (`is_active`, churn levels) are read as they are when the
/// report is generated: the store keeps no history of them.
public struct WeeklyMetrics: Sendable, Equatable, Codable {
    /// The instants the report covers.
    public var window: Window
    /// Voice sessions started in the week at the gym's kiosks.
    public var conversations: Int
    public var sentiment: Sentiment
    /// The five topics mentioned by the most conversation summaries created in the week (a
    /// summary counts once per topic), most frequent first, ties in alphabetical order.
    public var topTopics: [TopicCount]
    public var members: Members
    public var visits: Visits
    /// The gym's active members (see `Members.active`) per churn level of their latest analysis.
    public var churn: ChurnCounts
    /// Up to five active members at high or critical risk, highest score first (ties: oldest
    /// member first).
    public var atRiskMembers: [AtRiskMember]
    public var kioskUptime: KioskUptime
    /// Manager alerts created in the week, per `alert_type`.
    public var alerts: Alerts

    public init(
        window: Window,
        conversations: Int,
        sentiment: Sentiment,
        topTopics: [TopicCount],
        members: Members,
        visits: Visits,
        churn: ChurnCounts,
        atRiskMembers: [AtRiskMember],
        kioskUptime: KioskUptime,
        alerts: Alerts
    ) {
        self.window = window
        self.conversations = conversations
        self.sentiment = sentiment
        self.topTopics = topTopics
        self.members = members
        self.visits = visits
        self.churn = churn
        self.atRiskMembers = atRiskMembers
        self.kioskUptime = kioskUptime
        self.alerts = alerts
    }

    /// The week's bounds, local and UTC, so a reader of the JSON knows exactly what was counted.
    public struct Window: Sendable, Equatable, Codable {
        /// `2027-W12`.
        public var isoWeek: String
        public var timeZone: String
        /// The Monday and the Sunday, `YYYY-MM-DD`.
        public var firstDay: String
        public var lastDay: String
        /// Monday 00:00 local and the next Monday 00:00 local (excluded), as `Timestamp` text.
        public var startUTC: String
        public var endUTC: String
        /// 168, or 167 / 169 in a week when the clocks change.
        public var hours: Double

        public init(isoWeek: String, timeZone: String, firstDay: String, lastDay: String, startUTC: String, endUTC: String, hours: Double) {
            self.isoWeek = isoWeek
            self.timeZone = timeZone
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.startUTC = startUTC
            self.endUTC = endUTC
            self.hours = hours
        }
    }

    /// Conversation summaries created in the week.
    public struct Sentiment: Sendable, Equatable, Codable {
        public var summaries: Int
        /// Mean `sentiment_score` (−1 … 1), rounded to 3 decimals; null without summaries.
        public var mean: Double?
        public var positive: Int
        public var neutral: Int
        public var negative: Int

        public init(summaries: Int, mean: Double?, positive: Int, neutral: Int, negative: Int) {
            self.summaries = summaries
            self.mean = mean
            self.positive = positive
            self.neutral = neutral
            self.negative = negative
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(summaries, forKey: .summaries)
            try container.encode(mean, forKey: .mean)
            try container.encode(positive, forKey: .positive)
            try container.encode(neutral, forKey: .neutral)
            try container.encode(negative, forKey: .negative)
        }
    }

    public struct TopicCount: Sendable, Equatable, Codable {
        public var topic: String
        /// Summaries of the week that mention it.
        public var count: Int

        public init(topic: String, count: Int) {
            self.topic = topic
            self.count = count
        }
    }

    public struct Members: Sendable, Equatable, Codable {
        /// Members with `is_active = 1`, not anonymised, who joined before the week ended.
        public var active: Int
        /// Members whose `member_since` falls in the week, whatever their state since.
        public var new: Int
        /// Active members with no visit in the 30 × 24 hours before the week ended.
        public var lapsed: Int

        public init(active: Int, new: Int, lapsed: Int) {
            self.active = active
            self.new = new
            self.lapsed = lapsed
        }
    }

    public struct Visits: Sendable, Equatable, Codable {
        /// Visits recorded at the gym in the week (any member, active or not).
        public var total: Int
        /// Distinct members among them.
        public var uniqueVisitors: Int
        public var previousTotal: Int
        public var previousUniqueVisitors: Int
        /// (total − previousTotal) ÷ previousTotal × 100, rounded to 1 decimal; null when the
        /// week before had no visit.
        public var changePercent: Double?
        /// The same for unique visitors.
        public var uniqueVisitorsChangePercent: Double?
        /// Visits per local day, Monday first (7 values).
        public var perDay: [Int]
        /// The week before, Monday first (7 values).
        public var previousPerDay: [Int]

        public init(
            total: Int,
            uniqueVisitors: Int,
            previousTotal: Int,
            previousUniqueVisitors: Int,
            changePercent: Double?,
            uniqueVisitorsChangePercent: Double?,
            perDay: [Int],
            previousPerDay: [Int]
        ) {
            self.total = total
            self.uniqueVisitors = uniqueVisitors
            self.previousTotal = previousTotal
            self.previousUniqueVisitors = previousUniqueVisitors
            self.changePercent = changePercent
            self.uniqueVisitorsChangePercent = uniqueVisitorsChangePercent
            self.perDay = perDay
            self.previousPerDay = previousPerDay
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(uniqueVisitors, forKey: .uniqueVisitors)
            try container.encode(previousTotal, forKey: .previousTotal)
            try container.encode(previousUniqueVisitors, forKey: .previousUniqueVisitors)
            try container.encode(changePercent, forKey: .changePercent)
            try container.encode(uniqueVisitorsChangePercent, forKey: .uniqueVisitorsChangePercent)
            try container.encode(perDay, forKey: .perDay)
            try container.encode(previousPerDay, forKey: .previousPerDay)
        }

        /// The change from `previous` to `current` in percent, 1 decimal; nil when `previous` is 0.
        static func change(from previous: Int, to current: Int) -> Double? {
            guard previous > 0 else { return nil }
            return roundedDecimal(Double(current - previous) * 100 / Double(previous), places: 1)
        }
    }

    public struct ChurnCounts: Sendable, Equatable, Codable {
        public var low = 0, medium = 0, high = 0, critical = 0
        /// Active members the churn analysis has not scored yet.
        public var unscored = 0

        public init(low: Int = 0, medium: Int = 0, high: Int = 0, critical: Int = 0, unscored: Int = 0) {
            self.low = low
            self.medium = medium
            self.high = high
            self.critical = critical
            self.unscored = unscored
        }

        /// Members at high or critical risk.
        public var atRisk: Int { high + critical }

        public subscript(level: ChurnLevel) -> Int {
            switch level {
            case .low: low
            case .medium: medium
            case .high: high
            case .critical: critical
            }
        }
    }

    public struct AtRiskMember: Sendable, Equatable, Codable {
        public var memberId: Int64
        public var firstName: String
        /// The last name's first letter and a full stop (`P.`); empty when the name is unknown.
        public var lastInitial: String
        public var score: Double
        public var level: String

        public init(memberId: Int64, firstName: String, lastInitial: String, score: Double, level: String) {
            self.memberId = memberId
            self.firstName = firstName
            self.lastInitial = lastInitial
            self.score = score
            self.level = level
        }

        /// `Léa P.`, as managers see the member in the report.
        public var displayName: String {
            lastInitial.isEmpty ? firstName : "\(firstName) \(lastInitial)"
        }
    }

    /// Kiosk availability over the week, in 10-minute buckets aligned on Monday 00:00 local: a
    /// bucket is "up" when it holds at least one heartbeat. A kiosk counts only the buckets that
    /// start at or after its `created_at`; kiosks in `provisioning` are left out.
    public struct KioskUptime: Sendable, Equatable, Codable {
        public static let bucketSeconds = 600

        public var bucketMinutes: Int
        /// Buckets in the week: 1008, or 1002 / 1014 when the clocks change.
        public var weekBuckets: Int
        /// Up buckets ÷ counted buckets over every kiosk, in percent with 2 decimals; null
        /// when no kiosk has a bucket in the week.
        public var overallPercent: Double?
        public var upBuckets: Int
        public var buckets: Int
        public var kiosks: [Kiosk]

        public init(bucketMinutes: Int = bucketSeconds / 60, weekBuckets: Int, overallPercent: Double?, upBuckets: Int, buckets: Int, kiosks: [Kiosk])
        {
            self.bucketMinutes = bucketMinutes
            self.weekBuckets = weekBuckets
            self.overallPercent = overallPercent
            self.upBuckets = upBuckets
            self.buckets = buckets
            self.kiosks = kiosks
        }

        public struct Kiosk: Sendable, Equatable, Codable {
            public var slug: String
            public var name: String
            /// The kiosk's status when the report was generated.
            public var status: String
            /// Buckets of the week counted for this kiosk (those after its creation).
            public var buckets: Int
            public var upBuckets: Int
            /// In percent, 2 decimals; null when the kiosk has no bucket in the week.
            public var uptimePercent: Double?

            public init(slug: String, name: String, status: String, buckets: Int, upBuckets: Int, uptimePercent: Double?) {
                self.slug = slug
                self.name = name
                self.status = status
                self.buckets = buckets
                self.upBuckets = upBuckets
                self.uptimePercent = uptimePercent
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(slug, forKey: .slug)
                try container.encode(name, forKey: .name)
                try container.encode(status, forKey: .status)
                try container.encode(buckets, forKey: .buckets)
                try container.encode(upBuckets, forKey: .upBuckets)
                try container.encode(uptimePercent, forKey: .uptimePercent)
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bucketMinutes, forKey: .bucketMinutes)
            try container.encode(weekBuckets, forKey: .weekBuckets)
            try container.encode(overallPercent, forKey: .overallPercent)
            try container.encode(upBuckets, forKey: .upBuckets)
            try container.encode(buckets, forKey: .buckets)
            try container.encode(kiosks, forKey: .kiosks)
        }

        /// The uptime of kiosks given, for each, its creation and the indexes of the week's
        /// buckets that hold a heartbeat.
        static func measure(_ kiosks: [(kiosk: KioskDescription, heartbeatBuckets: Set<Int>)], period: ReportPeriod) -> KioskUptime {
            let weekBuckets = Int((period.duration / TimeInterval(bucketSeconds)).rounded(.up))
            var measured: [Kiosk] = []
            for (kiosk, heartbeatBuckets) in kiosks {
                // The first bucket that starts at or after the kiosk's creation.
                let first =
                    kiosk.createdAt <= period.start
                    ? 0 : Int((kiosk.createdAt.timeIntervalSince(period.start) / TimeInterval(bucketSeconds)).rounded(.up))
                let counted = max(0, weekBuckets - first)
                let up = heartbeatBuckets.count(where: { $0 >= first && $0 < weekBuckets })
                measured.append(
                    Kiosk(
                        slug: kiosk.slug,
                        name: kiosk.name,
                        status: kiosk.status,
                        buckets: counted,
                        upBuckets: up,
                        uptimePercent: counted > 0 ? roundedDecimal(Double(up) * 100 / Double(counted), places: 2) : nil
                    )
                )
            }
            let up = measured.reduce(0) { $0 + $1.upBuckets }
            let total = measured.reduce(0) { $0 + $1.buckets }
            return KioskUptime(
                bucketMinutes: bucketSeconds / 60,
                weekBuckets: weekBuckets,
                overallPercent: total > 0 ? roundedDecimal(Double(up) * 100 / Double(total), places: 2) : nil,
                upBuckets: up,
                buckets: total,
                kiosks: measured
            )
        }

        /// What `measure` needs of a kiosk.
        struct KioskDescription: Sendable {
            var slug: String
            var name: String
            var status: String
            var createdAt: Date
        }
    }

    public struct Alerts: Sendable, Equatable, Codable {
        public var total: Int
        /// Every alert type of the schema, 0 when none was created.
        public var byType: [String: Int]

        public init(total: Int, byType: [String: Int]) {
            self.total = total
            self.byType = byType
        }

        /// The alert types of `manager_alerts.alert_type`.
        public static let types = ["churn_risk", "kiosk_offline", "job_failed"]
    }
}

/// `value` rounded half away from zero to `places` decimals.
func roundedDecimal(_ value: Double, places: Int) -> Double {
    let scale = pow(10, Double(places))
    return (value * scale).rounded() / scale
}
