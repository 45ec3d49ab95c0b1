import Foundation
import JarvisTestSupport
import Testing

@testable import JarvisCore

@Suite("Secrets")
struct SecretTests {
    private static let value = "s3cr3t-value-that-must-not-leak"

    @Test func aSecretPrintsRedactedEverywhere() {
        let secret = Secret(Self.value)
        var dumped = ""
        dump(secret, to: &dumped)
        let renderings = [
            secret.description, secret.debugDescription, "\(secret)", String(describing: secret),
            String(reflecting: secret), "\([secret])", "\(Optional(secret) as Any)", dumped,
        ]
        for text in renderings {
            #expect(!text.contains(Self.value), "\(text)")
        }
        #expect("\(secret)" == "<redacted>")
        #expect(secret.value == Self.value)
    }

    @Test func aConfigurationHoldingSecretsDoesNotShowThem() {
        var configuration = AppConfiguration(timeZone: TimeZone(identifier: "UTC")!, cronSecret: Secret(Self.value))
        configuration.qstashCurrentSigningKey = Secret(Self.value + "-current")
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!"\(configuration)".contains(Self.value))
        #expect(!String(reflecting: configuration).contains(Self.value))
        #expect(!dumped.contains(Self.value))
    }

    @Test func generateWritesAnOwnerOnlyFileOf64HexDigits() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.secret")
        let secret = try CronSecretFile.generate(at: path)

        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == secret.value + "\n")
        #expect(secret.value.count == 64)
        #expect(secret.value.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(CronSecretFile.permissions(of: path) == 0o600)
    }

    @Test func generateRefusesToReplaceAnExistingFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("site.secret")
        try "already here\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ConfigurationError.self) { try CronSecretFile.generate(at: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "already here\n")
    }

    @Test func randomSecretsAre64HexDigitsAndDiffer() {
        let secrets = (0..<20).map { _ in CronSecretFile.randomSecret().value }
        #expect(Set(secrets).count == 20)
        #expect(secrets.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }
}
