/// What an upsert use case answers: the row as it is now, and whether it was created, changed
/// or already held these values (the HTTP API answers 201 for a created row, else 200).
public struct Upserted<Resource: Sendable>: Sendable {
    public var resource: Resource
    public var outcome: UpsertOutcome

    public init(_ resource: Resource, _ outcome: UpsertOutcome) {
        self.resource = resource
        self.outcome = outcome
    }

    public var created: Bool { outcome == .inserted }
}

extension Upserted: Equatable where Resource: Equatable {}
