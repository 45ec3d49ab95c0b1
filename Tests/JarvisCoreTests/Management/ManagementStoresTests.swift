import Foundation
import GRDB
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Management use cases: gyms, members, facts, kiosks")
struct ManagementStoresTests {
    let appliance: Appliance

    init() throws {
        appliance = Appliance.testing(try AppDatabase.inMemory(), clock: SettableClock(Date(timeIntervalSince1970: 1_806_305_400)))
    }

    static func gymFields(_ timezone: String = "Europe/Paris") -> ColumnFields {
        ColumnFields(text: ["name": "Paris Bastille", "timezone": timezone])
    }

    static func memberFields(badge: String = "B1", first: String = "Ana") -> ColumnFields {
        ColumnFields(text: ["badge_id": badge, "first_name": first, "last_name": "Li", "member_since": "2026-01-02", "email": "ana@example.fr"])
    }

    func withGym() async throws {
        _ = try await appliance.gyms.upsert(slug: "paris-bastille", fields: Self.gymFields())
    }

    @Test func aGymIsCreatedThenUnchangedThenUpdated() async throws {
        let created = try await appliance.gyms.upsert(slug: "paris-bastille", fields: Self.gymFields())
        #expect(created.outcome == .inserted)
        #expect(created.resource.openingHours == .string("24/7"))
        #expect(created.resource.status == .active)
        #expect(try await appliance.gyms.upsert(slug: "paris-bastille", fields: Self.gymFields()).outcome == .unchanged)
        let moved = try await appliance.gyms.upsert(slug: "paris-bastille", fields: Self.gymFields("America/Martinique"))
        #expect(moved.outcome == .updated)
        #expect(moved.resource.createdAt == created.resource.createdAt)
        #expect(try await appliance.gyms.list().map(\.timezone) == ["America/Martinique"])
    }

    @Test func aBadZoneAKeyColumnAndAnUnknownGymAreRefusedNamingTheField() async throws {
        let zone = await #expect(throws: JarvisError.self) { try await appliance.gyms.upsert(slug: "x", fields: Self.gymFields("GMT+2")) }
        #expect(zone?.field == "timezone")
        let slug = await #expect(throws: JarvisError.self) {
            try await appliance.gyms.upsert(slug: "x", fields: ColumnFields(text: ["slug": "y", "name": "X", "timezone": "UTC"]))
        }
        #expect(slug?.field == "slug")
        let unknown = await #expect(throws: JarvisError.self) { try await appliance.gyms.gym(slug: "nowhere") }
        #expect(unknown?.code == .notFound)
        #expect(try await appliance.gyms.list().isEmpty, "nothing was written")
    }

    @Test func aMemberIsUpsertedPatchedAndDeactivatedKeepingTheirOtherFields() async throws {
        try await withGym()
        let created = try await appliance.members.upsert(gym: "paris-bastille", externalID: "m1", fields: Self.memberFields())
        #expect(created.outcome == .inserted)
        #expect(created.resource.memberSince == "2026-01-02")
        #expect(try await appliance.members.upsert(gym: "paris-bastille", externalID: "m1", fields: Self.memberFields()).outcome == .unchanged)

        let renamed = try await appliance.members.update(
            gym: "paris-bastille",
            externalID: "m1",
            fields: ColumnFields(["first_name": .json(.string("Anna")), "email": .json(.null)])
        )
        #expect(renamed.firstName == "Anna")
        #expect(renamed.email == nil, "a null clears the field")
        #expect(renamed.badgeId == "B1" && renamed.lastName == "Li" && renamed.isActive)

        let inactive = try await appliance.members.deactivate(gym: "paris-bastille", externalID: "m1")
        #expect(!inactive.isActive)
        #expect(inactive.firstName == "Anna")
    }

    @Test func aDuplicateBadgeIsAConflictOnBadgeIDAndAnUnknownMemberIsNotFound() async throws {
        try await withGym()
        _ = try await appliance.members.upsert(gym: "paris-bastille", externalID: "m1", fields: Self.memberFields())
        let duplicate = await #expect(throws: JarvisError.self) {
            try await appliance.members.upsert(gym: "paris-bastille", externalID: "m2", fields: Self.memberFields(first: "Bo"))
        }
        #expect(duplicate?.code == .conflict)
        #expect(duplicate?.field == "badge_id")
        let missing = await #expect(throws: JarvisError.self) {
            try await appliance.members.update(gym: "paris-bastille", externalID: "m9", fields: ColumnFields())
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.field == "external_id")
        let noGym = await #expect(throws: JarvisError.self) {
            try await appliance.members.list(gym: "nowhere")
        }
        #expect(noGym?.field == "gym")
    }

    @Test func membersArePagedAndFilteredByActivity() async throws {
        try await withGym()
        for index in 1...5 {
            var fields = Self.memberFields(badge: "B\(index)")
            if index.isMultiple(of: 2) { fields.values["is_active"] = .text("false") }
            _ = try await appliance.members.upsert(gym: "paris-bastille", externalID: "m\(index)", fields: fields)
        }
        let first = try await appliance.members.list(gym: "paris-bastille", limit: 2)
        #expect(first.members.map(\.externalId) == ["m1", "m2"])
        let second = try await appliance.members.list(gym: "paris-bastille", cursor: first.nextCursor, limit: 2)
        #expect(second.members.map(\.externalId) == ["m3", "m4"])
        #expect(try await appliance.members.list(gym: "paris-bastille", active: false).members.map(\.externalId) == ["m2", "m4"])
        let limit = await #expect(throws: JarvisError.self) { try await appliance.members.list(gym: "paris-bastille", limit: 0) }
        #expect(limit?.field == "limit")
    }

    @Test func aFactIsUpsertedKeepingItsCreationTimeAndDeleted() async throws {
        try await withGym()
        _ = try await appliance.members.upsert(gym: "paris-bastille", externalID: "m1", fields: Self.memberFields())
        let created = try await appliance.facts.upsert(
            gym: "paris-bastille",
            member: "m1",
            factID: "f1",
            fields: ColumnFields(text: ["category": "goal", "fact": "run 10k"])
        )
        #expect(created.outcome == .inserted)
        #expect(created.resource.createdAt == "2027-03-29T07:30:00.000Z")
        let changed = try await appliance.facts.upsert(
            gym: "paris-bastille",
            member: "m1",
            factID: "f1",
            fields: ColumnFields(text: ["category": "goal", "fact": "run 21k"])
        )
        #expect(changed.outcome == .updated)
        #expect(changed.resource.createdAt == created.resource.createdAt)
        let category = await #expect(throws: JarvisError.self) {
            try await appliance.facts.upsert(
                gym: "paris-bastille",
                member: "m1",
                factID: "f2",
                fields: ColumnFields(text: ["category": "x", "fact": "y"])
            )
        }
        #expect(category?.field == "category")
        try await appliance.facts.delete(gym: "paris-bastille", member: "m1", factID: "f1")
        #expect(try await appliance.facts.list(gym: "paris-bastille", member: "m1").isEmpty)
        let again = await #expect(throws: JarvisError.self) { try await appliance.facts.delete(gym: "paris-bastille", member: "m1", factID: "f1") }
        #expect(again?.code == .notFound)
    }

    @Test func maintenanceOffPutsAProvisioningKioskInServiceAsOfflineAndOnTakesItOut() async throws {
        try await withGym()
        _ = try await appliance.kiosks.add(gym: "paris-bastille", name: "Accueil", slug: "accueil")
        #expect(try await appliance.kiosks.setMaintenance(slug: "accueil", on: false).status == "offline")
        #expect(try await appliance.kiosks.setMaintenance(gym: "paris-bastille", slug: "accueil", on: true).status == "maintenance")
        #expect(try await appliance.kiosks.setMaintenance(slug: "accueil", on: false).status == "offline")
        try await appliance.database.write { db in try db.execute(sql: "UPDATE kiosks SET status = 'online'") }
        #expect(try await appliance.kiosks.setMaintenance(slug: "accueil", on: false).status == "online", "in service already: kept")
        let other = await #expect(throws: JarvisError.self) { try await appliance.kiosks.setMaintenance(gym: "lyon", slug: "accueil", on: true) }
        #expect(other?.code == .notFound)
    }

    @Test func removingAKioskTakesItsHeartbeatsAndKeepsItsSessionsWithoutAKiosk() async throws {
        try await withGym()
        _ = try await appliance.kiosks.add(gym: "paris-bastille", name: "Accueil", slug: "accueil")
        try await appliance.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO kiosk_heartbeats (kiosk_id, received_at) SELECT id, '2027-03-29T07:00:00.000Z' FROM kiosks;
                    INSERT INTO voice_sessions (gym_id, kiosk_id, started_at) SELECT gym_id, id, '2027-03-29T07:00:00.000Z' FROM kiosks;
                    """
            )
        }
        try await appliance.kiosks.remove(gym: "paris-bastille", slug: "accueil")
        let (heartbeats, sessions, kioskless) = try await appliance.database.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT count(*) FROM kiosk_heartbeats")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM voice_sessions")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM voice_sessions WHERE kiosk_id IS NULL")!
            )
        }
        #expect(heartbeats == 0)
        #expect(sessions == 1 && kioskless == 1)
        let again = await #expect(throws: JarvisError.self) { try await appliance.kiosks.remove(slug: "accueil") }
        #expect(again?.code == .notFound)
    }
}
