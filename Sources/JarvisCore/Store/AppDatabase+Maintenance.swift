import Foundation
import GRDB

/// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` found.
public struct DatabaseCheckReport: Sendable, Equatable {
    /// The lines of `integrity_check` other than "ok".
    public var integrityProblems: [String]
    /// One line per row that points at a missing parent.
    public var foreignKeyViolations: [String]

    public var isOK: Bool { integrityProblems.isEmpty && foreignKeyViolations.isEmpty }
}

extension AppDatabase {
    /// Checks the file's structure and every foreign key, without blocking writers.
    public func check() throws -> DatabaseCheckReport {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                let table: String = row["table"]
                let rowid: Int64? = row["rowid"]
                let parent: String = row["parent"]
                return "\(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent) row"
            }
            return DatabaseCheckReport(integrityProblems: integrity, foreignKeyViolations: violations)
        }
    }

    /// Writes a consistent copy of the database to `path` (mode 0600) while others keep
    /// reading and writing: `VACUUM INTO` copies one read snapshot, compacted.
    public func backup(to path: String) throws {
        let fileManager = FileManager.default
        if let size = (try? fileManager.attributesOfItem(atPath: path))?[.size] as? Int, size > 0 {
            throw JarvisError(.invalidInput, "backup failed: \(path) already exists; choose a new path", field: "path")
        }
        guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw JarvisError(.invalidInput, "backup failed: \(path) cannot be created", field: "path")
        }
        do {
            try unsafeRead { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [path])
            }
        } catch let error as DatabaseError {
            try? fileManager.removeItem(atPath: path)
            throw JarvisError(wrapping: error)
        }
    }
}
