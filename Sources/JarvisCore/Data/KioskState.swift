/// A kiosk's state (`kiosks.status`).
public enum KioskState: String, Sendable, Codable, CaseIterable {
    case provisioning, online, offline, maintenance, error
}
