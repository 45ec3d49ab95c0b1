/// The data model. `Schema.sql` (generated at build time from the repository's
/// `schema.sql`) is migration v1; `AppDatabase.laterMigrations` holds the ones after it.
public enum Schema {}
