import Foundation
import GRDB

/// The use cases of the run history: listing runs (filtered, paged), one run, the last run of
/// each job, and the runs of a recent period. What `GET /api/runs`, the dashboard's runs page
/// and `jarvis runs` show, from the same queries.
public struct RunHistory: Sendable {
    private let database: AppDatabase
    private let registry: JobRegistry

    public init(database: AppDatabase, registry: JobRegistry) {
        self.database = database
        self.registry = registry
    }

    /// Which runs to list, newest first.
    public struct Query: Sendable, Equatable {
        public var job: String?
        public var status: RunStatus?
        /// Only runs started (or, never started, whose slot falls) at or after this instant.
        public var since: Date?
        public var limit: Int
        /// Only runs older than this run id: the `nextCursor` of the previous page.
        public var cursor: Int64?
        /// Rows skipped after the cursor.
        public var offset: Int

        public static let defaultLimit = 50
        public static let maximumLimit = 500

        public init(
            job: String? = nil,
            status: RunStatus? = nil,
            since: Date? = nil,
            limit: Int = Query.defaultLimit,
            cursor: Int64? = nil,
            offset: Int = 0
        ) {
            self.job = job
            self.status = status
            self.since = since
            self.limit = limit
            self.cursor = cursor
            self.offset = offset
        }
    }

    /// One page of runs; `nextCursor` is set when there may be more.
    public struct Page: Sendable, Equatable {
        public var runs: [JobRun]
        public var nextCursor: Int64?
    }

    /// The newest runs matching `query`. An unknown job or an out-of-range limit, cursor or
    /// offset is refused with its field named.
    public func list(_ query: Query) async throws -> Page {
        if let job = query.job { try registry.requireJob(job) }
        guard (1...Query.maximumLimit).contains(query.limit) else {
            throw JarvisError.invalid("limit", "limit: \(query.limit) is not a number from 1 to \(Query.maximumLimit)")
        }
        if let cursor = query.cursor, cursor <= 0 {
            throw JarvisError.invalid("cursor", "cursor: '\(cursor)' is not a run id; pass the nextCursor of the previous page")
        }
        guard query.offset >= 0 else {
            throw JarvisError.invalid("offset", "offset: \(query.offset) is not a number from 0")
        }
        let runs = try await database.read { db in
            try JobRun.fetchAll(
                db,
                sql: """
                    SELECT * FROM job_runs
                    WHERE (:job IS NULL OR job = :job)
                      AND (:status IS NULL OR status = :status)
                      AND (:since IS NULL OR COALESCE(started_at, slot_utc) >= :since)
                      AND (:cursor IS NULL OR id < :cursor)
                    ORDER BY id DESC
                    LIMIT :limit OFFSET :offset
                    """,
                arguments: [
                    "job": query.job, "status": query.status?.rawValue, "since": query.since.map(Timestamp.string(from:)),
                    "cursor": query.cursor, "limit": query.limit, "offset": query.offset,
                ]
            )
        }
        return Page(runs: runs, nextCursor: runs.count == query.limit ? runs.last?.runID : nil)
    }

    /// One run, or a `notFound` error.
    public func run(_ id: Int64) async throws -> JobRun {
        guard let run = try await database.read({ db in try JobRun.fetchOne(db, key: id) }) else {
            throw JarvisError.notFound("no run #\(id)", field: "id")
        }
        return run
    }

    /// The latest run of each job (by claim order), keyed by job slug.
    public func lastRuns() async throws -> [String: JobRun] {
        let runs = try await database.read { db in
            try JobRun.fetchAll(db, sql: "SELECT * FROM job_runs WHERE id IN (SELECT max(id) FROM job_runs GROUP BY job)")
        }
        return Dictionary(runs.map { ($0.job, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The runs whose slot falls at or after `start`, oldest first (at most `limit`, the
    /// newest kept), for the timeline of recent runs.
    public func runs(slotsSince start: Date, limit: Int = 2_000) async throws -> [JobRun] {
        try await database.read { db in
            try JobRun.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT * FROM job_runs WHERE slot_utc >= :start ORDER BY slot_utc DESC, id DESC LIMIT :limit
                    ) ORDER BY slot_utc, id
                    """,
                arguments: ["start": Timestamp.string(from: start), "limit": limit]
            )
        }
    }
}
