import GRDB

extension AppDatabase {
    /// The schema's history. Migrations are SQL and never edited once shipped: a change to
    /// the data model is a new migration appended here.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: Schema.sql)
        }
        return migrator
    }

    /// The number of migrations applied to this database (1 for a database at v1).
    public func schemaVersion() async throws -> Int {
        try await writer.read { db in try Self.migrator.appliedMigrations(db).count }
    }

    /// The number of migrations this build knows.
    public static var latestSchemaVersion: Int { migrator.migrations.count }
}
