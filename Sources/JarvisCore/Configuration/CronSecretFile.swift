import Foundation

/// Where the cron secret lives when it is not in the environment: a file readable by its
/// owner only, by default beside the database (`jarvis.db` → `jarvis.secret`).
public enum CronSecretFile {
    /// The secret file that belongs to a database file.
    public static func defaultPath(forDatabase databasePath: String) -> String {
        let url = URL(fileURLWithPath: databasePath)
        let base = url.pathExtension.isEmpty ? url : url.deletingPathExtension()
        return base.path + ".secret"
    }

    /// A new random secret: 32 bytes from the system's cryptographic generator, as 64 hex digits.
    public static func randomSecret() -> Secret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Secret(bytes.map { String(format: "%02x", $0) }.joined())
    }

    /// The configured secret and where it came from: `CRON_SECRET`, else the file named by
    /// `CRON_SECRET_FILE`, else the default file beside the database if it exists.
    /// An empty `CRON_SECRET` counts as unset.
    static func loadConfigured(
        environment: [String: String],
        databasePath: String
    ) throws(ConfigurationError) -> (secret: Secret, source: String)? {
        if let value = environment["CRON_SECRET"], !value.isEmpty {
            return (Secret(value), "the environment variable CRON_SECRET")
        }
        if let path = environment["CRON_SECRET_FILE"], !path.isEmpty {
            return (try read(path, setting: "CRON_SECRET_FILE"), path)
        }
        let path = defaultPath(forDatabase: databasePath)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return (try read(path, setting: "cron secret file"), path)
    }

    /// Creates the secret file with a new random secret, owner-only (0600). Fails rather than
    /// replace an existing file.
    public static func generate(at path: String) throws -> Secret {
        let secret = randomSecret()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError(setting: "cron secret file", reason: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((secret.value + "\n").utf8))
        try handle.close()
        return secret
    }

    /// The permission bits of a secret file, to warn when others can read it.
    public static func permissions(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    private static func read(_ path: String, setting: String) throws(ConfigurationError) -> Secret {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(setting: setting, reason: "cannot read \(path)")
        }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw ConfigurationError(setting: setting, reason: "\(path) is empty")
        }
        return Secret(value)
    }
}
