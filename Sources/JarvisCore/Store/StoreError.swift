/// A failure of the store that an operator can act on, with the file it concerns.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        case cannotOpen = "cannot open the database"
        case checkFailed = "database check failed"
        case backupFailed = "backup failed"
    }

    public let code: Code
    public let path: String
    public let reason: String

    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(code.rawValue) \(path): \(reason)" }
}
