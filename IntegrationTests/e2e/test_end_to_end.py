#!/usr/bin/env python3
"""A site's first day on the appliance, end to end, on a real `jarvis serve` over loopback HTTP:

1. an empty database; gyms, members and one older kiosk imported from CSV with `jarvis import`
   while the server runs; a kiosk added through the management API and put in service;
2. a day of the kiosk's traffic through the kiosk API (badge lookups, check-ins, voice sessions,
   transcript batches, summaries), one check-in and one transcript batch posted twice with the
   same event ids and written once; a clock ahead of the appliance's and a 2 MB transcript line
   refused with nothing written;
3. the four jobs triggered with the contract's cron bearer: the churn and kiosk alerts and the
   weekly reports that this data implies, checked against the figures worked out by hand here;
4. a manager acknowledges one alert and resolves another through the API, then does the same
   to two others in the dashboard (headless Chromium); the API shows all four.

Counts are read with Debian's sqlite3 shell on the real file. Ends with "N passed, N failed".
"""
import csv
import datetime
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import harness  # noqa: E402

CRON_SECRET = "e2e-cron-secret-" + secrets.token_hex(16)
ADMIN_SECRET = "e2e-admin-secret-" + secrets.token_hex(16)
PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.timezone.utc
JOBS = ["daily-churn-analysis", "health-check-kiosks", "cleanup-old-data", "weekly-reports"]

check = harness.Checks()


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def write_csv(path, header, rows):
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


class Site:
    """The test's files, database and server."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.binary = harness.jarvis_binary()
        self.db = os.path.join(workdir, "jarvis.db")
        self.env = dict(os.environ, CRON_SECRET=CRON_SECRET, JARVIS_ADMIN_SECRET=ADMIN_SECRET,
                        JARVIS_TIMEZONE="Europe/Paris")

    def jarvis(self, *arguments):
        return subprocess.run([self.binary, *arguments, "--db", self.db], env=self.env,
                              capture_output=True, text=True)

    def sql(self, query):
        """One value from Debian's sqlite3 shell on the appliance's file."""
        answer = subprocess.run(["sqlite3", self.db, query], capture_output=True, text=True, check=True)
        return answer.stdout.strip()

    def count(self, table, where="1"):
        return int(self.sql(f"SELECT count(*) FROM {table} WHERE {where}"))


def main():
    workdir = tempfile.mkdtemp(prefix="jarvis-e2e-")
    token = nice_token = ""
    site = Site(workdir)
    now = datetime.datetime.now(UTC)
    today = now.astimezone(PARIS).date()
    # The day of traffic: the Wednesday of the previous ISO week, so that this week's Monday
    # report covers it; the churn analysis, today, sees it 6 to 12 days back (under 14).
    day = today - datetime.timedelta(days=today.weekday() + 5)
    week = day.isocalendar()

    def at(hour, minute=0):
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)

    year_ago = (today - datetime.timedelta(days=365)).isoformat()
    server = harness.Server(site.binary, site.db, site.env, workdir)
    driver = None
    try:
        check(os.path.exists(site.db) and site.count("gyms") == 0 and site.count("members") == 0,
              "the server starts on an empty database")

        # 1. The site's own data, imported from CSV while the server runs.
        gyms = write_csv(os.path.join(workdir, "gyms.csv"),
                         ["slug", "name", "timezone", "city", "opening_hours", "status"],
                         [["e2e-lyon", "Lyon Part-Dieu", "Europe/Paris", "Lyon", "24/7", "active"],
                          ["e2e-nice", "Nice Centre", "Europe/Paris", "Nice",
                           '{"mon":"06:00-22:00","tue":"06:00-22:00","wed":"06:00-22:00","thu":"06:00-22:00",'
                           '"fri":"06:00-22:00","sat":"08:00-20:00","sun":null}', "active"]])
        soon = (today + datetime.timedelta(days=10)).isoformat()
        people = [  # external id, badge, first name, last name, membership end, active
            ("m-alice", "B001", "Alice", "Martin", None, "true"),
            ("m-bruno", "B002", "Bruno", "Durand", None, "true"),
            ("m-chloe", "B003", "Chloé", "Bernard", soon, "true"),
            ("m-david", "B004", "David", "Petit", None, "true"),
            ("m-gaelle", "B005", "Gaëlle", "Roux", None, "true"),
            ("m-hugo", "B006", "Hugo", "Moreau", None, "true"),
            ("m-emma", "B007", "Emma", "Simon", None, "false"),
        ]
        members = write_csv(
            os.path.join(workdir, "members.csv"),
            ["gym", "external_id", "badge_id", "first_name", "last_name", "email", "member_since",
             "membership_expires", "is_active"],
            [["e2e-lyon", ext, badge, first, last, f"{ext}@example.org", year_ago, end or "", active]
             for ext, badge, first, last, end, active in people]
            + [["e2e-nice", "m-ines", "B001", "Inès", "Laurent", "", year_ago, "", "true"]])
        two_days_ago = iso(now - datetime.timedelta(days=2))
        kiosks = write_csv(os.path.join(workdir, "kiosks.csv"),
                           ["gym", "slug", "name", "status", "last_heartbeat", "created_at"],
                           [["e2e-lyon", "e2e-lyon-vestiaire", "Vestiaire", "offline", two_days_ago, two_days_ago]])
        for entity, path in (("gyms", gyms), ("members", members), ("kiosks", kiosks)):
            answer = site.jarvis("import", entity, path)
            check(answer.returncode == 0, f"jarvis import {entity} succeeds ({answer.stderr.strip()[-200:]})")
        check(site.count("gyms") == 2 and site.count("members") == 8 and site.count("kiosks") == 1,
              "the imported gyms, members and kiosk are in the database")
        again = site.jarvis("import", "members", members)
        check(again.returncode == 0 and site.count("members") == 8, "importing the members again changes nothing")

        status, answer = server.call("POST", "/api/gyms/e2e-lyon/kiosks", ADMIN_SECRET,
                                     {"slug": "e2e-lyon-accueil", "name": "Accueil"})
        check(status == 201 and answer.get("token"), f"a kiosk is added through the management API ({status})")
        token = (answer or {}).get("token", "")
        nice_status, nice = server.call("POST", "/api/gyms/e2e-nice/kiosks", ADMIN_SECRET,
                                        {"slug": "e2e-nice-accueil", "name": "Accueil"})
        nice_token = nice.get("token", "") if nice_status == 201 else ""
        for gym, slug in (("e2e-lyon", "e2e-lyon-accueil"), ("e2e-nice", "e2e-nice-accueil")):
            status, _ = server.call("PATCH", f"/api/gyms/{gym}/kiosks/{slug}", ADMIN_SECRET, {"maintenance": False})
            check(status == 200, f"{slug} is put in service ({status})")
        check(site.count("kiosks", "token_hash IS NOT NULL AND slug LIKE '%accueil'") == 2
              and token not in site.sql("SELECT group_concat(token_hash) FROM kiosks"),
              "the kiosks' tokens are stored as hashes only")

        # 2. A day of the kiosks' traffic.
        def kiosk(method, path, body=None, slug="e2e-lyon-accueil", bearer=None):
            return server.call(method, f"/api/kiosks/{slug}{path}", bearer or token, body)

        for slug, bearer in (("e2e-lyon-accueil", token), ("e2e-nice-accueil", nice_token)):
            status, _ = kiosk("POST", "/heartbeat", {"softwareVersion": "3.1.0"}, slug=slug, bearer=bearer)
            check(status in (200, 204), f"{slug} beats ({status})")

        status, answer = kiosk("GET", "/members/B001")
        member = (answer or {}).get("member", {})
        check(status == 200 and member.get("firstName") == "Alice" and member.get("externalId") == "m-alice"
              and "email" not in member and "lastName" not in member,
              "the badge lookup finds Alice with her first name only")
        for badge, why in (("B007", "an inactive member"), ("B999", "an unknown badge")):
            status, answer = kiosk("GET", f"/members/{badge}")
            check(status == 404 and answer == {"error": "Badge non reconnu"}, f"the badge lookup refuses {why}")
        status, _ = kiosk("GET", "/members/B002", slug="e2e-nice-accueil", bearer=nice_token)
        check(status == 404, "a badge of another gym is not recognised")

        checkins = [("ev-1", "B001", at(9, 5)), ("ev-2", "B002", at(12, 30)), ("ev-3", "B001", at(18, 40))]
        for event, badge, moment in checkins:
            status, _ = kiosk("POST", "/check-ins", {"eventId": event, "badge": badge, "visitedAt": iso(moment)})
            check(status == 201, f"check-in {event} is recorded ({status})")
        status, answer = kiosk("POST", "/check-ins", {"eventId": "ev-2", "badge": "B002", "visitedAt": iso(at(12, 30))})
        check(status == 200 and (answer or {}).get("visit", {}).get("eventId") == "ev-2",
              "a check-in posted again with the same event id is acknowledged (200)")
        status, _ = kiosk("POST", "/check-ins", {"eventId": "ev-n1", "badge": "B001", "visitedAt": iso(at(10))},
                          slug="e2e-nice-accueil", bearer=nice_token)
        check(status == 201, "Inès checks in at Nice")
        future = iso(now + datetime.timedelta(minutes=30))
        status, answer = kiosk("POST", "/check-ins", {"eventId": "ev-future", "badge": "B001", "visitedAt": future})
        check(status == 400 and (answer or {}).get("field") == "visitedAt",
              f"a check-in 30 minutes in the future is refused, naming visitedAt ({status})")
        check(site.count("member_visits") == 4, "four visits are stored: the replay and the future one are not")
        check(site.sql("SELECT last_visit FROM members WHERE external_id = 'm-alice'").startswith(
              iso(at(18, 40))[:16]), "Alice's last visit is her evening check-in")

        sessions = [  # session id, badge, start, sentiment, score, topics
            ("s-alice-1", "B001", at(9, 10), "positive", 0.8, ["cours", "horaires"]),
            ("s-bruno-1", "B002", at(12, 35), "negative", -0.6, ["tarifs"]),
            ("s-bruno-2", "B002", at(13, 0), "negative", -0.7, ["tarifs", "vestiaires"]),
            ("s-bruno-3", "B002", at(13, 30), "negative", -0.5, ["vestiaires"]),
        ]
        for session_id, badge, start, sentiment, score, topics in sessions:
            status, _ = kiosk("POST", "/sessions", {"sessionId": session_id, "badge": badge, "startedAt": iso(start),
                                                    "metadata": {"model": "realtime"}})
            check(status == 201, f"session {session_id} starts ({status})")
            lines = [{"eventId": f"{session_id}-l{n}", "occurredAt": iso(start + datetime.timedelta(seconds=10 * n)),
                      "speaker": "member" if n % 2 == 0 else "assistant", "content": f"Phrase {n} de {session_id}"}
                     for n in range(4)]
            status, answer = kiosk("POST", f"/sessions/{session_id}/transcript", {"lines": lines})
            check(status == 201 and (answer or {}).get("written") == 4, f"{session_id}: four transcript lines written")
            if session_id == "s-bruno-1":
                status, answer = kiosk("POST", f"/sessions/{session_id}/transcript", {"lines": lines})
                check(status == 200 and answer.get("written") == 0 and answer.get("replayed") == 4,
                      "the same batch posted again writes nothing")
                huge = dict(lines[0], eventId="s-bruno-1-huge", content="x" * (2 * 1024 * 1024))
                status, answer = kiosk("POST", f"/sessions/{session_id}/transcript",
                                       {"lines": [dict(lines[0], eventId="s-bruno-1-ok"), huge]})
                check(status in (400, 413), f"a batch holding a 2 MB line is refused ({status}: {answer})")
            end = start + datetime.timedelta(minutes=4)
            status, answer = kiosk("POST", f"/sessions/{session_id}/end", {"endedAt": iso(end), "totalTokens": 1200})
            check(status == 200 and (answer or {}).get("session", {}).get("durationSeconds") == 240,
                  f"{session_id} ends after 4 minutes")
            status, _ = kiosk("POST", f"/sessions/{session_id}/summary",
                              {"eventId": f"{session_id}-summary", "createdAt": iso(end), "sentiment": sentiment,
                               "sentimentScore": score, "topics": topics, "summary": f"Résumé de {session_id}"})
            check(status == 201, f"{session_id}: its summary is stored ({status})")
        check(site.count("voice_sessions") == 4 and site.count("conversation_events") == 16
              and site.count("conversation_summaries") == 3 + 1,
              "4 sessions, 16 transcript lines (no replay, nothing of the refused batch), 4 summaries")

        # 3. The four jobs, as the hosted cron service triggers them.
        for job in JOBS:
            status, answer = server.call("POST", f"/api/cron/{job}", CRON_SECRET)
            check(status == 200 and (answer or {}).get("success") is True, f"{job} succeeds over HTTP ({status})")
        logged = site.sql("SELECT group_concat(log_type) FROM (SELECT log_type FROM system_logs "
                          "WHERE log_type LIKE 'cron_%' ORDER BY id)")
        check(logged == "cron_daily_churn,cron_kiosk_health,cron_cleanup,cron_weekly_reports",
              f"system_logs holds the four runs, in order ({logged})")

        levels = dict(line.split("|") for line in site.sql(
            "SELECT m.external_id, a.churn_level FROM member_analytics a JOIN members m ON m.id = a.member_id").splitlines())
        check(levels == {"m-alice": "low", "m-bruno": "medium", "m-chloe": "critical", "m-david": "high",
                         "m-gaelle": "high", "m-hugo": "high", "m-ines": "low"},
              f"each member's churn level is the one the data implies ({levels})")
        status, answer = server.call("GET", "/api/alerts?gym=e2e-lyon&status=open", ADMIN_SECRET)
        alerts = (answer or {}).get("alerts", [])
        churn = {a["memberId"]: a for a in alerts if a["type"] == "churn_risk"}
        offline = [a for a in alerts if a["type"] == "kiosk_offline"]
        check(status == 200 and len(churn) == 4 and len(offline) == 1 and len(alerts) == 5,
              f"five open alerts: four churn risks and the silent kiosk ({len(alerts)})")
        by_title = {a["title"]: a for a in alerts}
        check(by_title.get("Risque de départ critique : Chloé Bernard", {}).get("priority") == "urgent",
              "Chloé, critical, has an urgent alert")
        check(all(by_title.get(f"Risque de départ élevé : {name}", {}).get("priority") == "high"
                  for name in ("David Petit", "Gaëlle Roux", "Hugo Moreau")), "David, Gaëlle and Hugo have high alerts")
        check(offline and offline[0]["priority"] == "urgent" and "Vestiaire" in offline[0]["title"],
              "the kiosk silent for two days has an urgent offline alert")
        check(site.sql("SELECT status FROM kiosks WHERE slug = 'e2e-lyon-accueil'") == "online",
              "the kiosk that beats is online")

        week_name = f"{week[0]}-W{week[1]:02d}"
        status, report = server.call("GET", f"/api/reports/e2e-lyon/{week_name}", ADMIN_SECRET)
        metrics = (report or {}).get("metrics", {})
        check(status == 200 and metrics.get("visits", {}).get("total") == 3
              and metrics.get("visits", {}).get("uniqueVisitors") == 2,
              f"Lyon's {week_name} report counts 3 visits by 2 members ({metrics.get('visits')})")
        sentiment = metrics.get("sentiment", {})
        check(metrics.get("conversations") == 4 and sentiment.get("negative") == 3 and sentiment.get("positive") == 1,
              f"the report counts 4 conversations, 3 negative and 1 positive ({sentiment})")
        topics = [t["topic"] for t in metrics.get("topTopics", [])]
        check(topics[:2] == ["tarifs", "vestiaires"] or topics[:2] == ["vestiaires", "tarifs"],
              f"the report's top topics are tarifs and vestiaires ({topics})")
        status, nice_report = server.call("GET", f"/api/reports/e2e-nice/{week_name}", ADMIN_SECRET)
        check(status == 200 and nice_report["metrics"]["visits"]["total"] == 1, "Nice's report counts its one visit")

        # 4. A manager acts on the alerts: through the API first.
        chloe = by_title["Risque de départ critique : Chloé Bernard"]["id"]
        kiosk_alert = offline[0]["id"]
        status, _ = server.call("POST", f"/api/alerts/{chloe}/acknowledge", ADMIN_SECRET, {"note": "Je l'appelle demain"})
        check(status == 200, "the manager acknowledges Chloé's alert through the API")
        status, _ = server.call("POST", f"/api/alerts/{kiosk_alert}/resolve", ADMIN_SECRET,
                                {"note": "Borne redémarrée"})
        check(status == 200, "and resolves the kiosk's alert with a note")

        # Then in the dashboard.
        from selenium.webdriver.common.by import By

        driver = harness.browser()
        check(harness.sign_in(driver, server.base, ADMIN_SECRET), "the manager signs in to the dashboard")
        driver.get(server.base + "/alerts?gym=e2e-lyon&status=open%2Cacknowledged&type=churn_risk")
        rows = {row.get_attribute("data-alert"): row for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-alert]")}
        check(len(rows) == 4, f"the gym's alerts page lists the four churn alerts ({len(rows)})")
        david = str(by_title["Risque de départ élevé : David Petit"]["id"])
        gaelle = str(by_title["Risque de départ élevé : Gaëlle Roux"]["id"])
        harness.submit(driver, driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{david}"] button.acknowledge'))
        row = driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{david}"]')
        check(row.get_attribute("data-status") == "acknowledged", "David's alert is acknowledged in the dashboard")
        driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{gaelle}"] input[name="note"]').send_keys("Rappelée")
        harness.submit(driver, driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{gaelle}"] button.resolve'))
        check(not driver.find_elements(By.CSS_SELECTOR, f'tr[data-alert="{gaelle}"]'),
              "Gaëlle's alert, resolved, leaves the list of open and acknowledged alerts")

        states = {}
        for alert_id in (chloe, kiosk_alert, david, gaelle):
            _, answer = server.call("GET", f"/api/alerts/{alert_id}", ADMIN_SECRET)
            states[int(alert_id)] = (answer.get("status"), answer.get("note"))
        check(states == {chloe: ("acknowledged", "Je l'appelle demain"), kiosk_alert: ("resolved", "Borne redémarrée"),
                         int(david): ("acknowledged", None), int(gaelle): ("resolved", "Rappelée")},
              f"the API shows the four alerts as the manager left them ({states})")
        check(site.count("system_logs", "log_type = 'alert'") == 4, "each action wrote one system_logs row")

        # The next churn analysis keeps the acknowledged alerts as the manager left them.
        status, answer = server.call("POST", "/api/cron/daily-churn-analysis", CRON_SECRET)
        check(status == 200 and site.count("manager_alerts", "status = 'acknowledged'") == 2,
              "a second churn run keeps the acknowledged alerts acknowledged")
    finally:
        if driver is not None:
            driver.quit()
        log = server.stop()
        check(all(secret not in log for secret in (CRON_SECRET, ADMIN_SECRET, token, nice_token) if secret),
              "no secret and no kiosk token is in the server's log")
        shutil.rmtree(workdir, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
