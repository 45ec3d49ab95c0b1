import Foundation
import JarvisCore

/// A database file in a temporary folder, removed when the value goes away.
public final class TemporaryDatabase: Sendable {
    public let folder: TemporaryFolder
    public let database: AppDatabase
    public var path: String { folder.file("jarvis.db") }

    public init() throws {
        let folder = try TemporaryFolder()
        self.folder = folder
        database = try AppDatabase.open(path: folder.file("jarvis.db"))
    }

    /// A second, independent connection pool on the same file, as another process would have.
    public func reopen() throws -> AppDatabase { try AppDatabase.open(path: path) }
}
