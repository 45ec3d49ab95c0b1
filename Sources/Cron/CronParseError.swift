/// Why a text is not a cron expression Debian cron would accept.
///
/// The description names the field, the offending value and what is accepted, e.g.
/// `minute: 61 is out of range 0-59`. It is meant to be shown to people as is.
public struct CronParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field the problem is in.
    public let field: CronField
    /// The offending text: a list element, a number or a name (possibly the whole expression).
    public let value: String
    /// What is wrong and what is accepted, phrased to follow the value.
    public let reason: String

    public init(field: CronField, value: String, reason: String) {
        self.field = field
        self.value = value
        self.reason = reason
    }

    /// `minute: 61 is out of range 0-59`; the value is quoted when it is empty or holds
    /// spaces or characters outside printable ASCII.
    public var description: String {
        "\(field.rawValue): \(Self.display(value)) \(reason)"
    }

    private static func display(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        if plain { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\t": quoted += "\\t"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
