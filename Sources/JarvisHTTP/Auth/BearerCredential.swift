import Hummingbird

/// The token of an `Authorization: Bearer <token>` header. The scheme is case-insensitive (RFC
/// 9110); the token is taken as it is, so a token with extra spaces does not match its secret.
enum BearerCredential {
    static func token(in request: Request) -> Substring? {
        guard let header = request.headers[.authorization] else { return nil }
        let scheme = "bearer "
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme else { return nil }
        return header.dropFirst(scheme.count)
    }
}
