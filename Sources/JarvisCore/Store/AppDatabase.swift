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
    /// The writer every use case goes through: one `write { }` transaction per use case.
    public let writer: any DatabaseWriter

    /// How long a connection waits for another one's write lock before failing.
    public static let busyTimeout: TimeInterval = 5

    /// Wraps a writer and migrates it to the current schema.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating it with mode 0600 if needed) the database file at `path`.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        let fileManager = FileManager.default
        let directory = url.deletingLastPathComponent().path
        guard fileManager.fileExists(atPath: directory) else {
            throw StoreError(.cannotOpen, path: path, reason: "its folder \(directory) does not exist")
        }
        if !fileManager.fileExists(atPath: path) {
            // Created empty here, owner-only, so SQLite (which gives the -wal and -shm files the
            // main file's permissions) never creates a world-readable copy of personal data.
            guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError(.cannotOpen, path: path, reason: "the file cannot be created")
            }
        }
        do {
            return try AppDatabase(DatabasePool(path: path, configuration: configuration()))
        } catch let error as DatabaseError {
            throw StoreError(.cannotOpen, path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }

    /// A private in-memory database, migrated, for tests and previews.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
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
