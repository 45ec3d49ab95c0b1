/// A setting that cannot be used, named as the operator wrote it (`--port`, `JARVIS_PORT`).
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The flag or environment variable, e.g. `JARVIS_PORT`.
    public let setting: String
    /// What is wrong and what is accepted, e.g. `'http' is not a port number (1-65535)`.
    public let reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "\(setting): \(reason)" }
}
