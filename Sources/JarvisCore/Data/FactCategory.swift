/// What kind of thing the assistant learnt about a member (`member_facts.category`).
public enum FactCategory: String, Sendable, Codable, CaseIterable {
    case preference, goal, health, schedule, other
}
