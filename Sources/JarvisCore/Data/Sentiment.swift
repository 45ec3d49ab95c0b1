/// The tone of a conversation, as its summary records it (`conversation_summaries.sentiment`).
public enum Sentiment: String, Sendable, Codable, CaseIterable {
    case positive, neutral, negative
}
