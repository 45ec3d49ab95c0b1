/// A secret value (the cron secret, a signing key). It prints as `<redacted>` everywhere, so
/// interpolating it into a log line or an error message cannot leak it; it also shows no
/// children to reflection, so `dump` and the description of a value holding it stay clean.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; read it only where it is compared or used as a key.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
