import CSQLiteSettings
import Foundation
import GRDB

/// The appliance's database: one `DatabaseWriter` for the whole process.
///
/// In production it is a `DatabasePool` on one SQLite file in WAL mode, so readers (HTTP
/// requests, the CLI) never wait for the writer; in tests it is an in-memory
/// `DatabaseQueue`. Every connection has foreign keys on, a busy timeout and
/// `secure_delete`, so that deleted personal data is overwritten in the file.
public struct AppDatabase: Sendable {
    /// The one writer of the process. Private, as in GRDB's demo: every query lives in a use
    /// case of JarvisCore, which reaches it through the methods below.
    private let writer: any DatabaseWriter

    /// How long a connection waits for another one's write lock before failing.
    public static let busyTimeout: TimeInterval = 5

    /// Wraps a writer and migrates it to the current schema.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    private init(unmigrated writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// How a command may open the database file.
    public enum Access: Sendable {
        /// Create the file if it is missing and migrate it to this binary's schema: `jarvis
        /// serve`, `jarvis demo` and `jarvis db migrate` only.
        case createOrMigrate
        /// The file must exist at this binary's schema version; nothing is created or migrated.
        case existing
        /// The file must exist, at this binary's schema version or an older one, and is left as
        /// it is: checking or backing up a file before migrating it.
        case existingAsIs
    }

    /// Opens the database file at `path`. With `.createOrMigrate` a missing file is created
    /// (mode 0600) and an older schema migrated; with `.existing` a missing file, or one of
    /// another schema version, is refused with a message that says what to run. A schema newer
    /// than this binary's is refused either way, naming both versions.
    public static func open(path: String, access: Access = .createOrMigrate) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let fileManager = FileManager.default
        let directory = url.deletingLastPathComponent().path
        guard fileManager.fileExists(atPath: path) else {
            guard access == .createOrMigrate else {
                throw JarvisError(
                    .unusableDatabase,
                    "no database at \(path); give its path with --db or JARVIS_DB, or create it with `jarvis db migrate`",
                    field: "db"
                )
            }
            guard fileManager.fileExists(atPath: directory) else {
                throw JarvisError(.unusableDatabase, "cannot open the database \(path): its folder \(directory) does not exist", field: "db")
            }
            // Created empty here, owner-only, so SQLite (which gives the -wal and -shm files the
            // main file's permissions) never creates a world-readable copy of personal data.
            guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw JarvisError(.unusableDatabase, "cannot open the database \(path): the file cannot be created", field: "db")
            }
            return try open(existingFile: path, access: access)
        }
        return try open(existingFile: path, access: access)
    }

    private static func open(existingFile path: String, access: Access) throws -> AppDatabase {
        do {
            let database = AppDatabase(unmigrated: try DatabasePool(path: path, configuration: configuration()))
            let applied = try database.writer.read { db in try migrator.appliedIdentifiers(db) }
            let known = Set(migrator.migrations)
            if !applied.isSubset(of: known) {
                throw JarvisError(
                    .unusableDatabase,
                    "the database \(path) has schema version \(applied.count), newer than this binary's \(latestSchemaVersion): use a newer jarvis",
                    field: "db"
                )
            }
            if applied.count < known.count, access != .existingAsIs {
                guard access == .createOrMigrate else {
                    throw JarvisError(
                        .unusableDatabase,
                        "the database \(path) has schema version \(applied.count) and this binary expects \(latestSchemaVersion): run `jarvis db migrate` first",
                        field: "db"
                    )
                }
                try migrator.migrate(database.writer)
            }
            return database
        } catch let error as JarvisError {
            throw error
        } catch let error as DatabaseError {
            throw JarvisError(.unusableDatabase, "cannot open the database \(path): \(error.message ?? "\(error.resultCode)")", field: "db")
        } catch {
            throw JarvisError(.unusableDatabase, "cannot open the database \(path): \(error)", field: "db")
        }
    }

    /// A private in-memory database, migrated, for tests and previews.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    // MARK: Access for the use cases

    /// A read transaction: a snapshot that writers do not block (WAL).
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.read(value)
    }

    /// A write transaction: committed before it returns, or rolled back if `updates` throws.
    func write<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.write(updates)
    }

    /// The writer's connection outside a transaction, for bulk work that commits in batches.
    func writeWithoutTransaction<T: Sendable>(_ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction(updates)
    }

    /// The same, blocking the calling thread: for synchronous code (tests, set-up).
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try writer.read(value)
    }

    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try writer.write(updates)
    }

    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) rethrows -> T {
        try writer.writeWithoutTransaction(updates)
    }

    /// A write transaction that does not wait: `completion` runs once it has committed or failed.
    func asyncWrite<T: Sendable>(
        _ updates: @escaping @Sendable (Database) throws -> T,
        completion: @escaping @Sendable (Database, Result<T, any Error>) -> Void
    ) {
        writer.asyncWrite(updates, completion: completion)
    }

    /// A read outside any transaction (`VACUUM INTO` refuses to run inside one).
    func unsafeRead<T>(_ value: (Database) throws -> T) throws -> T {
        try writer.unsafeRead(value)
    }

    /// Frees the memory the pool's connections hold (after a bulk load).
    func releaseMemory() {
        (writer as? DatabasePool)?.releaseMemory()
    }

    /// Closes the file's connections; the value must not be used afterwards.
    func close() throws {
        try (writer as? DatabasePool)?.close()
    }

    /// SQLite's process-wide settings (see `jarvis_sqlite_configure`), applied once, before
    /// the first connection.
    private static let processSettings: Void = { _ = jarvis_sqlite_configure() }()

    /// The settings every connection gets.
    static func configuration() -> Configuration {
        processSettings
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            // Only takes effect on a new, empty file, where it must come before WAL mode:
            // lets the cleanup job hand freed pages back to the file system.
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            }
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return configuration
    }
}
