/// A report that cannot be made or read, with the gym and the reason.
public struct WeeklyReportError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
