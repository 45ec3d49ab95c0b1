/// Who said a transcript line (`conversation_events.speaker`).
public enum Speaker: String, Sendable, Codable, CaseIterable {
    case member, assistant
}
