/// The data model. `Schema.sql` (generated at build time from the repository's
/// `schema.sql`) is migration v1.
public enum Schema {}
