"""Many reviewers saving at once under the production server (gunicorn on 127.0.0.1): nothing lost, no errors."""
import http.client
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from annotator import accounts, create_app
from annotator.db import connect
from client_helpers import CSRF_FIELD, PASSWORD

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ("sourced", "speculative", "unverified")
SESSION_COOKIE = re.compile(r"session=([^;]*)")

REVIEWERS = 20
VERDICTS_EACH = 200
# Every loop below is bounded by a count and by this deadline, so a hung server fails the test instead of hanging it.
DEADLINE_SECONDS = 120
SERVER_START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(path) -> None:
    """A fresh database file as the app creates it (migrated, demo seeded); the server workers open it after."""
    create_app({"DATABASE": str(path), "SECRET_KEY": "prepare-only", "SEED_DEMO": True})


@contextmanager
def production_server(database, workers=4, threads=2):
    """gunicorn (gthread workers) serving the app on a free port of 127.0.0.1; always stopped on exit."""
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin", "ANNOTATOR_DATABASE": str(database),
        # Set so that no worker writes a key into the checkout's instance folder; the same for every worker.
        "ANNOTATOR_SECRET_KEY": secrets.token_hex(16),
    }
    log = open(Path(database).with_suffix(".server.log"), "wb")
    command = [sys.executable, "-m", "gunicorn", "-k", "gthread", "-w", str(workers), "--threads", str(threads),
               "-b", f"127.0.0.1:{port}", "--timeout", "60", "annotator:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}: see {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not listen on port {port} within {SERVER_START_SECONDS} s")
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
        log.close()


class Browser:
    """One reviewer's browser: its own connection, session cookie and CSRF token."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method, path, form=None, headers=None):
        body = urlencode(form) if form is not None else None
        headers = {"Cookie": f"session={self.cookie}", **(headers or {})}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (http.client.HTTPException, OSError):
            self.connection.close()  # a dropped keep-alive connection: retried once on a new one
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            found = SESSION_COOKIE.match(value)
            if found:
                self.cookie = found.group(1)
        token = CSRF_FIELD.search(text)
        if token:
            self.token = token.group(1)
        return response.status, text

    def log_in(self, name):
        self.request("GET", "/login")
        status, _ = self.request("POST", "/login", {"csrf_token": self.token, "name": name, "password": PASSWORD})
        assert status == 303, f"{name} could not log in: {status}"
        # A new session starts at login, with a new CSRF token: read it from a page, as a browser does.
        assert self.request("GET", "/")[0] == 200

    def save_verdict(self, claim_id, verdict):
        """The review page's htmx verdict post."""
        return self.request("POST", f"/claims/{claim_id}/verdict", {"verdict": verdict},
                            headers={"HX-Request": "true", "X-CSRFToken": self.token})


def reviewer_loop(port, name, claim_ids, article_id, count, deadline, outcome, start):
    """Post `count` verdicts, each one a change (the k-th pass over the claims saves VERDICTS[k % 3])."""
    saved, failures = {}, []
    browser = Browser(port)
    try:
        browser.log_in(name)
        start.wait(timeout=DEADLINE_SECONDS)
        for number in range(count):
            if time.monotonic() > deadline:
                failures.append("deadline passed")
                break
            claim_id = claim_ids[number % len(claim_ids)]
            verdict = VERDICTS[(number // len(claim_ids)) % len(VERDICTS)]
            status, body = browser.save_verdict(claim_id, verdict)
            if status != 200 or "database is locked" in body.lower():
                failures.append(f"verdict {number}: {status} {body[:200]!r}")
            else:
                saved[claim_id] = verdict
            if number % 50 == 49:  # reviewers also read while others write
                status, body = browser.request("GET", f"/articles/{article_id}")
                if status != 200 or "database is locked" in body.lower():
                    failures.append(f"review page: {status}")
    except Exception as error:  # reported by the test, not lost in a thread
        failures.append(f"{type(error).__name__}: {error}")
    finally:
        browser.connection.close()
    outcome[name] = (saved, failures)


def test_twenty_reviewers_saving_at_once_lose_no_verdict_and_no_history(tmp_path):
    database = tmp_path / "annotator.db"
    prepare_database(database)
    db = connect(database)
    try:
        names = [f"reviewer {number:02d}" for number in range(REVIEWERS)]
        for name in names:
            accounts.create_user(db, name, PASSWORD, "reviewer")
        article_id = next(db.query("select id from articles"))["id"]
        claim_ids = [row["id"] for row in db.query(
            "select id from live_claims where article_id = ? order by position", [article_id])]
    finally:
        db.close()

    outcome = {}
    with production_server(database) as port:
        deadline = time.monotonic() + DEADLINE_SECONDS
        start = threading.Barrier(REVIEWERS, timeout=DEADLINE_SECONDS)
        threads = [threading.Thread(target=reviewer_loop, daemon=True,
                                    args=(port, name, claim_ids, article_id, VERDICTS_EACH, deadline, outcome, start))
                   for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic() + 5))
        assert not any(thread.is_alive() for thread in threads), "a reviewer was still posting at the deadline"

    failures = {name: found[1][:3] for name, found in outcome.items() if found[1]}
    assert failures == {}
    assert len(outcome) == REVIEWERS
    db = connect(database)
    try:
        for name, (saved, _) in outcome.items():
            stored = {row["claim_id"]: row["verdict"] for row in db.query(
                "select v.claim_id, v.verdict from verdicts v join reviewers r on r.id = v.reviewer_id "
                "where r.name = ?", [name])}
            assert stored == saved, name
            history = db.execute(
                "select count(*) from verdict_history h join reviewers r on r.id = h.reviewer_id where r.name = ?",
                [name]).fetchone()[0]
            assert history == VERDICTS_EACH, name  # every post was a change, and every change is in the history
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
