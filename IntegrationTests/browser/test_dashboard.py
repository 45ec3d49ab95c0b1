#!/usr/bin/env python3
"""Drives the dashboard in a real headless Chromium (Debian's chromium + chromium-driver,
python3-selenium): sign in, the four schedules and their next fires, pause and resume, an
expression preview, run now and its run on the runs page, sign out and be refused.

Environment:
  JARVIS_BIN          the jarvis binary (default: .build/debug/jarvis, built if missing)
  SCREENSHOT_DIR      where the screenshots go (default: /tmp/jarvis-screenshots)
Ends with a line "N passed, N failed"; exits non-zero on any failure.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
import harness  # noqa: E402

SECRET = "browser-test-secret-" + "0123456789abcdef" * 2
JOBS = ["cleanup-old-data", "daily-churn-analysis", "health-check-kiosks", "weekly-reports"]
LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")

check = harness.Checks()


def start_server(binary, workdir):
    db = os.path.join(workdir, "jarvis.db")
    env = dict(os.environ, CRON_SECRET=SECRET, JARVIS_TIMEZONE="Europe/Paris")
    env.pop("JARVIS_ADMIN_SECRET", None)
    # A small demo, so that the kiosks and alerts have something to show, quickly.
    subprocess.run([binary, "demo", "--db", db, "--gyms", "2", "--members-per-gym", "60", "--days", "30"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    # Two runs from the command line first, so that there is a history and open alerts to show.
    for job in ("daily-churn-analysis", "health-check-kiosks", "weekly-reports"):
        subprocess.run([binary, "run", job, "--db", db], env=env, check=True, stdout=subprocess.DEVNULL)
    return harness.Server(binary, db, env, workdir)


def screenshot(driver, directory, name, width=1280):
    """A full-page screenshot at `width` CSS pixels (a phone's viewport below 600)."""
    mobile = width < 600
    metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics, height=min(int(height), 8000)))
    path = os.path.join(directory, name)
    driver.save_screenshot(path)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    print(f"      screenshot {path}")
    return path


def card(driver, schedule):
    return driver.find_element(By.CSS_SELECTOR, f'article[data-schedule="{schedule}"]')


def is_paused(driver, schedule):
    """The card's status badge, not its buttons (whose labels say "pause" too)."""
    return len(card(driver, schedule).find_elements(By.CSS_SELECTOR, "h3 .badge.s-paused")) == 1


def main():
    shots = os.environ.get("SCREENSHOT_DIR", "/tmp/jarvis-screenshots")
    os.makedirs(shots, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="jarvis-browser-")
    server = start_server(harness.jarvis_binary(), workdir)
    base = server.base
    driver = None
    try:
        driver = harness.browser()

        # Signed out, every page leads to the sign-in form.
        driver.get(base + "/runs")
        check(driver.current_url == base + "/signin", "a page without a session redirects to /signin")

        screenshot(driver, shots, "signin-phone.png", width=390)
        driver.find_element(By.ID, "secret").send_keys("not-the-secret")
        harness.submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button"))
        check("Secret incorrect" in driver.page_source, "a wrong secret is refused")

        driver.find_element(By.ID, "secret").send_keys(SECRET)
        harness.submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button"))
        check(driver.current_url == base + "/", "signing in opens the overview")
        cookie = driver.get_cookie("jarvis_session")
        check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
              "the session cookie is HttpOnly and SameSite=Strict")
        check(driver.execute_script("return document.cookie").find("jarvis_session") < 0,
              "scripts cannot read the session cookie")

        # The four schedules, each with its next fire in local time.
        cards = driver.find_elements(By.CSS_SELECTOR, "article.schedule")
        check(sorted(c.get_attribute("data-schedule") for c in cards) == JOBS, "the overview shows the four schedules")
        for job in JOBS:
            next_fire = card(driver, job).find_element(By.CSS_SELECTOR, ".next-fire").text
            check(LOCAL_TIME.search(next_fire) is not None, f"{job}: next fire in local time ({next_fire})")
        check("Alertes ouvertes" in driver.page_source and "en ligne" in driver.page_source,
              "the overview shows open alerts and kiosk counts, in French")
        check("réussie" in card(driver, "daily-churn-analysis").text,
              "the overview shows the last run of the churn analysis and its status")
        screenshot(driver, shots, "overview.png")
        screenshot(driver, shots, "overview-phone.png", width=390)

        # Pause and resume a schedule.
        driver.get(base + "/schedules")
        check(not is_paused(driver, "weekly-reports"), "weekly-reports starts active")
        harness.submit(driver, card(driver, "weekly-reports").find_element(By.CSS_SELECTOR, "form[action$='/pause'] button"))
        check("/schedules?saved=weekly-reports" in driver.current_url and is_paused(driver, "weekly-reports"),
              "pausing shows the schedule paused")
        check(card(driver, "weekly-reports").find_element(By.CSS_SELECTOR, ".next-fire").text == "en pause",
              "a paused schedule has no next fire")
        driver.get(base + "/")
        check(is_paused(driver, "weekly-reports"), "the overview shows it paused")
        driver.get(base + "/schedules")
        harness.submit(driver, card(driver, "weekly-reports").find_element(By.CSS_SELECTOR, "form[action$='/resume'] button"))
        check(not is_paused(driver, "weekly-reports")
              and LOCAL_TIME.search(card(driver, "weekly-reports").find_element(By.CSS_SELECTOR, ".next-fire").text),
              "resuming shows it active with a next fire")

        # A preview of the next five fires, then a refused expression.
        field = driver.find_element(By.ID, "cron-daily-churn-analysis")
        field.clear()
        field.send_keys("*/15 8-20 * * 1-5")
        harness.submit(driver, card(driver, "daily-churn-analysis").find_element(By.CSS_SELECTOR, "button[value='preview']"))
        fires = card(driver, "daily-churn-analysis").find_elements(By.CSS_SELECTOR, "ol.fires li")
        check(len(fires) == 5, f"the preview lists the next five fires ({len(fires)})")
        field = driver.find_element(By.ID, "cron-daily-churn-analysis")
        field.clear()
        field.send_keys("61 * * * *")
        harness.submit(driver, card(driver, "daily-churn-analysis").find_element(By.CSS_SELECTOR, "button[value='save']"))
        check("minute: 61 is out of range 0-59" in card(driver, "daily-churn-analysis").text,
              "an invalid expression is refused with its reason")
        screenshot(driver, shots, "schedules.png")
        driver.get(base + "/schedules")
        check(driver.find_element(By.ID, "cron-daily-churn-analysis").get_attribute("value") == "0 2 * * *",
              "neither the preview nor the refused change was saved")

        # Run now, and see the run on the runs page.
        harness.submit(driver, card(driver, "health-check-kiosks").find_element(By.CSS_SELECTOR, "form[action$='/run'] button"))
        check("/runs?started=" in driver.current_url, "run now leads to the runs page")
        run_id = driver.current_url.rsplit("=", 1)[1]
        check(f"Exécution lancée #{run_id}" in driver.page_source, f"run now started run #{run_id}")
        status = None
        for _ in range(100):
            rows = driver.find_elements(By.CSS_SELECTOR, f'tr[data-run="{run_id}"]')
            status = rows[0].get_attribute("data-status") if rows else None
            if status not in (None, "running"):
                break
            time.sleep(0.2)
            driver.refresh()
        check(status == "succeeded", f"the run appears on the runs page and succeeded ({status})")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline circle")) >= 1, "the timeline shows the run")
        screenshot(driver, shots, "runs.png")

        driver.get(base + "/kiosks")
        check(len(driver.find_elements(By.CSS_SELECTOR, "tr[data-kiosk]")) >= 2, "the kiosks page lists the demo's kiosks")
        screenshot(driver, shots, "kiosks.png")

        driver.get(base + "/reports")
        links = driver.find_elements(By.CSS_SELECTOR, "a[href^='/reports/']")
        check(len(links) == 2, f"the reports page lists one report per demo gym ({len(links)})")
        screenshot(driver, shots, "reports.png")
        if links:
            harness.submit(driver, links[0])
            check(re.search(r"/reports/[a-z0-9-]+/\d{4}-W\d{2}$", driver.current_url) is not None
                  and len(driver.find_elements(By.TAG_NAME, "svg")) >= 1, "a report opens as its HTML page with its chart")
            screenshot(driver, shots, "report.png")

        # A manager opens the alerts page from the overview, acknowledges one alert and
        # resolves another with a note; the page and the API (the database) show both.
        driver.get(base + "/alerts?status=open%2Cacknowledged&type=churn_risk")
        open_rows = [row for row in driver.find_elements(By.CSS_SELECTOR, "tr[data-alert]")
                     if row.get_attribute("data-status") == "open"]
        check(len(open_rows) >= 2, f"the alerts page lists the open churn alerts ({len(open_rows)})")
        screenshot(driver, shots, "alerts.png")
        if len(open_rows) >= 2:
            first, second = (row.get_attribute("data-alert") for row in open_rows[:2])
            harness.submit(driver, driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{first}"] button.acknowledge'))
            check(f"Alerte mise à jour #{first}" in driver.page_source
                  and "type=churn_risk" in driver.current_url,
                  "acknowledging returns to the filtered page with a notice")
            row = driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{first}"]')
            check(row.get_attribute("data-status") == "acknowledged" and "acquittée" in row.text,
                  "the page shows the alert acknowledged")
            note = driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{second}"] input[name="note"]')
            note.send_keys("Appelée : elle revient lundi")
            harness.submit(driver, driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{second}"] button.resolve'))
            check(not driver.find_elements(By.CSS_SELECTOR, f'tr[data-alert="{second}"]'),
                  "the resolved alert leaves the list of open and acknowledged alerts")
            driver.get(base + "/alerts?status=resolved")
            row = driver.find_element(By.CSS_SELECTOR, f'tr[data-alert="{second}"]')
            check("Appelée : elle revient lundi" in row.text and "résolue" in row.text,
                  "the resolved alert shows its note")
            check(len(row.find_elements(By.CSS_SELECTOR, "button.reopen")) == 1, "a resolved alert can be reopened")
            screenshot(driver, shots, "alerts-resolved.png")

            def api(path):
                request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + SECRET})
                with urllib.request.urlopen(request, timeout=5) as answer:
                    return json.load(answer)
            acknowledged, resolved = api(f"/api/alerts/{first}"), api(f"/api/alerts/{second}")
            check(acknowledged["status"] == "acknowledged" and acknowledged.get("acknowledgedAt"),
                  "the API shows the first alert acknowledged")
            check(resolved["status"] == "resolved" and resolved.get("note") == "Appelée : elle revient lundi"
                  and resolved.get("resolvedAt"), "the API shows the second alert resolved with its note")

        # Sign out; the dashboard is closed again.
        driver.get(base + "/")
        harness.submit(driver, driver.find_element(By.ID, "sign-out"))
        check(driver.current_url == base + "/signin", "signing out leads to the sign-in page")
        driver.get(base + "/")
        check(driver.current_url == base + "/signin", "after signing out, the overview is refused")
        driver.get(base + "/runs")
        check(driver.current_url == base + "/signin" and "Exécution" not in driver.page_source,
              "after signing out, the runs page is refused")
    finally:
        if driver is not None:
            driver.quit()
        server_log = server.stop()
        check(SECRET not in server_log, "the secret is in no line of the server's log")
        shutil.rmtree(workdir, ignore_errors=True)

    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
