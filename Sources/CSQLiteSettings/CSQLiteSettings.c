#include <sqlite3.h>
#include "CSQLiteSettings.h"

int jarvis_sqlite_configure(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
