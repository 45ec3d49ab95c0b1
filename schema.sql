-- jarvis: the whole data model (migration v1).
--
-- Conventions
-- * Instants are ISO-8601 UTC text with milliseconds, e.g. '2027-03-28T01:00:00.123Z', so
--   that text order is time order and rows read well in the sqlite3 shell.
-- * Every enumeration is readable text guarded by a CHECK constraint.
-- * JSON columns are checked with json_valid().
-- * This file is migration v1 and is never edited once shipped: later changes are new
--   migrations in the code.

------------------------------------------------------------------------------------------
-- Domain
------------------------------------------------------------------------------------------

CREATE TABLE gyms (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    name          TEXT    NOT NULL,
    city          TEXT,
    timezone      TEXT    NOT NULL,
    -- Either the JSON string "24/7" or an object keyed by ISO weekday name
    -- ("mon".."sun") whose values are "HH:MM-HH:MM" or null when closed that day.
    opening_hours TEXT    NOT NULL DEFAULT '"24/7"' CHECK (json_valid(opening_hours)),
    status        TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE members (
    id                 INTEGER PRIMARY KEY,
    gym_id             INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    badge_id           TEXT,                -- NULL once anonymised
    first_name         TEXT,                -- identity fields are NULL once anonymised
    last_name          TEXT,
    email              TEXT,
    phone              TEXT,
    member_since       TEXT    NOT NULL,
    membership_expires TEXT,                -- NULL: open-ended membership
    is_active          INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    last_visit         TEXT,
    anonymized_at      TEXT,
    created_at         TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (gym_id, badge_id),
    CHECK (anonymized_at IS NULL OR (badge_id IS NULL AND email IS NULL AND phone IS NULL
                                     AND first_name IS NULL AND last_name IS NULL))
);
CREATE INDEX members_active ON members (is_active, gym_id);
CREATE INDEX members_expiry ON members (membership_expires) WHERE anonymized_at IS NULL;

CREATE TABLE member_visits (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    gym_id     INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    visited_at TEXT    NOT NULL
);
CREATE INDEX member_visits_member ON member_visits (member_id, visited_at);
CREATE INDEX member_visits_gym ON member_visits (gym_id, visited_at);
CREATE INDEX member_visits_time ON member_visits (visited_at);

CREATE TABLE kiosks (
    id                INTEGER PRIMARY KEY,
    gym_id            INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    slug              TEXT    NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    name              TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'provisioning'
                      CHECK (status IN ('provisioning', 'online', 'offline', 'maintenance', 'error')),
    status_changed_at TEXT,
    last_heartbeat    TEXT,
    software_version  TEXT,
    token_hash        TEXT,                 -- SHA-256 of the kiosk's bearer token, hex
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX kiosks_gym ON kiosks (gym_id);

CREATE TABLE kiosk_heartbeats (
    id               INTEGER PRIMARY KEY,
    kiosk_id         INTEGER NOT NULL REFERENCES kiosks (id) ON DELETE CASCADE,
    received_at      TEXT    NOT NULL,
    software_version TEXT,
    uptime_seconds   INTEGER CHECK (uptime_seconds IS NULL OR uptime_seconds >= 0)
);
CREATE INDEX kiosk_heartbeats_kiosk ON kiosk_heartbeats (kiosk_id, received_at);
CREATE INDEX kiosk_heartbeats_time ON kiosk_heartbeats (received_at);

CREATE TABLE voice_sessions (
    id               INTEGER PRIMARY KEY,
    gym_id           INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    kiosk_id         INTEGER REFERENCES kiosks (id) ON DELETE SET NULL,
    member_id        INTEGER REFERENCES members (id) ON DELETE SET NULL,
    started_at       TEXT    NOT NULL,
    ended_at         TEXT,
    session_metadata TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(session_metadata))
);
CREATE INDEX voice_sessions_time ON voice_sessions (started_at);
CREATE INDEX voice_sessions_member ON voice_sessions (member_id);
CREATE INDEX voice_sessions_kiosk ON voice_sessions (kiosk_id);

-- Transcripts: one row per utterance.
CREATE TABLE conversation_events (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES voice_sessions (id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members (id) ON DELETE CASCADE,
    occurred_at TEXT    NOT NULL,
    speaker     TEXT    NOT NULL CHECK (speaker IN ('member', 'assistant')),
    content     TEXT    NOT NULL
);
CREATE INDEX conversation_events_time ON conversation_events (occurred_at);
CREATE INDEX conversation_events_session ON conversation_events (session_id);
CREATE INDEX conversation_events_member ON conversation_events (member_id);

CREATE TABLE conversation_summaries (
    id              INTEGER PRIMARY KEY,
    session_id      INTEGER REFERENCES voice_sessions (id) ON DELETE SET NULL,
    member_id       INTEGER REFERENCES members (id) ON DELETE CASCADE,
    gym_id          INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    created_at      TEXT    NOT NULL,
    sentiment       TEXT    NOT NULL CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    sentiment_score REAL    NOT NULL CHECK (sentiment_score BETWEEN -1 AND 1),
    topics          TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(topics) AND json_type(topics) = 'array'),
    summary         TEXT
);
CREATE INDEX conversation_summaries_member ON conversation_summaries (member_id, created_at);
CREATE INDEX conversation_summaries_gym ON conversation_summaries (gym_id, created_at);
CREATE INDEX conversation_summaries_time ON conversation_summaries (created_at);

-- What the assistant has learnt about a member ("prefers mornings", "knee injury").
CREATE TABLE member_facts (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    category   TEXT    NOT NULL CHECK (category IN ('preference', 'goal', 'health', 'schedule', 'other')),
    fact       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT                         -- NULL: kept until the member is anonymised
);
CREATE INDEX member_facts_member ON member_facts (member_id);
CREATE INDEX member_facts_expiry ON member_facts (expires_at) WHERE expires_at IS NOT NULL;

-- The latest churn analysis of each member.
CREATE TABLE member_analytics (
    member_id   INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    churn_score REAL    NOT NULL CHECK (churn_score BETWEEN 0 AND 1),
    churn_level TEXT    NOT NULL CHECK (churn_level IN ('low', 'medium', 'high', 'critical')),
    -- Each factor's input and points, e.g. {"daysSinceLastVisit":{"input":25,"points":0.4},...}
    factors     TEXT    NOT NULL CHECK (json_valid(factors)),
    analyzed_at TEXT    NOT NULL            -- the nominal time of the run that scored it
);
CREATE INDEX member_analytics_level ON member_analytics (churn_level);

CREATE TABLE manager_alerts (
    id          INTEGER PRIMARY KEY,
    gym_id      INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members (id) ON DELETE CASCADE,
    kiosk_id    INTEGER REFERENCES kiosks (id) ON DELETE CASCADE,
    alert_type  TEXT    NOT NULL CHECK (alert_type IN ('churn_risk', 'kiosk_offline', 'job_failed')),
    priority    TEXT    NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved', 'dismissed')),
    title       TEXT    NOT NULL,
    message     TEXT,
    details     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    dedup_key   TEXT    NOT NULL,            -- e.g. 'churn:42', 'kiosk:7'
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    resolved_at TEXT,
    CHECK ((status IN ('resolved', 'dismissed')) = (resolved_at IS NOT NULL))
);
-- At most one alert per dedup key is open (or acknowledged) at any time.
CREATE UNIQUE INDEX manager_alerts_one_open ON manager_alerts (dedup_key) WHERE resolved_at IS NULL;
CREATE INDEX manager_alerts_gym ON manager_alerts (gym_id, status, alert_type);
CREATE INDEX manager_alerts_resolved ON manager_alerts (resolved_at) WHERE resolved_at IS NOT NULL;

CREATE TABLE insights_reports (
    id           INTEGER PRIMARY KEY,
    gym_id       INTEGER NOT NULL REFERENCES gyms (id) ON DELETE CASCADE,
    report_type  TEXT    NOT NULL CHECK (report_type IN ('weekly')),
    period_start TEXT    NOT NULL,           -- local date of the Monday, 'YYYY-MM-DD'
    period_end   TEXT    NOT NULL,           -- local date of the Sunday, 'YYYY-MM-DD'
    title        TEXT    NOT NULL,
    metrics      TEXT    NOT NULL CHECK (json_valid(metrics)),
    insights     TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(insights)),
    generated_at TEXT    NOT NULL,
    UNIQUE (gym_id, report_type, period_start)
);

------------------------------------------------------------------------------------------
-- Job system
------------------------------------------------------------------------------------------

CREATE TABLE schedules (
    id              TEXT    PRIMARY KEY CHECK (id GLOB '[a-z0-9]*' AND id NOT GLOB '*[^a-z0-9-]*'),
    job             TEXT    NOT NULL,        -- job slug, e.g. 'daily-churn-analysis'
    cron            TEXT    NOT NULL,        -- Debian cron expression
    timezone        TEXT,                    -- IANA zone; NULL: the appliance's zone
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    catch_up        TEXT    NOT NULL DEFAULT 'latest' CHECK (catch_up IN ('latest', 'all', 'skip')),
    max_retries     INTEGER NOT NULL DEFAULT 3 CHECK (max_retries BETWEEN 0 AND 100),
    timeout_seconds INTEGER NOT NULL DEFAULT 900 CHECK (timeout_seconds > 0),
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE job_runs (
    id               INTEGER PRIMARY KEY,
    job              TEXT    NOT NULL,
    schedule_id      TEXT    REFERENCES schedules (id) ON DELETE SET NULL,
    trigger          TEXT    NOT NULL CHECK (trigger IN ('schedule', 'catchup', 'http', 'cli', 'retry')),
    slot_utc         TEXT    NOT NULL,       -- the nominal instant the run stands for
    slot_local       TEXT    NOT NULL,       -- the same as local wall time, e.g. '2027-03-28T02:00 Europe/Paris'
    attempt          INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    status           TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out',
                                                         'abandoned', 'missed', 'skipped_overlap')),
    started_at       TEXT,
    finished_at      TEXT,
    duration_ms      INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
    summary          TEXT    CHECK (summary IS NULL OR json_valid(summary)),
    error            TEXT,
    idempotency_key  TEXT    UNIQUE,
    retry_of         INTEGER REFERENCES job_runs (id) ON DELETE SET NULL,
    next_retry_at    TEXT,                   -- set on a failed run that will be retried
    holder           TEXT,                   -- process holding the run while it is running
    lease_expires_at TEXT,                   -- renewed by the holder; past it, the holder is dead
    CHECK ((status = 'running') = (finished_at IS NULL))
);
-- Exactly once per slot: a slot's attempt can be claimed once.
CREATE UNIQUE INDEX job_runs_slot ON job_runs (schedule_id, slot_utc, attempt) WHERE schedule_id IS NOT NULL;
-- One run of a job at a time: the overlap lock lives in the database.
CREATE UNIQUE INDEX job_runs_one_running ON job_runs (job) WHERE status = 'running';
CREATE INDEX job_runs_job_time ON job_runs (job, slot_utc);
CREATE INDEX job_runs_status ON job_runs (status, finished_at);
CREATE INDEX job_runs_retry_due ON job_runs (next_retry_at) WHERE next_retry_at IS NOT NULL;

CREATE TABLE system_logs (
    id        INTEGER PRIMARY KEY,
    timestamp TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    log_type  TEXT    NOT NULL,              -- e.g. 'cron_daily_churn'
    level     TEXT    NOT NULL CHECK (level IN ('debug', 'info', 'warning', 'error')),
    message   TEXT    NOT NULL,
    details   TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
    run_id    INTEGER REFERENCES job_runs (id) ON DELETE SET NULL
);
CREATE INDEX system_logs_type_time ON system_logs (log_type, timestamp);
CREATE INDEX system_logs_time ON system_logs (timestamp);
CREATE INDEX system_logs_run ON system_logs (run_id);

-- Facts about this appliance that must survive restarts, e.g. which default schedules have
-- been seeded (so that a schedule the operator deleted is not seeded again).
CREATE TABLE appliance_state (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
