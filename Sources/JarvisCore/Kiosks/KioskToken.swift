import Crypto
import Foundation

/// A kiosk's bearer token: issued once, shown once, stored only as its SHA-256 hash.
///
/// A token is 32 random bytes as 64 hex digits, like the cron secret. The database keeps
/// `kiosks.token_hash`, the lowercase hex SHA-256 of the token's text: a stolen copy of the file
/// cannot be replayed, and checking a presented token needs one hash and one comparison.
public enum KioskToken {
    /// A new random token.
    public static func generate() -> Secret {
        CronSecretFile.randomSecret()
    }

    /// The lowercase hex SHA-256 of a token, as stored in `kiosks.token_hash`.
    public static func hash(_ token: Secret) -> String {
        hash(token.value)
    }

    /// The lowercase hex SHA-256 of a presented bearer.
    static func hash(_ token: String) -> String {
        let digest = SHA256.hash(data: Array(token.utf8))
        var hex: [UInt8] = []
        hex.reserveCapacity(2 * SHA256.byteCount)
        for byte in digest {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Compares two hashes in time that depends on their lengths only, never on where they
    /// first differ, so that timing tells an attacker nothing about a stored hash.
    static func hashesMatch(_ presented: String, _ stored: String) -> Bool {
        let left = Array(presented.utf8)
        let right = Array(stored.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? left[index] : 0
            let b = index < right.count ? right[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    /// What a presented token is compared with when its kiosk does not exist or has no token,
    /// so that the answer takes the same time as a wrong token of a real kiosk.
    static let unmatchableHash = String(repeating: "-", count: 64)
}
