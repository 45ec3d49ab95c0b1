/// Whether a gym is in use (`gyms.status`).
public enum GymStatus: String, Sendable, Codable, CaseIterable {
    case active, inactive
}
