import JarvisCore

extension Secret {
    /// True when `candidate` is exactly the secret, compared in constant time.
    public func matches(_ candidate: some StringProtocol) -> Bool {
        constantTimeEquals(value, candidate)
    }
}

/// Compares two strings in time that depends on their lengths only, never on how many leading
/// bytes match, so that a wrong guess of a secret or token teaches nothing about the right one.
func constantTimeEquals(_ a: some StringProtocol, _ b: some StringProtocol) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    var difference = UInt8(truncatingIfNeeded: left.count ^ right.count) | (left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
        let x = index < left.count ? left[index] : 0
        let y = index < right.count ? right[index] : 0
        difference |= x ^ y
    }
    return difference == 0
}
