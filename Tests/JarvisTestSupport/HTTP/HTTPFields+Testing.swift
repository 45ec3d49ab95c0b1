import HTTPTypes

extension HTTPFields {
    /// Every field of `lhs`, then every field of `rhs`.
    public static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var merged = lhs
        for field in rhs { merged.append(field) }
        return merged
    }
}

extension HTTPField.Name {
    /// `Prefer` (RFC 7240), as in `Prefer: respond-async`.
    public static var prefer: Self { Self("Prefer")! }
}
