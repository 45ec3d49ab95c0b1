/// The churn rules of the original product, as a pure function of a member's inputs.
///
/// Points are kept in hundredths so that sums are exact (0.40 + 0.30 is 0.70, not
/// 0.7000000000000001) and the level thresholds compare exactly.
public enum ChurnRules {
    /// Visits a member is expected to make per week when engagement is measured.
    public static let expectedVisitsPerWeek = 3.0

    /// What the rules look at, as of the run's nominal time.
    public struct Inputs: Sendable, Equatable {
        /// Whole days since the last visit (or since joining, for a member who never came).
        public var daysSinceLastVisit: Int
        /// Conversation summaries with a negative sentiment in the last 90 days.
        public var negativeSummaries: Int
        /// Visits in the last 30 days.
        public var visitsLast30Days: Int
        /// Days of the last 30 during which the member was a member (30, or fewer for a newcomer).
        public var daysOfMembershipInWindow: Int
        /// Whole days until the membership ends (negative when it has ended); nil: open-ended.
        public var daysUntilMembershipEnds: Int?

        public init(
            daysSinceLastVisit: Int,
            negativeSummaries: Int,
            visitsLast30Days: Int,
            daysOfMembershipInWindow: Int = 30,
            daysUntilMembershipEnds: Int? = nil
        ) {
            self.daysSinceLastVisit = daysSinceLastVisit
            self.negativeSummaries = negativeSummaries
            self.visitsLast30Days = visitsLast30Days
            self.daysOfMembershipInWindow = daysOfMembershipInWindow
            self.daysUntilMembershipEnds = daysUntilMembershipEnds
        }

        /// Visits in the window ÷ visits expected in it (3 a week, prorated for a newcomer).
        public var engagement: Double {
            let expected = Self.expectedVisits(days: daysOfMembershipInWindow)
            return expected > 0 ? Double(visitsLast30Days) / expected : 1
        }

        static func expectedVisits(days: Int) -> Double {
            ChurnRules.expectedVisitsPerWeek * Double(max(1, min(30, days))) / 7
        }
    }

    /// The result: score, level, and each factor's points.
    public struct Assessment: Sendable, Equatable {
        /// Points of each factor, in hundredths.
        public var absencePoints: Int
        public var sentimentPoints: Int
        public var engagementPoints: Int
        public var membershipEndPoints: Int

        /// The capped sum, in hundredths (0...100).
        public var scoreHundredths: Int { min(100, absencePoints + sentimentPoints + engagementPoints + membershipEndPoints) }
        /// The score in 0...1.
        public var score: Double { Double(scoreHundredths) / 100 }
        public var level: ChurnLevel { ChurnLevel(scoreHundredths: scoreHundredths) }
    }

    /// Scores a member:
    /// - absence: more than 21 days since the last visit → 0.40, more than 14 → 0.20 (three
    ///   weeks away is the strongest sign a member is leaving; two weeks is a warning);
    /// - sentiment: more than 5 negative conversations in 90 days → 0.30, more than 2 → 0.15;
    /// - engagement: under 30 % of the expected visits in the last 30 days → 0.20;
    /// - membership end: it ends within 30 days (or has ended) → 0.10;
    /// capped at 1.
    public static func assess(_ inputs: Inputs) -> Assessment {
        Assessment(
            absencePoints: inputs.daysSinceLastVisit > 21 ? 40 : inputs.daysSinceLastVisit > 14 ? 20 : 0,
            sentimentPoints: inputs.negativeSummaries > 5 ? 30 : inputs.negativeSummaries > 2 ? 15 : 0,
            engagementPoints: inputs.engagement < 0.3 ? 20 : 0,
            membershipEndPoints: (inputs.daysUntilMembershipEnds.map { $0 <= 30 } ?? false) ? 10 : 0
        )
    }
}

extension ChurnRules {
    /// Whether a member at `level`, whose last churn alert a manager dismissed, gets a new one.
    ///
    /// A dismissal says "nothing to do about this member at this level": it holds while the
    /// member stays at or below `dismissedLevel`. A new alert is raised when the level rises above
    /// it (high → critical), or when the member has left the alerting levels (a run scored them
    /// below high after the dismissal) and comes back: a new episode, not the one dismissed.
    /// - Parameters:
    ///   - dismissedLevel: the level the dismissed alert stood at (its details' `level`).
    ///   - leftRiskSinceDismissal: a run after the dismissal scored the member below `high`.
    public static func raisesAlertAfterDismissal(level: ChurnLevel, dismissedLevel: ChurnLevel, leftRiskSinceDismissal: Bool) -> Bool {
        level.raisesAlert && (level > dismissedLevel || leftRiskSinceDismissal)
    }
}

/// A member's churn risk level. Stored as text in `member_analytics.churn_level`.
public enum ChurnLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    /// low < 0.30 ≤ medium < 0.50 ≤ high < 0.70 ≤ critical.
    public init(scoreHundredths: Int) {
        switch scoreHundredths {
        case ..<30: self = .low
        case ..<50: self = .medium
        case ..<70: self = .high
        default: self = .critical
        }
    }

    /// True for the levels that open a manager alert.
    public var raisesAlert: Bool { self >= .high }

    /// The alert priority of an at-risk level.
    public var alertPriority: AlertPriority { self == .critical ? .urgent : .high }

    /// The level in French, as managers read it.
    public var french: String {
        switch self {
        case .low: "faible"
        case .medium: "moyen"
        case .high: "élevé"
        case .critical: "critique"
        }
    }

    /// 0 for low up to 3 for critical.
    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: ChurnLevel, rhs: ChurnLevel) -> Bool { lhs.rank < rhs.rank }
}
