/// A `--week` (or any ISO week text) that could not be read, with what is accepted.
public struct ISOWeekSyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
