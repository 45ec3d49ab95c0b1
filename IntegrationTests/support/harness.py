"""What the integration tests share: pass/fail counting, a `jarvis serve` on a free loopback
port, JSON calls over real HTTP, and a headless Chromium (Debian's chromium, chromium-driver
and python3-selenium) with a helper that waits for a submitted form's next page.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class Checks:
    """Counts checks; each prints one line, and `summary` the final "N passed, N failed"."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def __call__(self, condition, what):
        if condition:
            self.passed += 1
            print(f"ok    {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL  {what}", flush=True)
        return condition

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def jarvis_binary():
    binary = os.environ.get("JARVIS_BIN") or os.path.join(ROOT, ".build", "debug", "jarvis")
    if not os.path.exists(binary):
        subprocess.run(["swift", "build", "--product", "jarvis"], cwd=ROOT, check=True)
    return binary


class Server:
    """`jarvis serve` on `db`, on a free loopback port, until `stop` (SIGTERM)."""

    def __init__(self, binary, db, env, workdir):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, "serve.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(self.port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/api/health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.process.kill()
        raise SystemExit("jarvis serve did not answer /api/health; see " + self.log_path)

    def call(self, method, path, token, body=None):
        """(status, JSON answer or None) of one request with a bearer token."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": "Bearer " + token}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        return status, (json.loads(text) if text.strip() else None)

    def stop(self):
        """SIGTERM, then the server's whole log."""
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        with open(self.log_path) as text:
            return text.read()


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--hide-scrollbars", "--lang=fr-FR", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fr-FR,fr"})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


def submit(driver, button):
    """Clicks a form's button and waits until the next page has replaced this one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, 20).until(lambda _: gone(page))


def gone(element):
    """True once `element` has left the page. Chrome reports it as a stale element, or, while
    it swaps one document for the next, as a node that "does not belong to the document"
    (which selenium's staleness_of does not catch)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def sign_in(driver, base, secret):
    from selenium.webdriver.common.by import By

    driver.get(base + "/signin")
    driver.find_element(By.ID, "secret").send_keys(secret)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/signin'] button"))
    return driver.current_url == base + "/"
