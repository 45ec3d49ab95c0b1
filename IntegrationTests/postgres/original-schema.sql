-- The hosted product's tables that the migration reads, as described in
-- shared/reference/original-tables.md (section 1): columns, types, CHECKs and keys. Tables with no
-- DDL in the source (conversation_events, conversation_summaries, member_facts) follow its TS
-- types and queries; the pgvector `embedding` column of conversation_summaries is left out (it
-- is not migrated and needs an extension Debian's server does not ship). openai_realtime_sessions
-- and openai_realtime_audio_events follow J/sql/09-openai-realtime-monitoring.sql (RS), with the
-- columns SS and the code add; only the columns the migration reads or that show it ignores
-- others are kept.

CREATE TABLE gyms (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    address text,
    city text,
    postal_code text,
    kiosk_config jsonb DEFAULT '{}'::jsonb,
    manager_id uuid,
    staff_ids uuid[],
    member_count integer DEFAULT 0,
    opening_hours jsonb,
    status text DEFAULT 'active' CHECK (status IN ('pending_approval', 'active', 'suspended', 'cancelled')),
    phone text,
    features text[],
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

-- As M1 (20251023000001), with M7's columns and MB's UNIQUE (gym_id, badge_id).
CREATE TABLE gym_members_v2 (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    gym_id uuid NOT NULL REFERENCES gyms(id) ON DELETE CASCADE,
    badge_id text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text,
    phone text,
    date_of_birth date,
    gender text CHECK (gender IN ('male', 'female', 'other', 'prefer_not_to_say')),
    profile_photo_url text,
    membership_type text DEFAULT 'standard',
    member_since date NOT NULL DEFAULT CURRENT_DATE,
    membership_expires date,
    is_active boolean DEFAULT true,
    last_visit timestamptz,
    total_visits integer DEFAULT 0,
    can_use_jarvis boolean DEFAULT true,
    member_preferences jsonb,
    member_notes text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    CONSTRAINT valid_email CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$' OR email IS NULL),
    CONSTRAINT valid_phone CHECK (phone ~* '^\+?[0-9\s\-()]+$' OR phone IS NULL),
    CONSTRAINT valid_membership_dates CHECK (membership_expires IS NULL OR membership_expires >= member_since),
    UNIQUE (gym_id, badge_id)
);

-- member_id references the older gym_members table, whose ids v2 kept.
CREATE TABLE member_visits (
    id uuid PRIMARY KEY,
    member_id uuid NOT NULL,
    gym_id uuid NOT NULL,
    visit_date timestamptz NOT NULL DEFAULT now(),
    entry_method text CHECK (entry_method IN ('badge_scan', 'manual', 'mobile_app')),
    badge_scanned text,
    exit_time timestamptz,
    duration_minutes integer,
    activities_logged text[],
    jarvis_interactions integer DEFAULT 0,
    visit_metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- As MK (20251026000001), with MA's and MD's columns.
CREATE TABLE kiosks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    gym_id uuid NOT NULL REFERENCES gyms(id) ON DELETE CASCADE,
    slug text UNIQUE NOT NULL,
    name text NOT NULL,
    provisioning_code text UNIQUE NOT NULL,
    provisioning_code_expires_at timestamptz,
    status text NOT NULL DEFAULT 'provisioning'
        CHECK (status IN ('provisioning', 'pending_approval', 'online', 'offline', 'maintenance', 'error')),
    last_heartbeat timestamptz,
    last_seen_ip text,
    device_id text UNIQUE,
    hardware_info jsonb,
    software_version text,
    voice_model text DEFAULT 'alloy',
    language text DEFAULT 'fr',
    openai_model text,
    location_in_gym text,
    notes text,
    device_token_hash text UNIQUE,
    device_paired_at timestamptz,
    device_last_seen timestamptz,
    device_fingerprint text,
    device_revoked_at timestamptz,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    CONSTRAINT kiosks_gym_id_slug_unique UNIQUE (gym_id, slug)
);

CREATE TABLE kiosk_heartbeats (
    id uuid PRIMARY KEY,
    gym_id uuid UNIQUE NOT NULL,
    kiosk_slug text NOT NULL,
    last_heartbeat timestamptz NOT NULL,
    status text CHECK (status IN ('online', 'offline')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE openai_realtime_sessions (
    id uuid PRIMARY KEY,
    session_id text NOT NULL,
    gym_id uuid NOT NULL REFERENCES gyms(id),
    kiosk_slug text NOT NULL,
    member_id uuid,
    member_badge_id text,
    ai_model text,
    session_started_at timestamptz,
    session_ended_at timestamptz,
    session_duration_seconds integer,
    connection_type text CHECK (connection_type IN ('websocket', 'webrtc')),
    voice_model text,
    total_user_turns integer DEFAULT 0,
    total_ai_turns integer DEFAULT 0,
    total_input_tokens integer DEFAULT 0,
    total_output_tokens integer DEFAULT 0,
    total_input_audio_tokens integer DEFAULT 0,
    total_output_audio_tokens integer DEFAULT 0,
    total_cost_usd numeric(10, 6),
    had_errors boolean DEFAULT false,
    session_metadata jsonb DEFAULT '{}'::jsonb,
    state text CHECK (state IN ('pending', 'active', 'ending', 'closed')),
    last_activity_at timestamptz,
    end_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE openai_realtime_audio_events (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES openai_realtime_sessions(id) ON DELETE CASCADE,
    gym_id uuid NOT NULL REFERENCES gyms(id),
    event_type text NOT NULL,
    event_id text,
    event_timestamp timestamptz NOT NULL DEFAULT now(),
    user_transcript text,
    ai_transcript_partial text,
    ai_transcript_final text,
    function_name text,
    function_arguments jsonb,
    raw_event_data jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jarvis_conversation_logs (
    id uuid PRIMARY KEY,
    session_id text NOT NULL,
    member_id uuid,
    gym_id uuid,
    "timestamp" timestamptz NOT NULL DEFAULT now(),
    speaker text CHECK (speaker IN ('user', 'jarvis', 'system')),
    message_text text NOT NULL,
    conversation_turn_number integer,
    sentiment_score numeric,
    detected_intent text
);

CREATE TABLE conversation_events (
    id uuid PRIMARY KEY,
    session_id text NOT NULL,
    member_id uuid,
    gym_id uuid,
    event_type text CHECK (event_type IN ('user_speech_start', 'user_speech_end', 'ai_speech_start', 'ai_speech_end',
        'user_transcript', 'ai_transcript', 'tool_call', 'tool_result', 'error')),
    transcript text,
    tool_name text,
    tool_args jsonb,
    tool_result jsonb,
    turn_number integer,
    "timestamp" timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conversation_summaries (
    id uuid PRIMARY KEY,
    session_id text,
    member_id uuid,
    gym_id uuid,
    summary_text text,
    key_topics text[],
    sentiment text CHECK (sentiment IN ('positive', 'neutral', 'negative', 'mixed')),
    sentiment_score numeric CHECK (sentiment_score BETWEEN -1 AND 1),
    session_duration_seconds integer,
    turn_count integer,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member_facts (
    id uuid PRIMARY KEY,
    member_id uuid NOT NULL,
    category text CHECK (category IN ('goal', 'injury', 'preference', 'progress', 'concern')),
    fact_key text NOT NULL,
    fact_value jsonb NOT NULL,
    confidence numeric,
    source_session_id text,
    source_quote text,
    is_active boolean DEFAULT true,
    expires_at timestamptz,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now(),
    UNIQUE (member_id, category, fact_key)
);

-- Not migrated (the jobs compute them again), created so that the dump is complete.
CREATE TABLE member_analytics (
    member_id uuid PRIMARY KEY,
    churn_risk_score numeric,
    churn_risk_level text CHECK (churn_risk_level IN ('low', 'medium', 'high', 'critical')),
    churn_factors jsonb,
    last_churn_analysis_at timestamptz,
    updated_at timestamptz DEFAULT now()
);

CREATE TABLE manager_alerts (
    id uuid PRIMARY KEY,
    gym_id uuid,
    member_id uuid,
    alert_type text,
    priority text,
    title text,
    description text,
    recommended_actions jsonb,
    status text,
    created_at timestamptz DEFAULT now()
);

CREATE TABLE system_logs (
    id uuid PRIMARY KEY,
    "timestamp" timestamptz DEFAULT now(),
    log_type text,
    message text,
    details jsonb
);
