import Foundation
import GRDB

/// `jarvis import ENTITY FILE`: a file of one entity (docs/data-format.md) upserted row by
/// row, all or nothing, beside a running server.
///
/// The file is read twice, in constant memory. The first pass parses and checks every row
/// against the database and the file's earlier rows, writing nothing: the first bad row stops
/// the import, named by its line and field, and nothing of the file is written. The second
/// pass writes, in short transactions of ``batchSize`` rows, so that the server's own writes
/// (heartbeats, check-ins, jobs) wait a few milliseconds, never the whole import. Upserts by
/// key make the import idempotent: the same file twice changes nothing the second time.
///
/// Only a change made by someone else between the passes (a gym removed meanwhile) can stop
/// the second pass; the error then says so and how many rows were written, and running the
/// import again once fixed completes it, since every row is an upsert.
public struct DataImporter: Sendable {
    /// Rows per write transaction: about 20 to 50 ms of writing.
    public static let batchSize = 5_000
    /// The writer's page cache during the second pass, in KiB.
    static let cacheKiB = 256 * 1024
    /// Rows between two progress reports.
    public static let progressInterval = 100_000

    private let database: AppDatabase
    private let clock: any WallClock

    init(database: AppDatabase, clock: any WallClock) {
        self.database = database
        self.clock = clock
    }

    /// Where the import stands: `phase` is `.checking` during the first pass, `.writing`
    /// during the second, with the rows done so far (and, when writing, the file's total).
    public struct Progress: Sendable, Equatable {
        public enum Phase: String, Sendable { case checking, writing }
        public var phase: Phase
        public var rows: Int
        public var total: Int?
    }

    /// What an import did.
    public struct Summary: Sendable, Equatable, Codable {
        public var entity: DataEntity
        public var rows = 0
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        /// True when only the checks ran.
        public var dryRun: Bool
    }

    /// Imports the file at `path`, read as `format`. With `dryRun` only the first pass runs.
    /// `progress` is called every ``progressInterval`` rows and at the end of each pass.
    public func importFile(
        _ entity: DataEntity,
        path: String,
        format: DataFormat,
        dryRun: Bool = false,
        progress: (Progress) -> Void = { _ in }
    ) throws -> Summary {
        try importRows(entity, entity.record, path: path, format: format, dryRun: dryRun, progress: progress)
    }

    private func importRows<Record: DataRecord>(
        _ entity: DataEntity,
        _: Record.Type,
        path: String,
        format: DataFormat,
        dryRun: Bool,
        progress: (Progress) -> Void
    ) throws -> Summary {
        let now = clock.now
        var summary = Summary(entity: entity, dryRun: dryRun)

        // First pass: every row parsed and checked, nothing written.
        let references = DataReferences()
        var claims: [String: String] = [:]
        summary.rows = try forEachBatch(path: path, format: format) { batch in
            try database.read { db in
                for (line, fields) in batch {
                    try Self.naming(line: line) {
                        let record = try Record(fields: fields, now: now)
                        try record.claim(within: &claims)
                        try record.check(db, references: references)
                    }
                }
            }
        } progress: { rows in
            progress(Progress(phase: .checking, rows: rows))
        }
        claims = [:]
        guard !dryRun else { return summary }

        // Second pass: the same rows written, a batch per transaction, with a page cache large
        // enough for the indexes being filled (SQLite's default 2 MB makes every insert into a
        // large index read its pages from the file again); the default is back at the end.
        references.removeAll()
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)") }
        defer { try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -2000") } }
        var written = 0
        let total = summary.rows
        _ = try forEachBatch(path: path, format: format) { batch in
            let outcomes = try database.write { db in
                var outcomes: [UpsertOutcome] = []
                outcomes.reserveCapacity(batch.count)
                for (line, fields) in batch {
                    try Self.naming(line: line, written: written) {
                        outcomes.append(try Record(fields: fields, now: now).upsert(db, references: references))
                    }
                }
                return outcomes
            }
            for outcome in outcomes {
                switch outcome {
                case .inserted: summary.inserted += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                }
            }
            written += outcomes.count
        } progress: { rows in
            progress(Progress(phase: .writing, rows: rows, total: total))
        }
        return summary
    }

    /// Reads the file's rows in batches of ``batchSize`` and hands each to `body`; returns the
    /// number of rows.
    private func forEachBatch(
        path: String,
        format: DataFormat,
        _ body: ([(Int, any FieldSource)]) throws -> Void,
        progress: (Int) -> Void
    ) throws -> Int {
        let handle = try Self.open(path)
        defer { try? handle.close() }
        switch format {
        case .csv:
            var reader = try CSVReader(handle)
            return try forEachBatch(&reader, body, progress: progress)
        case .ndjson:
            var reader = try NDJSONReader(handle)
            return try forEachBatch(&reader, body, progress: progress)
        }
    }

    private func forEachBatch<Reader: DataRowReader>(
        _ reader: inout Reader,
        _ body: ([(Int, any FieldSource)]) throws -> Void,
        progress: (Int) -> Void
    ) throws -> Int {
        var rows = 0
        var batch: [(Int, any FieldSource)] = []
        batch.reserveCapacity(Self.batchSize)
        while let (line, fields) = try reader.next() {
            batch.append((line, fields))
            if batch.count == Self.batchSize {
                try body(batch)
                rows += batch.count
                batch.removeAll(keepingCapacity: true)
                if rows % Self.progressInterval == 0 { progress(rows) }
            }
        }
        if !batch.isEmpty { try body(batch) }
        rows += batch.count
        progress(rows)
        return rows
    }

    static func open(_ path: String) throws -> FileHandle {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw JarvisError.invalid("file", "cannot read \(path): no such file or no permission")
        }
        return handle
    }

    /// Runs `body` for the row starting on `line`, its error prefixed with the line (and, in
    /// the second pass, with what was written before it).
    private static func naming(line: Int, written: Int? = nil, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            var failure = JarvisError(wrapping: error)
            if failure.details["line"] == nil {
                var details = failure.details
                details["line"] = .int(line)
                failure = JarvisError(failure.code, "line \(line): \(failure.message)", field: failure.field, details: details)
            }
            if let written {
                failure = JarvisError(
                    failure.code,
                    "\(failure.message); the database changed since the rows were checked: the \(written) rows before were written, "
                        + "and importing the file again once fixed writes the rest",
                    field: failure.field,
                    details: failure.details
                )
            }
            throw failure
        }
    }
}
