/// The appliance's version, reported by `/api/health` and `jarvis --version`.
public enum JarvisVersion {
    public static let current = "0.1.0"
}
