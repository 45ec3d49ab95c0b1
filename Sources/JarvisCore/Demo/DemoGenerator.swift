import Foundation
import GRDB

/// Deterministic, realistic demo data: gyms in French cities and overseas departments,
/// members with a realistic mix of behaviours, their visits, kiosks and heartbeats, voice
/// sessions with transcripts and summaries, and member facts.
///
/// The same options, seed and end instant give byte-identical content: every draw comes from
/// a seeded generator (one stream per gym), and nothing reads the clock or the machine's
/// locale. A chain-sized database (50 gyms × 3,000 members × 400 days) is one bulk load
/// (see ``BulkLoad``) of one transaction per gym.
public struct DemoGenerator: Sendable {
    public struct Options: Sendable, Equatable {
        public var gyms: Int
        public var membersPerGym: Int
        /// How many days of history end at the generator's end instant.
        public var days: Int
        public var seed: UInt64

        public init(gyms: Int = 3, membersPerGym: Int = 200, days: Int = 120, seed: UInt64 = 42) {
            self.gyms = gyms
            self.membersPerGym = membersPerGym
            self.days = days
            self.seed = seed
        }
    }

    /// How many rows of each kind were written.
    public struct Counts: Sendable, Equatable {
        public var gyms = 0, members = 0, visits = 0, kiosks = 0, heartbeats = 0
        public var sessions = 0, events = 0, summaries = 0, facts = 0

        public var total: Int { gyms + members + visits + kiosks + heartbeats + sessions + events + summaries + facts }
    }

    /// The tables the generator fills.
    static let tables: Set<String> = [
        "gyms", "members", "member_visits", "kiosks", "kiosk_heartbeats",
        "voice_sessions", "conversation_events", "conversation_summaries", "member_facts",
    ]

    public let options: Options
    /// The end of the generated history ("now" in the demo's world), truncated to the minute.
    public let until: Date

    public init(options: Options, until: Date) {
        self.options = options
        self.until = Date(timeIntervalSince1970: (until.timeIntervalSince1970 / 60).rounded(.down) * 60)
    }

    /// Writes the demo data into a database that holds no gym yet.
    @discardableResult
    public func generate(into database: AppDatabase) async throws -> Counts {
        // Idle readers keep the file open and would hold the load in WAL mode (see BulkLoad).
        database.releaseMemory()
        return try await database.writeWithoutTransaction { db in try generate(in: db) }
    }

    private func generate(in db: Database) throws -> Counts {
        guard try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gyms)")! else {
            throw DemoError(reason: "the database already holds gyms; demo data goes into a new database file")
        }
        return try BulkLoad.run(in: db, tables: Self.tables) {
            var counts = Counts()
            for gymIndex in 0..<options.gyms {
                try db.inTransaction {
                    var gym = GymWriter(db: db, index: gymIndex, options: options, until: until)
                    try gym.write()
                    counts.add(gym.counts)
                    return .commit
                }
            }
            return counts
        }
    }
}

/// Why demo data cannot be generated.
public struct DemoError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "demo: \(reason)" }
}

extension DemoGenerator.Counts {
    mutating func add(_ other: Self) {
        gyms += other.gyms
        members += other.members
        visits += other.visits
        kiosks += other.kiosks
        heartbeats += other.heartbeats
        sessions += other.sessions
        events += other.events
        summaries += other.summaries
        facts += other.facts
    }
}

extension AppDatabase {
    /// True when no gym has been created yet (a new file).
    public func isEmptyOfGyms() async throws -> Bool {
        try await read { db in try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gyms)")! }
    }
}

// MARK: - One gym

/// The behaviours members are drawn from, with their share of the members.
///
/// The rates give about one visit a week per member on average, as budget gym chains see:
/// a core of regulars, many who come now and then, some who pay and hardly ever come.
private enum Profile: CaseIterable {
    /// 2 to 3.5 visits a week, all along.
    case loyal
    /// 0.7 to 1.8 visits a week.
    case regular
    /// Pays, and comes once or twice a month at most.
    case occasional
    /// Was regular; visits fade out over the last 40 to 90 days. Some are unhappy.
    case declining
    /// Was regular; stopped coming 15 to 60 days ago. Some are unhappy.
    case lapsed
    /// Joined in the last 45 days.
    case newcomer
    /// Membership ends within 30 days.
    case endingSoon
    /// No longer a member: ended a month to five years ago (the oldest are past the GDPR limit).
    case former

    var share: Double {
        switch self {
        case .loyal: 0.18
        case .regular: 0.26
        case .occasional: 0.16
        case .declining: 0.10
        case .lapsed: 0.07
        case .newcomer: 0.06
        case .endingSoon: 0.05
        case .former: 0.12
        }
    }
}

/// One local day of the history.
private struct Day {
    /// The UTC instant of the day's local midnight, in seconds (with the day's noon offset:
    /// nothing happens in a gym at the small hours when clocks change).
    var start: Int
    /// Opening and closing time in minutes of the day; nil when the gym is closed.
    var opening: (open: Int, close: Int)?
    /// How busy the weekday is compared with a Thursday.
    var rhythm: Double
}

/// A visit waiting to be written: a gym's visits are written in time order, as they happen.
private struct Visit {
    var instant: Int
    var memberID: Int64
}

/// A voice session waiting to be written: its details are drawn from its own seed when it is
/// written in time order, so that the draw order (member by member) stays fixed.
private struct SessionDraft {
    var start: Int
    var memberID: Int64
    var unhappy: Bool
    var seed: UInt64
}

/// Writes one gym and everything that belongs to it, inside the caller's transaction.
private struct GymWriter {
    let db: Database
    let index: Int
    let options: DemoGenerator.Options
    /// The end of the history, in seconds since 1970.
    let end: Int
    var random: SeededGenerator
    var counts = DemoGenerator.Counts()

    let gymID: Int64
    let site: DemoVocabulary.Site
    let zone: TimeZone
    var slug = ""
    /// Opening hours per ISO weekday (index 1 = Monday ... 7 = Sunday); nil: closed.
    var hours: [(open: Int, close: Int)?] = Array(repeating: nil, count: 8)
    /// The `options.days` full local days before the end instant's day, oldest first.
    var days: [Day] = []
    var visits: [Visit] = []
    var sessions: [SessionDraft] = []

    /// How busy each ISO weekday is (index 1 = Monday), compared with a Thursday.
    static let rhythm = [0, 1.2, 1.15, 1.1, 1.0, 0.85, 0.9, 0.6]

    init(db: Database, index: Int, options: DemoGenerator.Options, until: Date) {
        self.db = db
        self.index = index
        self.options = options
        self.end = Int(until.timeIntervalSince1970)
        self.random = SeededGenerator(seed: options.seed, stream: UInt64(index))
        self.gymID = Int64(index + 1)
        self.site = DemoVocabulary.sites[index % DemoVocabulary.sites.count]
        self.zone = TimeZone(identifier: site.zone) ?? TimeZone(identifier: "UTC")!
    }

    // Ids are assigned here, not by SQLite, so that rows can refer to each other without a
    // round trip and so that the content is the same whatever order gyms are written in.
    private var memberBase: Int64 { Int64(index) * Int64(options.membersPerGym) }

    mutating func write() throws {
        try writeGym()
        computeDays()
        let kioskIDs = try writeKiosks()
        try writeMembers()
        try writeVisits()
        try writeSessions(kioskIDs: kioskIDs)
    }

    // MARK: Gym

    private mutating func writeGym() throws {
        let round = index / DemoVocabulary.sites.count
        let name = "Jarvis Fitness \(site.city) \(site.district)" + (round > 0 ? " \(round + 1)" : "")
        slug = DemoVocabulary.slug("\(site.city) \(site.district)" + (round > 0 ? " \(round + 1)" : ""))

        // Every fourth gym, from the second on, never closes; the others open early on
        // weekdays, shorter on Saturdays, and on Sunday mornings or not at all.
        let openingHours: String
        if index % 4 == 1 {
            openingHours = "\"24/7\""
            for day in 1...7 { hours[day] = (0, 24 * 60) }
        } else {
            let weekday = (random.pick([6, 7]) * 60, random.pick([21, 22, 23]) * 60)
            for day in 1...5 { hours[day] = weekday }
            hours[6] = (8 * 60, 20 * 60)
            hours[7] = random.chance(0.7) ? (9 * 60, 13 * 60) : nil
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            openingHours =
                "{"
                + (1...7).map { day in
                    let text = hours[day].map { "\"" + Self.clock($0.open) + "-" + Self.clock($0.close) + "\"" } ?? "null"
                    return "\"\(names[day - 1])\":\(text)"
                }.joined(separator: ",") + "}"
        }
        try db.execute(
            sql: """
                INSERT INTO gyms (id, slug, name, city, timezone, opening_hours, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 'active', ?)
                """,
            arguments: [gymID, slug, name, site.city, zone.identifier, openingHours, stamp(days: -options.days - 400)]
        )
        counts.gyms += 1
    }

    private mutating func computeDays() {
        let endOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(end)))
        let endLocalMidnight = Self.floorDiv(end + endOffset, 86_400) * 86_400
        days.reserveCapacity(options.days)
        for back in stride(from: options.days, through: 1, by: -1) {
            let localMidnight = endLocalMidnight - back * 86_400
            let noon = Date(timeIntervalSince1970: TimeInterval(localMidnight + 12 * 3600 - endOffset))
            let offset = zone.secondsFromGMT(for: noon)
            // 1970-01-01 was a Thursday (ISO weekday 4).
            let weekday = (Self.floorDiv(localMidnight, 86_400) + 3) % 7 + 1
            days.append(Day(start: localMidnight - offset, opening: hours[weekday], rhythm: Self.rhythm[weekday]))
        }
    }

    // MARK: Kiosks and heartbeats

    private mutating func writeKiosks() throws -> [Int64] {
        let kioskCount = 2 + Int(random.next() % 3)
        let insertKiosk = try db.makeStatement(
            sql: """
                INSERT INTO kiosks (id, gym_id, slug, name, status, status_changed_at, last_heartbeat, software_version, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        var heartbeats = try BatchInsert(db, into: "kiosk_heartbeats", columns: ["kiosk_id", "received_at", "software_version", "uptime_seconds"])
        let heartbeatDays = min(options.days, 35)
        var ids: [Int64] = []
        for number in 1...kioskCount {
            let id = gymID * 10 + Int64(number)
            let version = random.pick(["2.4.1", "2.4.1", "2.5.0"])
            // Most kiosks are alive; some went silent minutes to days ago. The first gym's last
            // kiosk is in maintenance, the second gym's last one is still being set up, and the
            // third gym's first one went silent 50 minutes ago.
            var status = "online"
            var silentFor = random.int(5...25)
            let offline = random.chance(0.12)
            if index == 0 && number == kioskCount {
                status = "maintenance"
                silentFor = 3 * 86_400
            } else if index == 1 && number == kioskCount {
                status = "provisioning"
            } else if index == 2 && number == 1 {
                status = "offline"
                silentFor = 50 * 60
            } else if offline {
                status = "offline"
                silentFor = random.pick([12 * 60, 50 * 60, 5 * 3600, 30 * 3600, 3 * 86_400])
            }

            var last: Int?
            if status != "provisioning" {
                // One stored heartbeat every 10 minutes (kiosks beat every 30 s; the demo thins
                // them out), and the last one exactly when the kiosk went silent, so that its
                // status and its last heartbeat agree.
                let stop = end - silentFor
                var beat = end - heartbeatDays * 86_400 + random.int(0...599)
                var bootedAt = beat - random.int(3600...7 * 86_400)
                while beat <= stop {
                    if random.chance(0.0015) { bootedAt = beat }  // an occasional reboot
                    try heartbeats.insert(id, timestamp(beat), version, beat - bootedAt)
                    last = beat
                    beat = beat + 600 > stop && beat < stop ? stop : beat + 600
                }
            }
            let lastText = last.map(timestamp)
            let name = DemoVocabulary.kioskNames[(number - 1) % DemoVocabulary.kioskNames.count]
            insertKiosk.setUncheckedArguments([
                id, gymID, "\(slug)-\(number)", name, status, lastText ?? stamp(days: -30), lastText,
                status == "provisioning" ? nil : version, stamp(days: -options.days - 30),
            ])
            try insertKiosk.execute()
            counts.kiosks += 1
            ids.append(id)
        }
        try heartbeats.finish()
        counts.heartbeats += heartbeats.count
        return ids
    }

    // MARK: Members

    /// Draws every member's story; writes the member and their facts, and keeps their visits
    /// and voice sessions to be written in time order.
    private mutating func writeMembers() throws {
        var members = try BatchInsert(
            db,
            into: "members",
            columns: [
                "id", "gym_id", "external_id", "badge_id", "first_name", "last_name", "email", "phone",
                "member_since", "membership_expires", "is_active", "last_visit", "created_at",
            ]
        )
        var facts = try BatchInsert(
            db,
            into: "member_facts",
            columns: ["member_id", "external_id", "category", "fact", "created_at", "expires_at"]
        )
        let dayCount = days.count

        for number in 0..<options.membersPerGym {
            let memberID = memberBase + Int64(number) + 1
            let profile = drawProfile()
            let first = random.int(0...DemoVocabulary.firstNames.count - 1)
            let last = random.int(0...DemoVocabulary.lastNames.count - 1)
            let email = DemoVocabulary.emailFirstNames[first] + "." + DemoVocabulary.emailLastNames[last] + ".\(memberID)@example.fr"
            var phone = "+33 6"
            for _ in 0..<4 { phone += " " + Self.twoDigits(random.int(0...99)) }
            let badge = "B\(100_000 + number)"

            // The member's story, as days counted back from the end of the history.
            var joinedDaysAgo = random.int(dayCount + 30...dayCount + 1500)
            var expiresInDays: Int? = random.chance(0.5) ? random.int(60...700) : nil
            var active = true
            var weeklyRate = 0.7 + random.unit() * 1.1
            var lastDayWithVisits = 0  // visits stop this many days before the end
            var declineFrom: Int? = nil  // visits fade out from this many days back
            var unhappy = false
            switch profile {
            case .loyal: weeklyRate = 2 + random.unit() * 1.5
            case .regular: break
            case .occasional:
                weeklyRate = 0.1 + random.unit() * 0.4
                unhappy = random.chance(0.1)
            case .declining:
                weeklyRate = 1 + random.unit() * 1.5
                declineFrom = random.int(40...90)
                unhappy = random.chance(0.35)
            case .lapsed:
                lastDayWithVisits = random.int(15...60)
                unhappy = random.chance(0.25)
            case .newcomer:
                joinedDaysAgo = random.int(3...45)
                weeklyRate = 1.5 + random.unit() * 1.5
            case .endingSoon:
                expiresInDays = random.int(1...30)
            case .former:
                active = false
                // Ended between a month and five years ago: some are past every retention period.
                let endedDaysAgo = random.chance(0.3) ? random.int(3 * 366 + 1...5 * 365) : random.int(30...3 * 365)
                expiresInDays = -endedDaysAgo
                joinedDaysAgo = endedDaysAgo + random.int(180...1200)
                lastDayWithVisits = endedDaysAgo
            }
            let slot = random.pick([7 * 60, 12 * 60 + 15, 18 * 60, 19 * 60 + 30])

            // Visits, day by day, with the gym's weekly rhythm and opening hours.
            var lastVisit: Int?
            let firstDay = max(0, dayCount - joinedDaysAgo)
            let lastDay = dayCount - 1 - lastDayWithVisits
            if firstDay <= lastDay {
                let dailyRate = weeklyRate / 7
                for dayIndex in firstDay...lastDay {
                    let day = days[dayIndex]
                    guard let opening = day.opening else { continue }
                    var chance = dailyRate * day.rhythm
                    if let declineFrom {
                        let back = dayCount - dayIndex
                        if back < declineFrom { chance *= max(0.05, Double(back) / Double(declineFrom)) }
                    }
                    guard random.chance(chance) else { continue }
                    let minute = min(max(slot + random.int(-75...75), opening.open + 10), opening.close - 45)
                    let instant = day.start + minute * 60 + random.int(0...59)
                    visits.append(Visit(instant: instant, memberID: memberID))
                    lastVisit = instant
                }
            }

            // Within the history, a member joins at the start of a local day, before any visit.
            let joined = joinedDaysAgo <= dayCount ? timestamp(days[dayCount - joinedDaysAgo].start) : stamp(days: -joinedDaysAgo)
            try members.insert(
                memberID,
                gymID,
                Self.memberExternalID(memberID),
                badge,
                DemoVocabulary.firstNames[first],
                DemoVocabulary.lastNames[last],
                email,
                phone,
                joined,
                expiresInDays.map { stamp(days: $0) },
                active ? 1 : 0,
                lastVisit.map(timestamp),
                joined,
            )

            // Conversations with the kiosks, while the gym is open: more of them recently,
            // darker for unhappy members.
            let sessionCount = active ? random.int(0...6) + (unhappy ? 7 : 0) : random.int(0...2)
            let horizon = max(1, min(dayCount, joinedDaysAgo) - lastDayWithVisits)
            for _ in 0..<sessionCount {
                let recent = unhappy || random.chance(0.6)
                let back = lastDayWithVisits + 1 + (recent ? random.int(0...min(horizon, 85) - 1) : random.int(0...horizon - 1))
                let shift = random.int(-60...60)
                let seed = random.next()
                guard back <= dayCount else { continue }
                let day = days[dayCount - back]
                guard let opening = day.opening else { continue }
                let minute = min(max(slot + shift, opening.open + 5), opening.close - 30)
                sessions.append(SessionDraft(start: day.start + minute * 60, memberID: memberID, unhappy: unhappy, seed: seed))
            }

            // What the assistant remembers; some facts were given an expiry that has passed.
            if random.chance(0.4) {
                for factNumber in 1...random.int(1...2) {
                    let fact = random.pick(DemoVocabulary.facts)
                    let created = random.int(1...max(1, min(dayCount, joinedDaysAgo)))
                    let expires: Int? = random.chance(0.25) ? random.int(-60...120) : nil
                    try facts.insert(
                        memberID,
                        "fact-\(memberID)-\(factNumber)",
                        fact.category,
                        fact.text,
                        stamp(days: -created),
                        expires.map { stamp(days: $0) }
                    )
                }
            }
        }
        try members.finish()
        try facts.finish()
        counts.members += members.count
        counts.facts += facts.count
    }

    private mutating func drawProfile() -> Profile {
        var draw = random.unit()
        for profile in Profile.allCases {
            draw -= profile.share
            if draw < 0 { return profile }
        }
        return .regular
    }

    // MARK: Visits

    private mutating func writeVisits() throws {
        visits.sort { ($0.instant, $0.memberID) < ($1.instant, $1.memberID) }
        var rows = try BatchInsert(db, into: "member_visits", columns: ["member_id", "gym_id", "visited_at"])
        for visit in visits {
            try rows.insert(visit.memberID, gymID, timestamp(visit.instant))
        }
        try rows.finish()
        counts.visits += rows.count
        visits = []
    }

    // MARK: Voice sessions

    /// Writes voice sessions in time order, each with its transcript and summary.
    private mutating func writeSessions(kioskIDs: [Int64]) throws {
        var voiceSessions = try BatchInsert(
            db,
            into: "voice_sessions",
            columns: [
                "id", "gym_id", "external_id", "kiosk_id", "member_id", "started_at", "ended_at", "session_metadata",
            ]
        )
        var events = try BatchInsert(
            db,
            into: "conversation_events",
            columns: [
                "session_id", "external_id", "member_id", "occurred_at", "speaker", "content",
            ]
        )
        var summaries = try BatchInsert(
            db,
            into: "conversation_summaries",
            columns: [
                "session_id", "external_id", "member_id", "gym_id", "created_at", "sentiment", "sentiment_score", "topics", "summary",
            ]
        )
        // The kiosks that talk to members (not one still being set up).
        let talking = index == 1 && kioskIDs.count > 1 ? Array(kioskIDs.dropLast()) : kioskIDs
        sessions.sort { ($0.start, $0.memberID, $0.seed) < ($1.start, $1.memberID, $1.seed) }

        for (number, draft) in sessions.enumerated() {
            var random = SeededGenerator(seed: draft.seed)
            let sessionID = gymID * 10_000_000 + Int64(number) + 1
            let memberID = draft.memberID
            let topic = random.pick(draft.unhappy ? DemoVocabulary.complaintTopics : DemoVocabulary.topics)
            let exchanges = DemoVocabulary.exchanges[topic]!
            let rounds = random.int(1...3)
            let duration = rounds * random.int(20...70)
            let kioskID = random.pick(talking)
            let metadata = "{\"language\":\"fr-FR\",\"durationSeconds\":\(duration),\"intent\":\"\(topic)\",\"asr\":\"whisper-small\"}"
            try voiceSessions.insert(
                sessionID,
                gymID,
                "session-\(sessionID)",
                kioskID,
                memberID,
                timestamp(draft.start),
                timestamp(draft.start + duration),
                metadata,
            )

            var clock = draft.start
            for round in 0..<rounds {
                let exchange = random.pick(exchanges)
                clock += random.int(3...25)
                try events.insert(sessionID, "line-\(2 * round + 1)", memberID, timestamp(clock), "member", exchange.question)
                clock += random.int(3...25)
                try events.insert(sessionID, "line-\(2 * round + 2)", memberID, timestamp(clock), "assistant", exchange.answer)
            }

            let sentiment: String
            let score: Double
            let draw = random.unit()
            if draft.unhappy ? draw < 0.75 : draw < 0.1 {
                (sentiment, score) = ("negative", -0.3 - random.unit() * 0.6)
            } else if draw < (draft.unhappy ? 0.9 : 0.45) {
                (sentiment, score) = ("neutral", -0.1 + random.unit() * 0.3)
            } else {
                (sentiment, score) = ("positive", 0.3 + random.unit() * 0.6)
            }
            try summaries.insert(
                sessionID,
                "summary-\(sessionID)",
                memberID,
                gymID,
                timestamp(clock + 5),
                sentiment,
                (score * 100).rounded() / 100,
                "[\"\(topic)\"]",
                "Échange sur le thème « \(topic) » (\(rounds) question\(rounds > 1 ? "s" : "")).",
            )
        }
        try voiceSessions.finish()
        try events.finish()
        try summaries.finish()
        counts.sessions += voiceSessions.count
        counts.events += events.count
        counts.summaries += summaries.count
        sessions = []
    }

    // MARK: Formatting

    private func stamp(days: Int) -> String {
        timestamp(end + days * 86_400)
    }

    /// A demo member's key in the system the demo pretends to come from, so that an export of
    /// the demo imports again. Visits have none: their key is their member and instant.
    static func memberExternalID(_ memberID: Int64) -> String {
        "member-\(memberID)"
    }

    static func clock(_ minutes: Int) -> String {
        twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    static func floorDiv(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }
}

/// The database text of an instant given in seconds since 1970.
private func timestamp(_ seconds: Int) -> String {
    Timestamp.string(millisecondsSince1970: Int64(seconds) * 1000)
}
