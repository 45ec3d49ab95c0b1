import Foundation
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Configuration")
struct AppConfigurationTests {
    private static let system = TimeZone(identifier: "Asia/Tokyo")!

    private func resolve(
        _ flags: AppConfiguration.Flags = .init(),
        _ environment: [String: String] = [:]
    ) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration.resolve(flags: flags, environment: environment, systemTimeZone: Self.system)
    }

    @Test func defaultsAreLoopbackPort8080JarvisDBAndTheSystemZone() throws {
        let configuration = try resolve()
        #expect(configuration.databasePath == "./jarvis.db")
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.timeZone.identifier == "Asia/Tokyo")
        #expect(configuration.publicURL == "http://127.0.0.1:8080")
        #expect(configuration.qstashCurrentSigningKey == nil)
        #expect(configuration.qstashNextSigningKey == nil)
        // The default secret file sits beside ./jarvis.db, in the folder the tests run in.
        if FileManager.default.fileExists(atPath: "jarvis.secret") {
            #expect(configuration.cronSecret != nil)
        } else {
            #expect(configuration.cronSecret == nil)
            #expect(configuration.cronSecretSource == nil)
        }
    }

    @Test func environmentReplacesDefaults() throws {
        let configuration = try resolve(
            .init(),
            [
                "JARVIS_DB": "/srv/jarvis/site.db", "JARVIS_HOST": "0.0.0.0", "JARVIS_PORT": "9090",
                "JARVIS_TIMEZONE": "Europe/Paris", "JARVIS_PUBLIC_URL": "https://jarvis.example.fr/",
                "QSTASH_CURRENT_SIGNING_KEY": "sig_current_0123456789", "QSTASH_NEXT_SIGNING_KEY": "sig_next_0123456789ab",
            ]
        )
        #expect(configuration.databasePath == "/srv/jarvis/site.db")
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9090)
        #expect(configuration.timeZone.identifier == "Europe/Paris")
        #expect(configuration.publicURL == "https://jarvis.example.fr", "the trailing slash goes")
        #expect(configuration.qstashCurrentSigningKey?.value == "sig_current_0123456789")
        #expect(configuration.qstashNextSigningKey?.value == "sig_next_0123456789ab")
    }

    @Test func aFlagWinsOverItsEnvironmentVariable() throws {
        let configuration = try resolve(
            .init(databasePath: "/tmp/flag.db", host: "::1", port: "7070", timeZone: "America/Martinique"),
            ["JARVIS_DB": "/tmp/env.db", "JARVIS_HOST": "0.0.0.0", "JARVIS_PORT": "9090", "JARVIS_TIMEZONE": "Europe/Paris"]
        )
        #expect(configuration.databasePath == "/tmp/flag.db")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7070)
        #expect(configuration.timeZone.identifier == "America/Martinique")
        #expect(configuration.publicURL == "http://[::1]:7070")
    }

    @Test func aConfigurationMadeInCodeBracketsAnIPv6HostInItsPublicURL() {
        let configuration = AppConfiguration(host: "::1", port: 9000, timeZone: Self.system)
        #expect(configuration.publicURL == "http://[::1]:9000")
    }

    @Test func aFlagWinsEvenWhenTheEnvironmentValueIsInvalid() throws {
        let configuration = try resolve(.init(port: "8443"), ["JARVIS_PORT": "abc"])
        #expect(configuration.port == 8443)
    }

    struct BadSetting: Sendable, CustomTestStringConvertible {
        var flags = AppConfiguration.Flags()
        var environment: [String: String] = [:]
        var setting: String
        var testDescription: String {
            "\(setting): \(flags.port ?? flags.timeZone ?? flags.host ?? flags.databasePath ?? environment.values.first ?? "")"
        }
    }

    @Test(arguments: [
        BadSetting(environment: ["JARVIS_PORT": "abc"], setting: "JARVIS_PORT"),
        BadSetting(environment: ["JARVIS_PORT": "0"], setting: "JARVIS_PORT"),
        BadSetting(flags: .init(port: "0"), setting: "--port"),
        BadSetting(flags: .init(port: "70000"), setting: "--port"),
        BadSetting(flags: .init(port: "80 80"), setting: "--port"),
        BadSetting(environment: ["JARVIS_TIMEZONE": "Mars/Olympus"], setting: "JARVIS_TIMEZONE"),
        BadSetting(flags: .init(timeZone: "Mars/Olympus"), setting: "--timezone"),
        BadSetting(flags: .init(timeZone: ""), setting: "--timezone"),
        BadSetting(flags: .init(databasePath: ""), setting: "--db"),
        BadSetting(environment: ["JARVIS_DB": "  "], setting: "JARVIS_DB"),
        BadSetting(flags: .init(host: "bad host"), setting: "--host"),
        BadSetting(environment: ["JARVIS_HOST": "exa_mple.fr"], setting: "JARVIS_HOST"),
        BadSetting(environment: ["JARVIS_HOST": ""], setting: "JARVIS_HOST"),
        BadSetting(environment: ["JARVIS_PUBLIC_URL": "jarvis.example.fr"], setting: "JARVIS_PUBLIC_URL"),
        BadSetting(environment: ["JARVIS_PUBLIC_URL": "ftp://jarvis.example.fr"], setting: "JARVIS_PUBLIC_URL"),
        BadSetting(environment: ["QSTASH_CURRENT_SIGNING_KEY": "sig_short"], setting: "QSTASH_CURRENT_SIGNING_KEY"),
        BadSetting(environment: ["QSTASH_NEXT_SIGNING_KEY": "sig with spaces inside"], setting: "QSTASH_NEXT_SIGNING_KEY"),
    ])
    func aBadValueIsRejectedNamingTheSettingAsGiven(_ bad: BadSetting) {
        let error = #expect(throws: ConfigurationError.self) { try resolve(bad.flags, bad.environment) }
        #expect(error?.setting == bad.setting)
        #expect(error?.description.hasPrefix(bad.setting + ": ") == true)
    }

    @Test func aRejectedSigningKeyIsNotRepeatedInTheError() throws {
        let key = "sig_short"
        let error = try #require(throws: ConfigurationError.self) {
            try resolve(.init(), ["QSTASH_CURRENT_SIGNING_KEY": key])
        }
        #expect(!error.description.contains(key))
    }

    // MARK: The cron secret

    @Test func cronSecretComesFromTheEnvironmentFirst() throws {
        let folder = try TemporaryFolder()
        try "from-default-file\n".write(toFile: folder.file("site.secret"), atomically: true, encoding: .utf8)
        try "from-secret-file\n".write(toFile: folder.file("other"), atomically: true, encoding: .utf8)
        let configuration = try resolve(
            .init(databasePath: folder.file("site.db")),
            [
                "CRON_SECRET": "from-environment", "CRON_SECRET_FILE": folder.file("other"),
            ]
        )
        #expect(configuration.cronSecret?.value == "from-environment")
        #expect(configuration.cronSecretSource == "the environment variable CRON_SECRET")
    }

    @Test func cronSecretComesFromCronSecretFileWithoutItsNewline() throws {
        let folder = try TemporaryFolder()
        try "from-default-file\n".write(toFile: folder.file("site.secret"), atomically: true, encoding: .utf8)
        try "  from-secret-file\n".write(toFile: folder.file("other"), atomically: true, encoding: .utf8)
        let configuration = try resolve(.init(databasePath: folder.file("site.db")), ["CRON_SECRET_FILE": folder.file("other")])
        #expect(configuration.cronSecret?.value == "from-secret-file")
        #expect(configuration.cronSecretSource == folder.file("other"))
    }

    @Test func cronSecretComesFromTheFileBesideTheDatabase() throws {
        let folder = try TemporaryFolder()
        try "from-default-file\n".write(toFile: folder.file("site.secret"), atomically: true, encoding: .utf8)
        let configuration = try resolve(.init(databasePath: folder.file("site.db")))
        #expect(configuration.cronSecret?.value == "from-default-file")
        #expect(configuration.cronSecretSource == folder.file("site.secret"))
    }

    @Test func anEmptyCronSecretCountsAsUnset() throws {
        let folder = try TemporaryFolder()
        let alone = try resolve(.init(databasePath: folder.file("site.db")), ["CRON_SECRET": ""])
        #expect(alone.cronSecret == nil)
        #expect(alone.cronSecretSource == nil)

        try "from-default-file\n".write(toFile: folder.file("site.secret"), atomically: true, encoding: .utf8)
        let withFile = try resolve(.init(databasePath: folder.file("site.db")), ["CRON_SECRET": ""])
        #expect(withFile.cronSecret?.value == "from-default-file")
    }

    @Test(arguments: ["missing", "empty"])
    func aCronSecretFileThatCannotBeUsedIsAnErrorNamingCronSecretFile(_ kind: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.file("secret")
        if kind == "empty" { try "\n".write(toFile: path, atomically: true, encoding: .utf8) }
        let error = try #require(throws: ConfigurationError.self) {
            try resolve(.init(databasePath: folder.file("site.db")), ["CRON_SECRET_FILE": path])
        }
        #expect(error.setting == "CRON_SECRET_FILE")
        #expect(error.reason.contains(path))
    }

    @Test(arguments: [
        ("/var/lib/jarvis/jarvis.db", "/var/lib/jarvis/jarvis.secret"),
        ("/srv/my.site.db", "/srv/my.site.secret"),
        ("/srv/site", "/srv/site.secret"),
    ])
    func theDefaultSecretFileIsTheDatabaseNameWithSecret(_ database: String, _ secret: String) {
        #expect(CronSecretFile.defaultPath(forDatabase: database) == secret)
    }
}
