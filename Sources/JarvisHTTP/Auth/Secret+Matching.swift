import JarvisCore

extension Secret {
    /// True when `candidate` is exactly the secret, compared in constant time: the time taken
    /// depends on the lengths only, never on how many leading bytes match, so a caller cannot
    /// guess the secret byte by byte from response times.
    public func matches(_ candidate: some StringProtocol) -> Bool {
        let expected = Array(value.utf8)
        let given = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: expected.count ^ given.count)
        difference |= expected.count == given.count ? 0 : 1
        for index in 0..<max(expected.count, given.count) {
            let left = index < expected.count ? expected[index] : 0
            let right = index < given.count ? given[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
