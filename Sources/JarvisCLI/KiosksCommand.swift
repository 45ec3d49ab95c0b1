import ArgumentParser
import Foundation
import JarvisCore

/// `jarvis kiosks [list | add | rotate-token]`: the kiosks and their heartbeat tokens.
public struct KiosksCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kiosks",
        abstract: "List the kiosks, add one with its token, give one a new token, set one in or out of maintenance, or remove one.",
        subcommands: [List.self, Add.self, RotateToken.self, Maintenance.self, Remove.self],
        defaultSubcommand: List.self
    )

    public init() {}

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the kiosks with their status and last heartbeat (never their tokens).")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only the kiosks of this gym (its slug).") var gym: String?
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let kiosks = try await ProcessSettings.appliance(store: store).kiosks.list(gym: gym)
            if output.json { return try JSONOutput.print(["kiosks": kiosks]) }
            let rows = kiosks.map { kiosk in
                [
                    kiosk.slug, kiosk.gymSlug, kiosk.status,
                    kiosk.lastHeartbeat.map(Timestamp.string(from:)) ?? "never",
                    kiosk.softwareVersion ?? "", kiosk.hasToken ? "issued" : "none", kiosk.name,
                ]
            }
            print(TextTable.render(["SLUG", "GYM", "STATUS", "LAST HEARTBEAT", "VERSION", "TOKEN", "NAME"], rows))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a kiosk to a gym and print its bearer token, once, on standard output.",
            discussion:
                "Only the token's SHA-256 hash is stored: copy the token into the kiosk's settings now. The kiosk starts in status provisioning."
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "The gym's slug.") var gym: String
        @Option(help: "The kiosk's name, e.g. \"Accueil\".") var name: String
        @Option(help: "The kiosk's slug (default: the gym's slug and the name's, e.g. paris-bastille-accueil).") var slug: String?

        func run() async throws {
            let issued = try await ProcessSettings.appliance(store: store).kiosks.add(gym: gym, name: name, slug: slug)
            KiosksCommand.hand(issued, note: "added kiosk \(issued.kiosk.slug) to gym \(issued.kiosk.gymSlug)")
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token",
            abstract: "Give a kiosk a new bearer token and print it, once; the old one is refused from then on."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The kiosk's slug.") var slug: String

        func run() async throws {
            let issued = try await ProcessSettings.appliance(store: store).kiosks.rotateToken(slug: slug)
            KiosksCommand.hand(issued, note: "new token for kiosk \(issued.kiosk.slug); the previous one no longer works")
        }
    }

    struct Maintenance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "on: take a kiosk out of service; off: put it in service (offline until its heartbeats set it online).",
            discussion: "off also puts a new (provisioning) kiosk in service; the kiosk health job then sets its status."
        )

        enum Switch: String, ExpressibleByArgument, CaseIterable { case on, off }

        @OptionGroup var store: StoreOptions
        @Argument(help: "The kiosk's slug.") var slug: String
        @Argument(help: "on or off.") var state: Switch
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let kiosk = try await ProcessSettings.appliance(store: store).kiosks.setMaintenance(slug: slug, on: state == .on)
            if output.json { return try JSONOutput.print(["kiosk": kiosk]) }
            print("kiosk \(kiosk.slug): \(kiosk.status)")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a kiosk: its heartbeats and alerts go with it; its voice sessions stay, without a kiosk."
        )

        @OptionGroup var store: StoreOptions
        @Argument(help: "The kiosk's slug.") var slug: String

        func run() async throws {
            try await ProcessSettings.appliance(store: store).kiosks.remove(slug: slug)
            StandardError.print("removed kiosk \(slug)")
        }
    }

    /// The token alone on standard output (so that `TOKEN=$(jarvis kiosks add ...)` works), and
    /// what happened on standard error.
    static func hand(_ issued: IssuedKioskToken, note: String) {
        StandardError.print("\(note); its bearer token is shown once, below, and stored only hashed")
        print(issued.token.value)
    }
}
