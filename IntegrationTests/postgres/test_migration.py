#!/usr/bin/env python3
"""The migration from the hosted database, end to end against a real PostgreSQL server: a
server started on loopback as the `postgres` user (Debian's postgresql), the original tables
created from original-schema.sql and filled with a small site (2 gyms, 20 members, visits,
kiosks, voice sessions with their transcripts and summaries, facts), `scripts/migrate-from-postgres`
into an empty jarvis database, the counts and a few values compared, a second run that changes
nothing, then the four jobs.

Environment:
  JARVIS_BIN   the jarvis binary (default: .build/debug/jarvis, built if missing)
Ends with a line "N passed, N failed"; exits non-zero on any failure.
"""
import datetime
import glob
import hashlib
import json
import os
import pwd
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import harness  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(harness.ROOT, "scripts", "migrate-from-postgres")
PASSWORD = "S3cr:t @pw%/\\+x'q"  # every character a URL must encode, a backslash and a quote
KIOSK_TOKEN = "kiosk-device-token-0123456789"
JOBS = ["daily-churn-analysis", "health-check-kiosks", "cleanup-old-data", "weekly-reports"]

check = harness.Checks()
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def uid(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "jarvis-migration-test/" + name))


def pg_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return "'" + value.strftime("%Y-%m-%d %H:%M:%S.%f+00") + "'"
    if isinstance(value, datetime.date):
        return "'" + value.isoformat() + "'"
    if isinstance(value, (dict, list)) and not (isinstance(value, list) and value and isinstance(value[0], str)):
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    if isinstance(value, list):
        return "ARRAY[" + ",".join(pg_literal(v) for v in value) + "]::text[]"
    return "'" + str(value).replace("'", "''") + "'"


def insert(table, row):
    columns = ", ".join(f'"{c}"' for c in row)
    values = ", ".join(pg_literal(v) for v in row.values())
    return f"INSERT INTO {table} ({columns}) VALUES ({values});"


def utc_text(moment):
    """jarvis's stored form: UTC, milliseconds (truncated)."""
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


# ---------------------------------------------------------------------------------------------
# The source site.

GYM_A, GYM_B = uid("gym-a"), uid("gym-b")
TRICKY_FIRST, TRICKY_LAST = "Zoé", 'Dupont, dit "Le Roc" d\'Arcy'
MARTINIQUE_SESSION = "sess_1733230000000_martiniq"
METADATA = {"lang": "fr-FR", "voice": "alloy", "turns": [{"n": 1, "ok": True}], "note": "été, \"quoted\""}


def site():
    rng = random.Random(15)
    statements = []
    statements.append(insert("gyms", {
        "id": GYM_A, "name": "Salle Équinoxe Lyon", "city": "Lyon", "status": "active",
        "kiosk_config": {"branding": {"color": "#123456"}},
        "opening_hours": {"monday": {"open": "06:00", "close": "22:00"}, "tuesday": {"open": "06:00", "close": "22:00"},
                          "wednesday": {"open": "06:00", "close": "22:00"}, "thursday": {"open": "06:00", "close": "22:00"},
                          "friday": {"open": "06:00", "close": "21:00"}, "saturday": {"open": "08:00", "close": "18:00"},
                          "sunday": {"is_closed": True}},
        "created_at": NOW - datetime.timedelta(days=400, microseconds=-123456)}))
    statements.append(insert("gyms", {
        "id": GYM_B, "name": "Jarvis Fit Paris 11", "city": "Paris", "status": "active",
        "kiosk_config": {"kiosk_url_slug": "jarvis-fit-paris-11", "provisioning_code": "ABC123"},
        "opening_hours": [{"day": "monday", "open": "07:00", "close": "23:00", "is_closed": False},
                          {"day": "sunday", "open": "00:00", "close": "00:00", "is_closed": True}],
        "created_at": None}))

    firsts = ["Hélène", "François", "Léa", "Noël", "Chloé", "Jérôme", "Inès", "Mathéo", "Anaïs", "Loïc",
              "Amélie", "Benoît", "Célia", "Dorian", "Élodie", "Gaël", "Maëlle", "Théo", "Zoé"]
    lasts = ["Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Bonnet", "Dupré", "Lambert", "Fontaine", "Rousseau",
             "Vincent", "Müller", "Leroy", "Roux", "Faure", "André", "Mercier", "Blanc"]
    members = []
    for n in range(20):
        gym = GYM_A if n < 12 else GYM_B
        key = f"member-{n}"
        first, last = (TRICKY_FIRST, TRICKY_LAST) if n == 3 else (firsts[n % len(firsts)], lasts[n % len(lasts)])
        since = (NOW - datetime.timedelta(days=60 + 17 * n)).date()
        # Visits: regular members every 2-4 days, a few who stopped coming 20 to 40 days ago.
        absent = 20 + 2 * n if n % 5 == 4 else 0
        visits = []
        day = 1 + absent
        while day < 60:
            visits.append(NOW - datetime.timedelta(days=day, hours=rng.randint(0, 10), minutes=rng.randint(0, 59),
                                                   microseconds=rng.randint(0, 999999)))
            day += rng.randint(2, 4)
        member = {
            "id": uid(key), "gym_id": gym, "badge_id": f"{'A' if gym == GYM_A else 'B'}{n:04d}",
            "first_name": first, "last_name": last,
            "email": None if n == 5 else f"membre{n}@exemple.fr", "phone": f"+33 6 12 34 {n:02d} 00",
            "gender": "female" if n % 2 else "male", "member_since": since,
            "membership_expires": since + datetime.timedelta(days=365) if n % 3 == 0 else None,
            "is_active": n != 7, "last_visit": max(visits) if visits else None, "total_visits": len(visits),
            # created_at is nullable in M1: one member without it.
            "created_at": None if n == 9 else datetime.datetime.combine(since, datetime.time(9, 0), datetime.timezone.utc),
        }
        members.append(member)
        statements.append(insert("gym_members_v2", member))
        for index, visit in enumerate(visits):
            statements.append(insert("member_visits", {
                "id": uid(f"{key}-visit-{index}"), "member_id": member["id"], "gym_id": gym, "visit_date": visit,
                "entry_method": "badge_scan", "badge_scanned": member["badge_id"]}))

    statements.append(insert("kiosks", {
        "id": uid("kiosk-a"), "gym_id": GYM_A, "slug": "equinoxe-accueil", "name": "Accueil Équinoxe",
        "provisioning_code": "QWE123", "status": "online", "software_version": "2.4.1",
        "last_heartbeat": NOW - datetime.timedelta(minutes=10),
        "device_token_hash": hashlib.sha256(KIOSK_TOKEN.encode()).hexdigest(),
        "hardware_info": {"model": "iPad"}, "created_at": NOW - datetime.timedelta(days=200)}))
    statements.append(insert("kiosk_heartbeats", {
        "id": uid("heartbeat-a"), "gym_id": GYM_A, "kiosk_slug": "equinoxe-accueil",
        "last_heartbeat": NOW - datetime.timedelta(minutes=1, microseconds=-654321), "status": "online"}))
    statements.append(insert("kiosks", {
        "id": uid("kiosk-b"), "gym_id": GYM_B, "slug": "paris11-hall", "name": "Hall Paris 11",
        "provisioning_code": "ZXC789", "status": "pending_approval",
        "device_token_hash": hashlib.sha256(b"revoked").hexdigest(),
        "device_revoked_at": NOW - datetime.timedelta(days=3), "created_at": None}))

    # Voice sessions: three real ones, a pre-warm test row, and one known only from its transcript.
    sessions = [
        ("sess_1", GYM_A, "equinoxe-accueil", members[0], NOW - datetime.timedelta(days=2, hours=3), 180),
        ("sess_2", GYM_A, "equinoxe-accueil", members[3], NOW - datetime.timedelta(days=1, hours=5), 240),
        ("sess_3", GYM_B, "kiosk-not-migrated", members[14], NOW - datetime.timedelta(days=4), None),
    ]
    for sid, gym, kiosk, member, start, seconds in sessions:
        statements.append(insert("openai_realtime_sessions", {
            "id": uid(sid), "session_id": sid, "gym_id": gym, "kiosk_slug": kiosk, "member_id": member["id"],
            "member_badge_id": member["badge_id"], "ai_model": "gpt-4o-realtime",
            "session_started_at": start,
            "session_ended_at": start + datetime.timedelta(seconds=seconds) if seconds else None,
            "connection_type": "webrtc", "total_input_tokens": 700,
            "total_output_tokens": 400, "total_input_audio_tokens": 100, "total_output_audio_tokens": None, "session_metadata": METADATA if sid == "sess_1" else {},
            "state": "closed" if seconds else "active", "created_at": start}))
    statements.append(insert("openai_realtime_sessions", {
        "id": uid("prewarm"), "session_id": "sess_prewarm", "gym_id": GYM_A, "kiosk_slug": "equinoxe-accueil",
        "member_badge_id": "prewarm-test", "session_started_at": NOW - datetime.timedelta(days=1),
        "created_at": NOW - datetime.timedelta(days=1)}))
    # A session written in a non-UTC session time zone: 10:30 in Martinique is 14:30 UTC.
    martinique_day = (NOW - datetime.timedelta(days=3)).date()
    statements.append("SET TIME ZONE 'America/Martinique';")
    statements.append(
        "INSERT INTO openai_realtime_sessions (id, session_id, gym_id, kiosk_slug, member_id, member_badge_id, "
        "session_started_at, session_ended_at, session_metadata, created_at) VALUES ("
        f"'{uid('martinique')}', '{MARTINIQUE_SESSION}', '{GYM_B}', 'paris11-hall', NULL, '{members[15]['badge_id']}', "
        f"'{martinique_day} 10:30:00.250', '{martinique_day} 10:34:00', '{{}}', '{martinique_day} 10:30:00');")
    statements.append("SET TIME ZONE 'UTC';")

    def log(sid, n, speaker, text, member, gym, at):
        statements.append(insert("jarvis_conversation_logs", {
            "id": uid(f"{sid}-log-{n}"), "session_id": sid, "member_id": member["id"], "gym_id": gym,
            "timestamp": at, "speaker": speaker, "message_text": text, "conversation_turn_number": n}))

    start = sessions[0][4]
    log("sess_1", 0, "user", "Bonjour Jarvis, je veux reprendre le cardio.", members[0], GYM_A, start + datetime.timedelta(seconds=5))
    log("sess_1", 1, "jarvis", "Très bien ! On commence par 20 minutes de vélo ?", members[0], GYM_A, start + datetime.timedelta(seconds=9))
    log("sess_1", 2, "system", "tool: lookup_schedule", members[0], GYM_A, start + datetime.timedelta(seconds=10))
    log("sess_1", 3, "user", "Oui, avec \"intervalles\", s'il te plaît.\nMerci", members[0], GYM_A, start + datetime.timedelta(seconds=15))
    # Transcripts with no session row: one session is made from their first and last times.
    orphan = NOW - datetime.timedelta(days=5, hours=2)
    log("sess_orphan", 0, "user", "Quels sont les horaires dimanche ?", members[13], GYM_B, orphan)
    log("sess_orphan", 1, "jarvis", "Le dimanche, la salle est fermée.", members[13], GYM_B, orphan + datetime.timedelta(seconds=40))

    # An audio event with both transcripts: two lines.
    statements.append(insert("openai_realtime_audio_events", {
        "id": uid("sess_3-audio-0"), "session_id": uid("sess_3"), "gym_id": GYM_B,
        "event_type": "conversation.item.input_audio_transcription.completed",
        "event_timestamp": sessions[2][4] + datetime.timedelta(seconds=4),
        "user_transcript": "Je voudrais un programme pour le dos.", "ai_transcript_final": "Voici trois exercices doux."}))
    start = sessions[1][4]
    for n, (kind, text) in enumerate([("user_speech_start", None), ("user_transcript", "J'ai mal au genou droit."),
                                      ("ai_transcript", "Évitons les squats aujourd'hui."), ("tool_call", None),
                                      ("ai_transcript", "Je note ta blessure.")]):
        statements.append(insert("conversation_events", {
            "id": uid(f"sess_2-event-{n}"), "session_id": "sess_2", "member_id": members[3]["id"], "gym_id": GYM_A,
            "event_type": kind, "transcript": text, "tool_name": "save_fact" if kind == "tool_call" else None,
            "turn_number": n, "timestamp": start + datetime.timedelta(seconds=3 * n + 1)}))

    statements.append(insert("conversation_summaries", {
        "id": uid("summary-1"), "session_id": "sess_1", "member_id": members[0]["id"], "gym_id": GYM_A,
        "summary_text": "Reprise du cardio, intervalles.", "key_topics": ["cardio", "vélo", "intervalles"],
        "sentiment": "positive", "sentiment_score": 0.7, "turn_count": 3,
        "created_at": sessions[0][4] + datetime.timedelta(minutes=3)}))
    statements.append(insert("conversation_summaries", {
        "id": uid("summary-2"), "session_id": "sess_2", "member_id": members[3]["id"], "gym_id": GYM_A,
        "summary_text": "Douleur au genou, séance adaptée.", "key_topics": ["blessure", "genou"],
        "sentiment": "mixed", "sentiment_score": None, "created_at": sessions[1][4] + datetime.timedelta(minutes=4)}))
    statements.append(insert("conversation_summaries", {
        "id": uid("summary-3"), "session_id": "sess_orphan", "member_id": members[13]["id"], "gym_id": GYM_B,
        "summary_text": "Question sur les horaires.", "key_topics": ["horaires"], "sentiment": "negative",
        "sentiment_score": -0.4, "created_at": orphan + datetime.timedelta(minutes=1)}))

    for n, (member, category, key, value, active) in enumerate([
            (members[3], "injury", "knee", "douleur au genou droit", True),
            (members[0], "goal", "cardio", {"minutes": 20, "per_week": 3}, True),
            (members[0], "preference", "time_of_day", "le matin", True),
            (members[14], "progress", "bench", {"kg": 60}, True),
            (members[14], "concern", "old", "ancien souci", False)]):
        statements.append(insert("member_facts", {
            "id": uid(f"fact-{n}"), "member_id": member["id"], "category": category, "fact_key": key,
            "fact_value": json.dumps(value) if isinstance(value, str) else value, "confidence": 0.9,
            "is_active": active, "created_at": NOW - datetime.timedelta(days=2, minutes=n)}))
    # Rows of the tables that are not migrated.
    statements.append(insert("member_analytics", {"member_id": members[0]["id"], "churn_risk_score": 0.2,
                                                  "churn_risk_level": "low", "churn_factors": {}}))
    statements.append(insert("manager_alerts", {"id": uid("alert"), "gym_id": GYM_A, "alert_type": "churn_risk",
                                                "priority": "high", "title": "Risque", "status": "pending"}))
    return "\n".join(statements), members


# ---------------------------------------------------------------------------------------------
# A PostgreSQL server of its own.

class Postgres:
    def __init__(self, workdir):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        if not bins:
            raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = bins[-1]
        self.port = harness.free_port()
        self.root = os.path.join(workdir, "pg")
        os.mkdir(self.root)
        os.chmod(workdir, 0o755)
        self.data = os.path.join(self.root, "data")
        self.sockets = os.path.join(self.root, "sockets")
        os.mkdir(self.data, 0o700)
        os.mkdir(self.sockets, 0o700)
        self.log = os.path.join(self.root, "server.log")
        self.as_user = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            for path in (self.root, self.data, self.sockets):
                os.chown(path, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.started = False
        try:
            self.start()
        except BaseException:
            self.stop()
            raise

    def start(self):
        self.run("initdb", "-D", self.data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                 "-E", "UTF8", "--locale=C.UTF-8")
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o",
                 f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.sockets} -c fsync=off -c timezone=UTC",
                 "start")
        self.started = True
        self.admin("CREATE ROLE migrator LOGIN PASSWORD '%s'" % PASSWORD.replace("'", "''"))
        self.admin("CREATE DATABASE hosted OWNER migrator")
        self.admin("CREATE DATABASE minimal OWNER migrator")
        self.url = f"postgresql://migrator:{urllib.parse.quote(PASSWORD, safe='')}@127.0.0.1:{self.port}/hosted"

    def run(self, tool, *args):
        subprocess.run(self.as_user + [os.path.join(self.bin, tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def admin(self, statement):
        self.run("psql", "-X", "-q", "-h", self.sockets, "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                 "-v", "ON_ERROR_STOP=1", "-c", statement)

    def sql(self, statement, url=None):
        """The rows of one statement, as migrator over TCP with its password."""
        answer = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", url or self.url,
                                 "-c", statement], check=True, capture_output=True, text=True)
        return [line.split("\t") for line in answer.stdout.splitlines()]

    def script(self, path, url=None):
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url or self.url, "-f", path],
                       check=True, stdout=subprocess.DEVNULL)

    def count(self, statement):
        return int(self.sql(statement)[0][0])

    def stop(self):
        if not self.started:
            return
        subprocess.run(self.as_user + [os.path.join(self.bin, "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------

def migrate(binary, pg, db, *extra, url=None):
    env = dict(os.environ, JARVIS_BIN=binary, PGTZ="Asia/Tokyo")
    answer = subprocess.run([SCRIPT, url or pg.url, "--db", db, *extra], env=env, capture_output=True, text=True)
    return answer.returncode, answer.stdout, answer.stderr


def secret_hidden(text):
    return PASSWORD not in text and urllib.parse.quote(PASSWORD, safe="") not in text and "S3cr" not in text


def lite(db, statement, *args):
    with sqlite3.connect(db) as connection:
        return connection.execute(statement, args).fetchall()


TABLES = ["gyms", "members", "member_visits", "kiosks", "voice_sessions", "conversation_events",
          "conversation_summaries", "member_facts"]


def snapshot(db):
    return {table: lite(db, f"SELECT * FROM {table} ORDER BY id") for table in TABLES}


def main():
    binary = harness.jarvis_binary()
    printed = subprocess.run([SCRIPT, "--print-sql"], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(harness.ROOT, "docs", "migration.md")) as page:
        documented = page.read()
    queries = [block.partition("\n")[2].strip() for block in printed.strip().split("\n\n-- ")]
    check(len(queries) == 8 and all(query in documented for query in queries),
          "docs/migration.md holds the eight queries the script runs, as printed by --print-sql")
    workdir = tempfile.mkdtemp(prefix="jarvis-postgres-")
    pg = None
    try:
        pg = Postgres(workdir)
        check(True, f"PostgreSQL ({pg.bin}) started on 127.0.0.1:{pg.port}")
        pg.script(os.path.join(HERE, "original-schema.sql"))
        data, members = site()
        data_path = os.path.join(workdir, "site.sql")
        with open(data_path, "w") as out:
            out.write(data)
        pg.script(data_path)
        check(pg.count("SELECT count(*) FROM gym_members_v2") == 20, "the original tables are created and filled")

        jarvis_dir = os.path.join(workdir, "jarvis")
        os.mkdir(jarvis_dir, 0o700)
        db = os.path.join(jarvis_dir, "jarvis.db")
        subprocess.run([binary, "db", "migrate", "--db", db], check=True, stdout=subprocess.DEVNULL)

        # A dry run first: everything checked, nothing written.
        rc, out, err = migrate(binary, pg, db, "--dry-run")
        check(rc == 0 and "dry run" in out, "the dry run passes" + ("" if rc == 0 else ": " + err[-2000:]))
        check(lite(db, "SELECT count(*) FROM members")[0][0] == 0, "the dry run writes nothing to the database")
        check(secret_hidden(out + err), "the dry run never prints the password")

        # A bad row stops the migration at its entity, with nothing of that entity written.
        bad_db = os.path.join(jarvis_dir, "bad.db")
        pg.sql(f"UPDATE gym_members_v2 SET first_name = repeat('x', 150) WHERE id = '{members[1]['id']}'")
        rc, out, err = migrate(binary, pg, bad_db)
        pg.sql(f"UPDATE gym_members_v2 SET first_name = 'François' WHERE id = '{members[1]['id']}'")
        check(rc != 0 and "importing members failed" in err and "first_name" in err,
              "a 150-character name stops the migration at members, naming the field")
        check(lite(bad_db, "SELECT count(*) FROM gyms")[0][0] == 2 and lite(bad_db, "SELECT count(*) FROM members")[0][0] == 0,
              "the gyms before it are imported, no member of the failed file is")
        check(secret_hidden(out + err), "a failed run never prints the password")

        # An unreachable server: a clear failure, still without the password.
        rc, out, err = migrate(binary, pg, bad_db, url=pg.url.replace(f":{pg.port}/", f":{harness.free_port()}/"))
        check(rc != 0 and "cannot read the source database" in err and secret_hidden(out + err),
              "an unreachable server fails clearly, without the password")

        rc, out, err = migrate(binary, pg, db)
        check(rc == 0, "the migration passes" + ("" if rc == 0 else ": " + err[-3000:]))
        print(out, end="")
        reported = re.findall(r"^(\S+) +(\d+) rows: (\d+) \S+ rows imported", out, re.M)
        check(len(reported) == 8 and all(a == b for _, a, b in reported),
              "the rows exported and imported are printed per entity, and agree")
        check(secret_hidden(out + err), "the migration never prints the password")

        expected = {
            "gyms": pg.count("SELECT count(*) FROM gyms"),
            "members": pg.count("SELECT count(*) FROM gym_members_v2"),
            "member_visits": pg.count("SELECT count(*) FROM member_visits"),
            "kiosks": pg.count("SELECT count(*) FROM kiosks"),
            "voice_sessions": pg.count("SELECT count(*) FROM openai_realtime_sessions WHERE member_badge_id IS NULL "
                                       "OR member_badge_id NOT LIKE 'prewarm%'")
            + pg.count("SELECT count(DISTINCT session_id) FROM jarvis_conversation_logs WHERE session_id NOT IN "
                       "(SELECT session_id FROM openai_realtime_sessions)"),
            "conversation_events": pg.count("SELECT count(*) FROM jarvis_conversation_logs WHERE speaker IN ('user', 'jarvis')")
            + pg.count("SELECT count(*) FROM conversation_events WHERE event_type IN ('user_transcript', 'ai_transcript')")
            + pg.count("SELECT count(user_transcript) + count(ai_transcript_final) FROM openai_realtime_audio_events"),
            "conversation_summaries": pg.count("SELECT count(*) FROM conversation_summaries"),
            "member_facts": pg.count("SELECT count(*) FROM member_facts WHERE is_active"),
        }
        for table, count in expected.items():
            got = lite(db, f"SELECT count(*) FROM {table}")[0][0]
            check(got == count, f"{table}: {got} rows in jarvis, {count} expected from PostgreSQL")

        # Values that must survive exactly.
        row = lite(db, "SELECT m.first_name, m.last_name, m.email, g.slug FROM members m JOIN gyms g ON g.id = m.gym_id "
                       "WHERE m.badge_id = ?", members[3]["badge_id"])
        check(row == [(TRICKY_FIRST, TRICKY_LAST, members[3]["email"], "salle-equinoxe-lyon")],
              f"the name with a comma, quotes and accents survives exactly: {row}")
        row = lite(db, "SELECT email FROM members WHERE badge_id = ?", members[5]["badge_id"])
        check(row == [(None,)], "a NULL e-mail stays NULL")
        row = lite(db, "SELECT is_active FROM members WHERE badge_id = ?", members[7]["badge_id"])
        check(row == [(0,)], "the inactive member is inactive")
        day = (NOW - datetime.timedelta(days=3)).date()
        row = lite(db, "SELECT started_at, ended_at FROM voice_sessions WHERE external_id = ?", MARTINIQUE_SESSION)
        check(row == [(f"{day}T14:30:00.250Z", f"{day}T14:34:00.000Z")],
              f"10:30:00.250 in Martinique becomes 14:30:00.250Z (exported under PGTZ=Asia/Tokyo): {row}")
        row = lite(db, "SELECT last_visit FROM members WHERE badge_id = ?", members[0]["badge_id"])
        check(row == [(utc_text(members[0]["last_visit"]),)],
              f"last_visit keeps its instant, microseconds truncated to milliseconds: {row}")
        row = lite(db, "SELECT v.total_tokens, v.kiosk_id, e.speaker, e.content FROM voice_sessions v "
                       "JOIN conversation_events e ON e.session_id = v.id WHERE v.external_id = 'sess_3' ORDER BY e.speaker")
        check(row == [(1200, None, "assistant", "Voici trois exercices doux."),
                      (1200, None, "member", "Je voudrais un programme pour le dos.")],
              f"tokens summed, an unknown kiosk left out, an audio event's two transcripts: {row}")
        row = lite(db, "SELECT session_metadata FROM voice_sessions WHERE external_id = 'sess_1'")
        check(row and json.loads(row[0][0]) == METADATA, f"a JSON column (session_metadata) survives: {row}")
        hours = lite(db, "SELECT slug, opening_hours FROM gyms ORDER BY slug")
        check([(slug, json.loads(text)) for slug, text in hours] == [
            ("jarvis-fit-paris-11", {"mon": "07:00-23:00", "tue": None, "wed": None, "thu": None, "fri": None,
                                     "sat": None, "sun": None}),
            ("salle-equinoxe-lyon", {"mon": "06:00-22:00", "tue": "06:00-22:00", "wed": "06:00-22:00",
                                     "thu": "06:00-22:00", "fri": "06:00-21:00", "sat": "08:00-18:00", "sun": None})],
            f"slugs (kiosk_url_slug, else from the name) and opening hours reshaped: {hours}")
        row = lite(db, "SELECT slug, status, token_hash, last_heartbeat FROM kiosks ORDER BY slug")
        check(row == [("equinoxe-accueil", "online", hashlib.sha256(KIOSK_TOKEN.encode()).hexdigest(),
                       utc_text(NOW - datetime.timedelta(minutes=1, microseconds=-654321))),
                      ("paris11-hall", "provisioning", None, None)],
              f"kiosks: the paired token's hash kept, a revoked one dropped, the later heartbeat: {row}")
        row = lite(db, "SELECT sentiment, sentiment_score, topics FROM conversation_summaries ORDER BY created_at")
        check([(s, score, json.loads(t)) for s, score, t in row] == [
            ("negative", -0.4, ["horaires"]), ("positive", 0.7, ["cardio", "vélo", "intervalles"]),
            ("neutral", 0.0, ["blessure", "genou"])], f"summaries: mixed→neutral, NULL score→0, topics: {row}")
        row = lite(db, "SELECT category, fact FROM member_facts ORDER BY fact")
        check(sorted(row) == sorted([("health", "knee: douleur au genou droit"), ("goal", 'cardio: {"minutes": 20, "per_week": 3}'),
                                     ("preference", "time_of_day: le matin"), ("other", 'bench: {"kg": 60}')]),
              f"facts: categories mapped, the inactive one skipped: {row}")
        row = lite(db, "SELECT content FROM conversation_events WHERE content LIKE 'Oui, avec%'")
        check(row == [("Oui, avec \"intervalles\", s'il te plaît.\nMerci",)], "a transcript line with quotes and a line break")
        row = lite(db, "SELECT v.started_at, v.ended_at, m.badge_id FROM voice_sessions v LEFT JOIN members m ON m.id = v.member_id "
                       "WHERE v.external_id = 'sess_orphan'")
        check(row == [(utc_text(NOW - datetime.timedelta(days=5, hours=2)),
                       utc_text(NOW - datetime.timedelta(days=5, hours=2) + datetime.timedelta(seconds=40)),
                       members[13]["badge_id"])], f"a session made from its transcript's first and last times: {row}")

        # Idempotent: a second run changes nothing.
        before = snapshot(db)
        kept = os.path.join(workdir, "kept")
        rc, out, err = migrate(binary, pg, db, "--keep", kept)
        files = sorted(os.listdir(kept)) if os.path.isdir(kept) else []
        check(len(files) == 8 and os.stat(kept).st_mode & 0o077 == 0,
              f"--keep leaves the eight CSV files in a directory only its owner reads: {files}")
        if "members.csv" in files:
            with open(os.path.join(kept, "members.csv"), encoding="utf-8") as text:
                check('"Dupont, dit ""Le Roc"" d\'Arcy"' in text.read(), "the CSV quotes the tricky name as RFC 4180 says")
        check(rc == 0, "the second migration passes" + ("" if rc == 0 else ": " + err[-2000:]))
        check(snapshot(db) == before, "the second migration changes no row")
        lines = [line for line in out.splitlines() if "rows:" in line]
        check(len(lines) == 8 and all("0 inserted, 0 updated" in line for line in lines),
              "the second migration reports 0 inserted, 0 updated for every entity")

        for job in JOBS:
            answer = subprocess.run([binary, "run", job, "--db", db], capture_output=True, text=True)
            check(answer.returncode == 0, f"jarvis run {job} succeeds" + ("" if answer.returncode == 0 else ": " + answer.stderr[-1000:]))
        active = lite(db, "SELECT count(*) FROM members WHERE is_active = 1 AND anonymized_at IS NULL")[0][0]
        analysed = lite(db, "SELECT count(*) FROM member_analytics")[0][0]
        missing = lite(db, "SELECT count(*) FROM members m WHERE is_active = 1 AND anonymized_at IS NULL "
                           "AND NOT EXISTS (SELECT 1 FROM member_analytics a WHERE a.member_id = m.id)")[0][0]
        check(active == 19 and analysed == active and missing == 0,
              f"member_analytics has one row per active member ({analysed} rows, {active} active)")
        reports = lite(db, "SELECT count(*) FROM insights_reports")[0][0]
        check(reports == 2, f"the weekly report job wrote one report per gym ({reports})")

        # A dump with only some of the tables (the hosted product never committed the
        # migrations of several): gyms, members and conversation logs.
        minimal_url = pg.url.replace("/hosted", "/minimal")
        with open(os.path.join(HERE, "original-schema.sql")) as schema:
            blocks = schema.read().split(";\n")
        kept = ("gyms", "gym_members_v2", "jarvis_conversation_logs")
        minimal_path = os.path.join(workdir, "minimal.sql")
        with open(minimal_path, "w") as out:
            out.write(";\n".join(b for b in blocks if any(f"CREATE TABLE {t} (" in b for t in kept)) + ";\n")
            out.write(";\n".join(statement for statement in (data + "\n").split(";\n")
                                  if any(statement.startswith(f"INSERT INTO {t} (") for t in kept)) + ";\n")
        pg.script(minimal_path, url=minimal_url)
        minimal_db = os.path.join(jarvis_dir, "minimal.db")
        rc, out, err = migrate(binary, pg, minimal_db, url=minimal_url)
        check(rc == 0, "a dump without kiosks, sessions, visits, summaries nor facts migrates"
              + ("" if rc == 0 else ": " + err[-2000:]))
        counts = {table: lite(minimal_db, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}
        with_visit = sum(1 for m in members if m["last_visit"] is not None)
        check(counts == {"gyms": 2, "members": 20, "member_visits": with_visit, "kiosks": 0, "voice_sessions": 2,
                         "conversation_events": 5, "conversation_summaries": 0, "member_facts": 0},
              f"its members, one visit per last_visit, the sessions made from the logs: {counts}")
    finally:
        if pg is not None:
            pg.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
