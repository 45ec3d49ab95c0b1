import Crypto
import Foundation

/// Makes `Upstash-Signature` tokens as the hosted cron service does: HS256 JWTs whose `body`
/// claim is the base64url SHA-256 of the request body (with its `=` padding, as the service
/// writes it).
public enum UpstashToken {
    public static func make(
        key: String,
        url: String,
        body: String,
        issuedAt: Date,
        lifetime: TimeInterval = 300,
        issuer: String = "Upstash",
        algorithm: String = "HS256"
    ) -> String {
        let header = #"{"alg":"\#(algorithm)","typ":"JWT"}"#
        let bodyHash = Data(SHA256.hash(data: Data(body.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let now = Int(issuedAt.timeIntervalSince1970)
        let claims = """
            {"iss":"\(issuer)","sub":"\(url)","exp":\(now + Int(lifetime)),"nbf":\(now),"iat":\(now),"jti":"jwt_\(now)","body":"\(bodyHash)"}
            """
        return sign(header: encode(Data(header.utf8)), claims: claims, key: key)
    }

    /// Signs `claims` (JSON text) under an already encoded header.
    public static func sign(header encodedHeader: String, claims: String, key: String) -> String {
        let signingInput = encodedHeader + "." + encode(Data(claims.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return signingInput + "." + encode(Data(signature))
    }

    public static func encode(_ data: Data) -> String {
        var text = data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
