import Crypto
import Foundation
import JarvisCore

/// Checks the `Upstash-Signature` header that the hosted cron service sends with each request:
/// an HS256 JWT signed with its current (or, during a key rotation, its next) signing key, whose
/// claims bind it to this endpoint's URL (`sub`), a validity window (`nbf`, `exp`) and the
/// request body (`body`: base64url SHA-256 of the raw bytes; padding ignored).
public struct UpstashSignature: Sendable {
    /// The keys tried in order: the current signing key, then the next.
    public let keys: [Secret]
    /// How far the clocks of the service and the appliance may disagree.
    public let clockTolerance: TimeInterval

    public init(currentKey: Secret?, nextKey: Secret?, clockTolerance: TimeInterval = 60) {
        self.keys = [currentKey, nextKey].compactMap { $0 }
        self.clockTolerance = clockTolerance
    }

    /// Why a token was refused; for tests and debug logs, never sent to the caller.
    public enum Rejection: Error, Equatable, Sendable {
        case noKeyConfigured
        case malformed
        case unsupportedAlgorithm
        case badSignature
        case wrongIssuer
        case wrongSubject
        case expired
        case notYetValid
        case bodyMismatch
    }

    /// Verifies `token` for a request to `url` carrying `body`, at `now`.
    public func verify(_ token: String, url: String, body: some Collection<UInt8>, now: Date) -> Result<Void, Rejection> {
        guard !keys.isEmpty else { return .failure(.noKeyConfigured) }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerData = Self.base64URLDecode(parts[0]),
            let claimsData = Self.base64URLDecode(parts[1]),
            let signature = Self.base64URLDecode(parts[2]),
            let header = JSONValue(jsonText: String(decoding: headerData, as: UTF8.self)),
            let claims = JSONValue(jsonText: String(decoding: claimsData, as: UTF8.self))
        else { return .failure(.malformed) }
        guard header["alg"]?.stringValue == "HS256" else { return .failure(.unsupportedAlgorithm) }

        let signedPart = Data((parts[0] + "." + parts[1]).utf8)
        let signedByAKey = keys.contains { key in
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signedPart, using: SymmetricKey(data: Data(key.value.utf8)))
        }
        guard signedByAKey else { return .failure(.badSignature) }

        guard claims["iss"]?.stringValue == "Upstash" else { return .failure(.wrongIssuer) }
        guard claims["sub"]?.stringValue == url else { return .failure(.wrongSubject) }
        let seconds = now.timeIntervalSince1970
        guard let expiry = claims["exp"]?.doubleValue else { return .failure(.malformed) }
        guard seconds <= expiry + clockTolerance else { return .failure(.expired) }
        if let notBefore = claims["nbf"]?.doubleValue, seconds < notBefore - clockTolerance {
            return .failure(.notYetValid)
        }
        guard let bodyClaim = claims["body"]?.stringValue else { return .failure(.malformed) }
        let digest = Self.base64URLEncode(Data(SHA256.hash(data: Data(body))))
        guard Self.unpadded(bodyClaim) == Self.unpadded(digest) else { return .failure(.bodyMismatch) }
        return .success(())
    }

    // MARK: base64url

    static func base64URLEncode(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    static func base64URLDecode(_ text: Substring) -> Data? {
        // The URL-safe alphabet only: a `+` or `/` means the token was not made for a URL.
        guard !text.contains(where: { $0 == "+" || $0 == "/" }) else { return nil }
        var base64 = unpadded(String(text))
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    private static func unpadded(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("=") { text = text.dropLast() }
        return String(text)
    }
}
