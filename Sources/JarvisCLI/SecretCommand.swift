import ArgumentParser
import JarvisCore

/// `jarvis secret`: prints a new random secret for CRON_SECRET.
public struct SecretCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Print a new random 32-byte hex secret, to use as CRON_SECRET."
    )

    public init() {}

    public func run() {
        print(CronSecretFile.randomSecret().value)
    }
}
