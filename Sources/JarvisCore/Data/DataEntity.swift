/// An entity of the data format (docs/data-format.md), as `jarvis import ENTITY` and
/// `jarvis export ENTITY` name it, with the record that parses, checks and writes its rows.
public enum DataEntity: String, Sendable, CaseIterable, Codable {
    case gyms, members, visits, kiosks, sessions
    case transcriptLines = "transcript-lines"
    case summaries, facts

    /// The record of one row.
    public var record: any DataRecord.Type {
        switch self {
        case .gyms: GymRecord.self
        case .members: MemberRecord.self
        case .visits: VisitRecord.self
        case .kiosks: KioskRecord.self
        case .sessions: SessionRecord.self
        case .transcriptLines: TranscriptLineRecord.self
        case .summaries: SummaryRecord.self
        case .facts: FactRecord.self
        }
    }
}

/// A file format of the data plane.
public enum DataFormat: String, Sendable, CaseIterable, Codable {
    case csv, ndjson

    /// The format a file's extension names (`.csv`; `.ndjson` or `.jsonl`), nil for another.
    public init?(pathExtension: String) {
        switch pathExtension.lowercased() {
        case "csv": self = .csv
        case "ndjson", "jsonl": self = .ndjson
        default: return nil
        }
    }
}
