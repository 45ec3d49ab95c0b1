import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Kiosk events")
struct KioskEventsTests {
    /// Two gyms; Lyon has a kiosk, an active member (badge B1), an inactive one (B2) and an
    /// expired one (B3); Paris has a member with badge B1 too.
    struct Site {
        let database: AppDatabase
        let clock = SettableClock()
        let events: KioskEvents
        let kiosk: KioskCredential
        let other: KioskCredential

        init() async throws {
            database = try AppDatabase.inMemory()
            try await database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO gyms (id, slug, name, city, timezone) VALUES (1, 'lyon', 'Lyon', 'Lyon', 'Europe/Paris'),
                            (2, 'paris', 'Paris', 'Paris', 'Europe/Paris');
                        INSERT INTO members (gym_id, external_id, badge_id, first_name, last_name, email, member_since, membership_expires,
                                             is_active, last_visit)
                        VALUES (1, 'm-1', 'B1', 'Ana', 'Durand', 'ana@example.fr', '2026-01-01T00:00:00.000Z', NULL, 1,
                                '2027-03-29T06:00:00.000Z'),
                               (1, 'm-2', 'B2', 'Bob', 'Martin', NULL, '2026-01-01T00:00:00.000Z', NULL, 0, NULL),
                               (1, 'm-3', 'B3', 'Chloé', 'Petit', NULL, '2026-01-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z', 1, NULL),
                               (2, 'p-1', 'B9', 'Dan', 'Roux', NULL, '2026-01-01T00:00:00.000Z', NULL, 1, NULL);
                        """
                )
            }
            let kiosks = KioskStore(database: database, clock: clock)
            let issued = try await kiosks.add(gym: "lyon", name: "Accueil")
            let paris = try await kiosks.add(gym: "paris", name: "Accueil")
            kiosk = KioskCredential(slug: issued.kiosk.slug, bearer: issued.token.value)
            other = KioskCredential(slug: paris.kiosk.slug, bearer: paris.token.value)
            events = KioskEvents(database: database, clock: clock)
        }

        func count(_ table: String) throws -> Int {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")! }
        }

        func lastVisit(_ member: String) throws -> String? {
            try database.read { db in try String.fetchOne(db, sql: "SELECT last_visit FROM members WHERE external_id = ?", arguments: [member]) }
        }
    }

    static func stamp(_ date: Date) -> JSONValue { .string(Timestamp.string(from: date)) }

    @Test func theBadgeLookUpShowsAnActiveMemberOfTheKiosksGymOnly() async throws {
        let site = try await Site()
        let card = try await site.events.lookUp(badge: "B1", kiosk: site.kiosk)
        #expect(card == KioskMemberCard(externalId: "m-1", firstName: "Ana", membershipState: "active", membershipExpires: nil))
        let expired = try await site.events.lookUp(badge: "B3", kiosk: site.kiosk)
        #expect(expired.membershipState == "expired" && expired.membershipExpires == "2027-03-01")
        for badge in ["B2", "B9", "nope", "b1"] {
            await #expect(throws: JarvisError.notFound("Badge non reconnu")) { try await site.events.lookUp(badge: badge, kiosk: site.kiosk) }
        }
        let wrong = KioskCredential(slug: site.kiosk.slug, tokenHash: site.other.tokenHash)
        await #expect(throws: KioskTokenRefused.self) { try await site.events.lookUp(badge: "B1", kiosk: wrong) }
    }

    @Test func aCheckInIsWrittenOnceAndAReplayAnswersTheStoredRow() async throws {
        let site = try await Site()
        let at = site.clock.now.addingTimeInterval(30)
        let body: [String: JSONValue] = ["eventId": "e-1", "badge": "B1", "visitedAt": Self.stamp(at)]
        let first = try await site.events.checkIn(kiosk: site.kiosk, body: body)
        #expect(first.created && first.value == KioskVisit(eventId: "e-1", member: "m-1", visitedAt: Timestamp.string(from: at)))
        // A replay, even with another instant, writes nothing and answers the stored row.
        var replay = body
        replay["visitedAt"] = Self.stamp(at.addingTimeInterval(-30))
        let second = try await site.events.checkIn(kiosk: site.kiosk, body: replay)
        #expect(!second.created && second.value == first.value)
        #expect(try site.count("member_visits") == 1)
        #expect(try site.lastVisit("m-1") == Timestamp.string(from: at))
    }

    @Test func aCheckInMovesLastVisitForwardOnly() async throws {
        let site = try await Site()
        let earlier = Date(timeIntervalSince1970: 1_806_300_000 - 86_400)  // before the stored 06:00
        _ = try await site.events.checkIn(kiosk: site.kiosk, body: ["eventId": "e-old", "member": "m-1", "visitedAt": Self.stamp(earlier)])
        #expect(try site.lastVisit("m-1") == "2027-03-29T06:00:00.000Z")
        _ = try await site.events.checkIn(kiosk: site.kiosk, body: ["eventId": "e-new", "member": "m-1", "visitedAt": Self.stamp(site.clock.now)])
        #expect(try site.lastVisit("m-1") == Timestamp.string(from: site.clock.now))
        #expect(try site.count("member_visits") == 2)
    }

    @Test func anInstantMoreThanFiveMinutesAheadIsRefusedNamingTheKey() async throws {
        let site = try await Site()
        let ahead = site.clock.now.addingTimeInterval(DataRules.futureTolerance + 1)
        do {
            _ = try await site.events.checkIn(kiosk: site.kiosk, body: ["eventId": "e-1", "badge": "B1", "visitedAt": Self.stamp(ahead)])
            Issue.record("accepted")
        } catch let error as JarvisError {
            #expect(error.code == .invalidInput && error.field == "visitedAt" && error.message.hasPrefix("visitedAt:"))
        }
        let within = site.clock.now.addingTimeInterval(DataRules.futureTolerance - 1)
        _ = try await site.events.checkIn(kiosk: site.kiosk, body: ["eventId": "e-2", "badge": "B1", "visitedAt": Self.stamp(within)])
        #expect(try site.count("member_visits") == 1)
    }

    @Test func inactiveAndOtherGymBadgesAreNotCheckedIn() async throws {
        let site = try await Site()
        for badge in ["B2", "B9"] {
            await #expect(throws: JarvisError.notFound("Badge non reconnu")) {
                try await site.events.checkIn(
                    kiosk: site.kiosk,
                    body: ["eventId": .string("e-\(badge)"), "badge": .string(badge), "visitedAt": Self.stamp(site.clock.now)]
                )
            }
        }
        await #expect(throws: JarvisError.self) {
            try await site.events.checkIn(kiosk: site.kiosk, body: ["eventId": "e-p", "member": "p-1", "visitedAt": Self.stamp(site.clock.now)])
        }
        #expect(try site.count("member_visits") == 0)
    }

    @Test func eachEventOfABatchGetsItsOwnVerdict() async throws {
        let site = try await Site()
        let now = Self.stamp(site.clock.now)
        let results = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<200 {
                group.addTask {
                    // Every third event names an unknown member: refused alone.
                    let member = JSONValue.string(index % 3 == 0 ? "unknown" : "m-1")
                    let ok =
                        (try? await site.events.checkIn(
                            kiosk: site.kiosk,
                            body: ["eventId": .string("e-\(index)"), "member": member, "visitedAt": now]
                        )) != nil
                    return (index, ok)
                }
            }
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.value == ($0.key % 3 != 0) })
        #expect(try site.count("member_visits") == 200 - 67)
        #expect(site.events.recorder.committedBatches < 200, "events that arrive during a write share the next transaction")
        #expect(site.events.recorder.largestBatch > 1)
    }

    @Test func aSessionStartsEndsWithItsDurationAndGetsItsTranscriptAndSummary() async throws {
        let site = try await Site()
        let start = site.clock.now.addingTimeInterval(-125)
        let started = try await site.events.startSession(
            kiosk: site.kiosk,
            body: ["sessionId": "s-1", "badge": "B1", "startedAt": Self.stamp(start), "metadata": ["lang": "fr"]]
        )
        #expect(started.created && started.value.member == "m-1" && started.value.endedAt == nil)
        #expect(try await !site.events.startSession(kiosk: site.kiosk, body: ["sessionId": "s-1", "startedAt": Self.stamp(start)]).created)

        let lines: [JSONValue] = (0..<3).map { index in
            [
                "eventId": .string("l-\(index)"), "occurredAt": Self.stamp(start), "speaker": index % 2 == 0 ? "member" : "assistant",
                "content": "Bonjour",
            ]
        }
        #expect(
            try await site.events.recordTranscript(kiosk: site.kiosk, session: "s-1", body: ["lines": .array(lines)])
                == TranscriptBatch(written: 3, replayed: 0)
        )
        #expect(
            try await site.events.recordTranscript(
                kiosk: site.kiosk,
                session: "s-1",
                body: ["lines": .array(lines + [["eventId": "l-9", "occurredAt": Self.stamp(start), "speaker": "member", "content": "Merci"]])]
            ) == TranscriptBatch(written: 1, replayed: 3)
        )

        let ended = try await site.events.endSession(
            kiosk: site.kiosk,
            session: "s-1",
            body: ["endedAt": Self.stamp(site.clock.now), "totalTokens": 420, "metadata": ["rating": 5]]
        )
        #expect(ended.value.durationSeconds == 125 && ended.value.totalTokens == 420)
        #expect(ended.value.metadata == ["lang": "fr", "rating": 5])
        #expect(ended.value.member == "m-1")

        let summary = try await site.events.recordSummary(
            kiosk: site.kiosk,
            session: "s-1",
            body: [
                "eventId": "c-1", "createdAt": Self.stamp(site.clock.now), "sentiment": "positive", "sentimentScore": 0.8,
                "topics": ["cours"], "summary": "Satisfaite",
            ]
        )
        #expect(summary.created && summary.value.member == "m-1" && summary.value.sessionId == "s-1")
        #expect(try site.count("conversation_events") == 4)
        #expect(try site.count("conversation_summaries") == 1)

        // Another gym's kiosk does not see the session.
        await #expect(throws: JarvisError.self) {
            try await site.events.endSession(kiosk: site.other, session: "s-1", body: ["endedAt": Self.stamp(site.clock.now)])
        }
    }

    @Test func aTranscriptBatchWithALineTooLongWritesNothing() async throws {
        let site = try await Site()
        let start = Self.stamp(site.clock.now)
        _ = try await site.events.startSession(kiosk: site.kiosk, body: ["sessionId": "s-1", "startedAt": start])
        let good: JSONValue = ["eventId": "l-0", "occurredAt": start, "speaker": "member", "content": "Bonjour"]
        let long: JSONValue = [
            "eventId": "l-1", "occurredAt": start, "speaker": "member", "content": .string(String(repeating: "a", count: 2_000_000)),
        ]
        do {
            _ = try await site.events.recordTranscript(kiosk: site.kiosk, session: "s-1", body: ["lines": [good, long]])
            Issue.record("accepted")
        } catch let error as JarvisError {
            #expect(error.code == .invalidInput && error.field == "lines[1].content", "\(error)")
        }
        await #expect(throws: JarvisError.self) {
            try await site.events.recordTranscript(kiosk: site.kiosk, session: "s-1", body: ["lines": .array(Array(repeating: good, count: 501))])
        }
        await #expect(throws: JarvisError.self) { try await site.events.recordTranscript(kiosk: site.kiosk, session: "s-1", body: ["lines": []]) }
        #expect(try site.count("conversation_events") == 0)
    }
}
