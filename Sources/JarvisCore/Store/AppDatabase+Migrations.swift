import GRDB

extension AppDatabase {
    /// The migrations after v1 (`schema.sql`), in order. Each is SQL and never edited once
    /// shipped: a change to the data model is a new entry appended here.
    static let laterMigrations: [(identifier: String, sql: String)] = [
        // member_analytics.factors without CHECK (json_valid(factors)). The churn job is the
        // only writer of that column, and its JSON writer is tested; parsing every document
        // again on insert cost about a tenth of the job, which writes one per active member.
        (
            "v2",
            """
            CREATE TABLE member_analytics_v2 (
                member_id   INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
                churn_score REAL    NOT NULL CHECK (churn_score BETWEEN 0 AND 1),
                churn_level TEXT    NOT NULL CHECK (churn_level IN ('low', 'medium', 'high', 'critical')),
                -- Each factor's input and points, e.g. {"absence":{"days":25,"points":0.40},...}
                factors     TEXT    NOT NULL,
                analyzed_at TEXT    NOT NULL            -- the nominal time of the run that scored it
            );
            INSERT INTO member_analytics_v2 (member_id, churn_score, churn_level, factors, analyzed_at)
                SELECT member_id, churn_score, churn_level, factors, analyzed_at FROM member_analytics;
            DROP TABLE member_analytics;
            ALTER TABLE member_analytics_v2 RENAME TO member_analytics;
            CREATE INDEX member_analytics_level ON member_analytics (churn_level);
            """
        )
    ]

    /// The schema's history: `schema.sql` as v1, then ``laterMigrations``.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: Schema.sql)
        }
        for (identifier, sql) in laterMigrations {
            migrator.registerMigration(identifier) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// The number of migrations applied to this database (1 for a database at v1).
    public func schemaVersion() async throws -> Int {
        try await read { db in try Self.migrator.appliedMigrations(db).count }
    }

    /// The number of migrations this build knows.
    public static var latestSchemaVersion: Int { migrator.migrations.count }
}
