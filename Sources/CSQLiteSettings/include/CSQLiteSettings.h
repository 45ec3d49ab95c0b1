#ifndef CSQLITESETTINGS_H
#define CSQLITESETTINGS_H

/// Process-wide SQLite settings that only C can make: `sqlite3_config` is variadic, which
/// Swift cannot call. Must run before the first connection opens; returns an SQLite result
/// code (SQLITE_MISUSE when SQLite was already initialised, and nothing changed).
///
/// Turns memory statistics off: with them on, every allocation SQLite makes takes one
/// process-wide mutex, and a job's reader and writer threads queue on it.
int jarvis_sqlite_configure(void);

#endif
