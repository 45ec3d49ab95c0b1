/// A kiosk request the store refuses, with a message for the operator.
public struct KioskError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case unknownGym = "unknown_gym"
        case unknownKiosk = "unknown_kiosk"
        case invalidName = "invalid_name"
        case invalidSlug = "invalid_slug"
        case duplicateSlug = "duplicate_slug"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
