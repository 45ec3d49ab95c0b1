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
        ),
        // The data plane. External ids: the key a row has in the system it comes from (the
        // source database's uuid, a kiosk's event id), so that an import run twice and a kiosk
        // event sent twice write once. They are scoped to the row's gym (members, visits,
        // voice sessions, summaries), its session (transcript lines) or its member (facts);
        // gyms and kiosks are keyed by their slug. NULL: a row made here, with no outside key.
        // A member's external id is blanked with their identity when they are anonymised.
        // Voice sessions gain their token count; alerts the manager's acknowledgement and note.
        (
            "v3",
            """
            ALTER TABLE members ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX members_external ON members (gym_id, external_id) WHERE external_id IS NOT NULL;
            ALTER TABLE member_visits ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX member_visits_external ON member_visits (gym_id, external_id) WHERE external_id IS NOT NULL;
            ALTER TABLE voice_sessions ADD COLUMN external_id TEXT;
            ALTER TABLE voice_sessions ADD COLUMN total_tokens INTEGER CHECK (total_tokens IS NULL OR total_tokens >= 0);
            CREATE UNIQUE INDEX voice_sessions_external ON voice_sessions (gym_id, external_id) WHERE external_id IS NOT NULL;
            ALTER TABLE conversation_events ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX conversation_events_external ON conversation_events (session_id, external_id)
                WHERE external_id IS NOT NULL;
            ALTER TABLE conversation_summaries ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX conversation_summaries_external ON conversation_summaries (gym_id, external_id)
                WHERE external_id IS NOT NULL;
            ALTER TABLE member_facts ADD COLUMN external_id TEXT;
            CREATE UNIQUE INDEX member_facts_external ON member_facts (member_id, external_id) WHERE external_id IS NOT NULL;
            ALTER TABLE manager_alerts ADD COLUMN acknowledged_at TEXT;
            ALTER TABLE manager_alerts ADD COLUMN note TEXT;
            """
        ),
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
