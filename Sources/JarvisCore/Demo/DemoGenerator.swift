import Foundation
import GRDB

/// Deterministic, realistic demo data: gyms in French cities, members with a realistic mix of
/// behaviours, their visits, kiosks and heartbeats, voice sessions with transcripts and
/// summaries, and member facts.
///
/// The same options, seed and end instant give byte-identical content. Each gym draws from its
/// own random stream and is written in its own transaction, so a chain-sized database
/// (50 gyms × 3,000 members × 400 days) loads in a few dozen transactions.
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
        guard try await database.isEmptyOfGyms() else {
            throw DemoError(reason: "the database already holds gyms; demo data goes into a new database file")
        }
        var counts = Counts()
        for gymIndex in 0..<options.gyms {
            let gymCounts = try await database.writer.write { db in
                var gym = GymWriter(db: db, index: gymIndex, options: options, until: until)
                try gym.write()
                return gym.counts
            }
            counts.add(gymCounts)
        }
        return counts
    }
}

/// Why demo data cannot be generated.
public struct DemoError: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { "demo: \(reason)" }
}

extension DemoGenerator.Counts {
    mutating func add(_ other: Self) {
        gyms += other.gyms; members += other.members; visits += other.visits; kiosks += other.kiosks
        heartbeats += other.heartbeats; sessions += other.sessions; events += other.events
        summaries += other.summaries; facts += other.facts
    }
}

extension AppDatabase {
    /// True when no gym has been created yet (a new file).
    public func isEmptyOfGyms() async throws -> Bool {
        try await writer.read { db in try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM gyms)")! }
    }
}

// MARK: - One gym

/// The behaviours members are drawn from, with their share of the members.
private enum Profile: CaseIterable {
    case loyal, regular, declining, lapsed, newcomer, endingSoon, former

    var share: Double {
        switch self {
        case .loyal: 0.33
        case .regular: 0.20
        case .declining: 0.12
        case .lapsed: 0.08
        case .newcomer: 0.08
        case .endingSoon: 0.07
        case .former: 0.12
        }
    }
}

/// Writes one gym and everything that belongs to it, inside the caller's transaction.
private struct GymWriter {
    let db: Database
    let index: Int
    let options: DemoGenerator.Options
    let until: Date
    var random: SeededGenerator
    var counts = DemoGenerator.Counts()

    let gymID: Int64
    let zone: TimeZone
    /// Opening hours per ISO weekday (1 = Monday ... 7 = Sunday), in minutes of the day; nil: closed.
    var hours: [Int: (open: Int, close: Int)?] = [:]
    /// Seconds from 1970 of local midnight, and the UTC offset, for each day of the history.
    var days: [(midnight: Int, offset: Int, weekday: Int)] = []

    init(db: Database, index: Int, options: DemoGenerator.Options, until: Date) {
        self.db = db
        self.index = index
        self.options = options
        self.until = until
        self.random = SeededGenerator(seed: options.seed, stream: UInt64(index))
        self.gymID = Int64(index + 1)
        let site = DemoVocabulary.sites[index % DemoVocabulary.sites.count]
        self.zone = TimeZone(identifier: site.zone) ?? TimeZone(identifier: "UTC")!
    }

    // Ids are assigned here, not by SQLite, so that rows can refer to each other without a
    // round trip and so that the content is the same whatever order gyms are written in.
    private var memberBase: Int64 { Int64(index) * Int64(options.membersPerGym) }

    mutating func write() throws {
        // Kiosks are written after their heartbeats (their last heartbeat is known only then):
        // foreign keys are checked at commit instead of per row.
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        try writeGym()
        computeDays()
        let kioskIDs = try writeKiosks()
        try writeMembers(kioskIDs: kioskIDs)
    }

    // MARK: Gym

    private mutating func writeGym() throws {
        let site = DemoVocabulary.sites[index % DemoVocabulary.sites.count]
        let round = index / DemoVocabulary.sites.count
        let name = "Jarvis Fitness \(site.city) \(site.district)" + (round > 0 ? " \(round + 1)" : "")
        let slug = Self.slug(name.replacingOccurrences(of: "Jarvis Fitness ", with: ""))

        let openingHours: String
        if random.chance(0.25) {
            openingHours = "\"24/7\""
            for day in 1...7 { hours[day] = (0, 24 * 60) }
        } else {
            let weekday = (random.pick([6, 7]) * 60, random.pick([21, 22, 23]) * 60)
            let saturday = (8 * 60, 20 * 60)
            let sunday: (Int, Int)? = random.chance(0.7) ? (9 * 60, 13 * 60) : nil
            for day in 1...5 { hours[day] = weekday }
            hours[6] = saturday
            hours[7] = sunday
            func text(_ slot: (Int, Int)?) -> String {
                guard let slot else { return "null" }
                return "\"" + Self.clock(slot.0) + "-" + Self.clock(slot.1) + "\""
            }
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            openingHours = "{" + (1...7).map { "\"\(names[$0 - 1])\":\(text(hours[$0] ?? nil))" }.joined(separator: ",") + "}"
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
        let end = Int(until.timeIntervalSince1970)
        let endOffset = zone.secondsFromGMT(for: until)
        let endLocalMidnight = ((end + endOffset) / 86_400) * 86_400
        // The `days` full local days before the end instant's day.
        for back in stride(from: options.days, through: 1, by: -1) {
            let localMidnight = endLocalMidnight - back * 86_400
            let noon = Date(timeIntervalSince1970: TimeInterval(localMidnight + 12 * 3600 - endOffset))
            let offset = zone.secondsFromGMT(for: noon)
            // 1970-01-01 was a Thursday (ISO weekday 4).
            let weekday = ((localMidnight / 86_400 + 3) % 7 + 7) % 7 + 1
            days.append((localMidnight, offset, weekday))
        }
    }

    // MARK: Kiosks and heartbeats

    private mutating func writeKiosks() throws -> [Int64] {
        let kioskCount = 2 + Int(random.next() % 3)
        let insertKiosk = try db.makeStatement(sql: """
            INSERT INTO kiosks (id, gym_id, slug, name, status, status_changed_at, last_heartbeat, software_version, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertHeartbeat = try db.makeStatement(sql: """
            INSERT INTO kiosk_heartbeats (kiosk_id, received_at, software_version, uptime_seconds) VALUES (?, ?, ?, ?)
            """)
        let gymSlug = try String.fetchOne(db, sql: "SELECT slug FROM gyms WHERE id = ?", arguments: [gymID])!
        let end = Int(until.timeIntervalSince1970)
        let heartbeatDays = min(options.days, 35)
        var ids: [Int64] = []
        for number in 1...kioskCount {
            let id = gymID * 10 + Int64(number)
            let version = random.pick(["2.4.1", "2.4.1", "2.5.0"])
            // Most kiosks are alive; some went silent minutes to days ago; gym 1's last kiosk is in
            // maintenance and gym 2's last one is still being set up.
            var status = "online"
            var silentFor = random.int(5...25)
            if index == 0 && number == kioskCount {
                status = "maintenance"
                silentFor = 3 * 86_400
            } else if index == 1 && number == kioskCount {
                status = "provisioning"
            } else if random.chance(0.12) {
                status = "offline"
                silentFor = random.pick([12 * 60, 50 * 60, 5 * 3600, 30 * 3600, 3 * 86_400])
            }

            var last: Int?
            if status != "provisioning" {
                // One stored heartbeat every 10 minutes (kiosks beat every 30 s; the demo thins them out).
                let stop = end - silentFor
                var beat = end - heartbeatDays * 86_400 + random.int(0...599)
                var bootedAt = beat - random.int(3600...7 * 86_400)
                while beat <= stop {
                    if random.chance(0.0015) { bootedAt = beat } // an occasional reboot
                    insertHeartbeat.setUncheckedArguments([id, timestamp(beat), version, beat - bootedAt])
                    try insertHeartbeat.execute()
                    counts.heartbeats += 1
                    last = beat
                    beat += 600
                }
            }
            let lastText = last.map(timestamp)
            let name = DemoVocabulary.kioskNames[(number - 1) % DemoVocabulary.kioskNames.count]
            insertKiosk.setUncheckedArguments([
                id, gymID, "\(gymSlug)-\(number)", name, status, lastText ?? stamp(days: -30), lastText,
                status == "provisioning" ? nil : version, stamp(days: -options.days - 30),
            ])
            try insertKiosk.execute()
            counts.kiosks += 1
            ids.append(id)
        }
        return ids
    }

    // MARK: Members and their activity

    private mutating func writeMembers(kioskIDs: [Int64]) throws {
        let insertMember = try db.makeStatement(sql: """
            INSERT INTO members (id, gym_id, badge_id, first_name, last_name, email, phone,
                                 member_since, membership_expires, is_active, last_visit, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertVisit = try db.makeStatement(sql: """
            INSERT INTO member_visits (member_id, gym_id, visited_at) VALUES (?, ?, ?)
            """)
        var activity = try ActivityWriter(db: db, gymID: gymID, kioskIDs: kioskIDs)
        let dayCount = days.count

        for number in 0..<options.membersPerGym {
            let memberID = memberBase + Int64(number) + 1
            let profile = drawProfile()
            let firstName = random.pick(DemoVocabulary.firstNames)
            let lastName = random.pick(DemoVocabulary.lastNames)
            let email = Self.ascii("\(firstName).\(lastName)").lowercased() + ".\(memberID)@example.fr"
            let phone = "+33 6 " + (0..<4).map { _ in String(format: "%02d", random.int(0...99)) }.joined(separator: " ")
            let badge = String(format: "B%06d", 100_000 + number)

            // The member's story, as days counted back from the end of the history.
            var joinedDaysAgo = random.int(dayCount + 30...dayCount + 1500)
            var expiresInDays: Int? = random.chance(0.5) ? random.int(60...700) : nil
            var active = true
            var weeklyRate = random.chance(0.5) ? 2.0 + random.unit() * 3 : 1.0 + random.unit() * 2
            var lastDayWithVisits = 0          // visits stop this many days before the end
            var declineFrom: Int? = nil         // visits fade out from this many days back
            var unhappy = false
            switch profile {
            case .loyal: weeklyRate = 3 + random.unit() * 2
            case .regular: break
            case .declining:
                declineFrom = random.int(40...90)
                unhappy = random.chance(0.35)
            case .lapsed:
                lastDayWithVisits = random.int(15...60)
                unhappy = random.chance(0.25)
            case .newcomer:
                joinedDaysAgo = random.int(3...45)
                weeklyRate = 2 + random.unit() * 2
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
                for dayIndex in firstDay...lastDay {
                    let day = days[dayIndex]
                    guard let open = hours[day.weekday] ?? nil else { continue }
                    var rate = weeklyRate
                    let back = dayCount - dayIndex
                    if let declineFrom, back < declineFrom { rate *= max(0.05, Double(back) / Double(declineFrom)) }
                    let rhythm = [1: 1.2, 2: 1.15, 3: 1.1, 4: 1.0, 5: 0.85, 6: 0.9, 7: 0.6][day.weekday]!
                    guard random.chance(rate / 7 * rhythm) else { continue }
                    var minute = slot + random.int(-75...75)
                    minute = min(max(minute, open.open + 10), open.close - 45)
                    let instant = day.midnight - day.offset + minute * 60 + random.int(0...59)
                    insertVisit.setUncheckedArguments([memberID, gymID, timestamp(instant)])
                    try insertVisit.execute()
                    counts.visits += 1
                    lastVisit = instant
                }
            }

            insertMember.setUncheckedArguments([
                memberID, gymID, badge, firstName, lastName, email, phone,
                stamp(days: -joinedDaysAgo),
                expiresInDays.map { stamp(days: $0) },
                active ? 1 : 0,
                lastVisit.map(timestamp),
                stamp(days: -joinedDaysAgo),
            ])
            try insertMember.execute()
            counts.members += 1

            // Conversations with the kiosks: more of them recently, darker for unhappy members.
            let sessionCount = active ? random.int(0...8) + (unhappy ? 7 : 0) : random.int(0...3)
            let horizon = max(1, min(dayCount, joinedDaysAgo) - lastDayWithVisits)
            for _ in 0..<sessionCount {
                let recent = unhappy || random.chance(0.6)
                let back = lastDayWithVisits + 1 + (recent ? random.int(0...min(horizon, 85)) : random.int(0...horizon))
                guard back <= dayCount else { continue }
                let day = days[dayCount - back]
                let start = day.midnight - day.offset + (slot + random.int(-60...60)) * 60
                try activity.writeSession(memberID: memberID, start: start, unhappy: unhappy, random: &random, counts: &counts)
            }

            // What the assistant remembers; some facts were given an expiry that has passed.
            if random.chance(0.4) {
                for _ in 0..<random.int(1...2) {
                    let fact = random.pick(DemoVocabulary.facts)
                    let created = random.int(1...max(1, min(dayCount, joinedDaysAgo)))
                    let expires: Int? = random.chance(0.25) ? random.int(-60...120) : nil
                    try activity.writeFact(memberID: memberID, fact: fact, created: stamp(days: -created), expires: expires.map { stamp(days: $0) })
                    counts.facts += 1
                }
            }
        }
    }

    private mutating func drawProfile() -> Profile {
        var draw = random.unit()
        for profile in Profile.allCases {
            draw -= profile.share
            if draw < 0 { return profile }
        }
        return .regular
    }

    // MARK: Formatting

    private func stamp(days: Int) -> String {
        timestamp(Int(until.timeIntervalSince1970) + days * 86_400)
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    static func ascii(_ text: String) -> String {
        text.applyingTransform(.stripDiacritics, reverse: false) ?? text
    }

    static func slug(_ text: String) -> String {
        let folded = ascii(text).lowercased()
        var slug = ""
        for character in folded {
            if character.isASCII && (character.isLetter || character.isNumber) {
                slug.append(character)
            } else if !slug.hasSuffix("-") && !slug.isEmpty {
                slug.append("-")
            }
        }
        return slug.hasSuffix("-") ? String(slug.dropLast()) : slug
    }
}

/// Writes voice sessions with their transcript and summary, and member facts.
private struct ActivityWriter {
    let gymID: Int64
    let kioskIDs: [Int64]
    let insertSession: Statement
    let insertEvent: Statement
    let insertSummary: Statement
    let insertFact: Statement
    var nextSessionID: Int64

    init(db: Database, gymID: Int64, kioskIDs: [Int64]) throws {
        self.gymID = gymID
        self.kioskIDs = kioskIDs
        insertSession = try db.makeStatement(sql: """
            INSERT INTO voice_sessions (id, gym_id, kiosk_id, member_id, started_at, ended_at, session_metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        insertEvent = try db.makeStatement(sql: """
            INSERT INTO conversation_events (session_id, member_id, occurred_at, speaker, content) VALUES (?, ?, ?, ?, ?)
            """)
        insertSummary = try db.makeStatement(sql: """
            INSERT INTO conversation_summaries (session_id, member_id, gym_id, created_at, sentiment, sentiment_score, topics, summary)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertFact = try db.makeStatement(sql: """
            INSERT INTO member_facts (member_id, category, fact, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
            """)
        nextSessionID = gymID * 10_000_000
    }

    mutating func writeSession(
        memberID: Int64,
        start: Int,
        unhappy: Bool,
        random: inout SeededGenerator,
        counts: inout DemoGenerator.Counts
    ) throws {
        nextSessionID += 1
        let sessionID = nextSessionID
        let topic = random.pick(unhappy ? ["équipements", "douches", "résiliation", "affluence", "tarifs"] : DemoVocabulary.topics)
        let exchanges = DemoVocabulary.exchanges[topic]!
        let rounds = random.int(1...3)
        let duration = rounds * random.int(20...70)
        let kioskID = random.pick(kioskIDs)
        let metadata = "{\"language\":\"fr-FR\",\"durationSeconds\":\(duration),\"intent\":\"\(topic)\",\"asr\":\"whisper-small\"}"
        insertSession.setUncheckedArguments([
            sessionID, gymID, kioskID, memberID, timestamp(start), timestamp(start + duration), metadata,
        ])
        try insertSession.execute()
        counts.sessions += 1

        var clock = start
        for _ in 0..<rounds {
            let exchange = random.pick(exchanges)
            for (speaker, text) in [("member", exchange.question), ("assistant", exchange.answer)] {
                clock += random.int(3...25)
                insertEvent.setUncheckedArguments([sessionID, memberID, timestamp(clock), speaker, text])
                try insertEvent.execute()
                counts.events += 1
            }
        }

        let (sentiment, score): (String, Double) = {
            let draw = random.unit()
            if unhappy ? draw < 0.75 : draw < 0.1 { return ("negative", -0.3 - random.unit() * 0.6) }
            if draw < (unhappy ? 0.9 : 0.45) { return ("neutral", -0.1 + random.unit() * 0.3) }
            return ("positive", 0.3 + random.unit() * 0.6)
        }()
        let roundedScore = (score * 100).rounded() / 100
        insertSummary.setUncheckedArguments([
            sessionID, memberID, gymID, timestamp(clock + 5), sentiment, roundedScore,
            "[\"\(topic)\"]", "Échange sur le thème « \(topic) » (\(rounds) question\(rounds > 1 ? "s" : "")).",
        ])
        try insertSummary.execute()
        counts.summaries += 1
    }

    func writeFact(memberID: Int64, fact: (category: String, text: String), created: String, expires: String?) throws {
        insertFact.setUncheckedArguments([memberID, fact.category, fact.text, created, expires])
        try insertFact.execute()
    }
}

/// The database text of an instant given in seconds since 1970.
private func timestamp(_ seconds: Int) -> String {
    Timestamp.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
