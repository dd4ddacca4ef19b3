"""What the benchmarks share: generated news text, the app's database and CLI, HTTP sessions, the results table."""
import argparse
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

# The checkout whose app is measured: this one, or another (a clean export of a commit) named by BENCH_APP_ROOT.
ROOT = Path(os.environ.get("BENCH_APP_ROOT") or Path(__file__).resolve().parent.parent).resolve()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEMO_PATH = ROOT / "seeds" / "xiaomi-korea.txt"
# Sessions and CSRF tokens are signed with this; set so that no benchmark writes instance/secret_key.
BENCH_SECRET_KEY = "bench-only-not-secret"


# --- Command line and results ------------------------------------------------------------------------------

def parse_args(description: str, argv=None) -> argparse.Namespace:
    """The options every benchmark takes: --quick for a short run, --json to hand results to run_all."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="a smaller run, for a check that it works")
    parser.add_argument("--json", metavar="FILE", help="also write the results to FILE as JSON")
    return parser.parse_args(argv)


class Results:
    """Rows of (what, figure, unit, baseline, ratio, target, met), printed as a table and saved as JSON."""

    def __init__(self, benchmark: str):
        self.benchmark = benchmark
        self.rows = []
        self.notes = []
        warning = load_warning()
        if warning:
            self.note(warning)
        self._started = (time.perf_counter(), machine_busy_seconds(), own_cpu_seconds())

    def add(self, what: str, value, unit: str = "", baseline: str = "", ratio=None, target: str = "",
            met=None):
        self.rows.append({"benchmark": self.benchmark, "what": what, "value": value, "unit": unit,
                          "baseline": baseline, "ratio": ratio, "target": target, "met": met})
        print(f"  {what}: {fmt(value)} {unit}" + (f"  ({fmt(ratio)}x {baseline})" if ratio is not None else "")
              + (f"  target {target}: {'met' if met else 'MISSED'}" if target else ""), flush=True)

    def note(self, text: str):
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def finish(self, args):
        wall, busy, own = (now - then for now, then in
                           zip((time.perf_counter(), machine_busy_seconds(), own_cpu_seconds()), self._started))
        others = max(0.0, busy - own) / wall
        if others > 0.15:
            self.note(f"other processes kept {others:.0%} of one core busy during this benchmark: "
                      "figures are lower than on a quiet machine")
        print()
        print(markdown_table(self.rows))
        if args.json:
            Path(args.json).write_text(json.dumps({"rows": self.rows, "notes": self.notes}, indent=1))


def fmt(value) -> str:
    """Numbers as people read them: 12,345 / 1,234.5 / 12.3 / 0.123."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3g}"
    return str(value)


def markdown_table(rows) -> str:
    lines = ["| benchmark | measure | result | baseline (same run) | ratio | target | met |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        met = "" if row["met"] is None else ("yes" if row["met"] else "**no**")
        ratio = "" if row["ratio"] is None else f"{fmt(row['ratio'])}×"
        lines.append(f"| {row['benchmark']} | {row['what']} | {fmt(row['value'])} {row['unit']} | "
                     f"{row['baseline']} | {ratio} | {row['target']} | {met} |")
    return "\n".join(lines)


def machine() -> str:
    """The machine and the code the figures come from, for the table's heading."""
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite "
            f"{__import__('sqlite3').sqlite_version}, {platform.system()} {platform.release()}, {date.today()}, "
            f"app {app_version()}")


def app_version() -> str:
    """The measured checkout's commit, and whether the app had uncommitted changes (read-only git calls)."""
    def git(*args):
        # --no-optional-locks: a benchmark never writes to the repository, not even git's index cache.
        done = subprocess.run(["git", "--no-optional-locks", "-C", str(ROOT), *args],
                              capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    if os.environ.get("BENCH_APP_VERSION"):  # a clean export (git archive) of a commit says which one here
        return os.environ["BENCH_APP_VERSION"]
    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return f"at {ROOT} (not a git checkout)"
    changed = git("status", "--porcelain", "--", "annotator", "static")
    return f"commit {commit}" + (" with uncommitted changes to the app" if changed else "")


@contextmanager
def work_dir(prefix: str):
    """A temporary folder for databases and files, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"annotator-bench-{prefix}-") as path:
        yield Path(path)


def machine_busy_seconds() -> float:
    """CPU seconds all processes have used so far, across cores: what the benchmark and everyone else used."""
    import psutil

    times = psutil.cpu_times()
    # guest time is already counted in user time on Linux; steal is time the hypervisor gave to others.
    idle = ("idle", "iowait", "guest", "guest_nice")
    return sum(value for name, value in times._asdict().items() if name not in idle)


def own_cpu_seconds() -> float:
    """CPU used by this process and every child it has waited for (CLI runs, servers)."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def waiting_for_quiet() -> bool:
    """Whether this run may wait for other processes to go quiet ($BENCH_WAIT_QUIET, set by run_all.py)."""
    return float(os.environ.get("BENCH_WAIT_QUIET") or 0) > 0


def wait_until_quiet(max_seconds: float | None = None, busy_cores: float = 0.25) -> float:
    """Wait up to max_seconds (default $BENCH_WAIT_QUIET, else 0) for the CPU to go quiet; return the cores busy."""
    # On a shared machine, someone else's test run would otherwise lower the figures measured during it.
    import psutil

    if max_seconds is None:
        max_seconds = float(os.environ.get("BENCH_WAIT_QUIET") or 0)
    if max_seconds <= 0:
        return 0.0
    deadline = time.monotonic() + max_seconds
    while True:
        share = psutil.cpu_percent(interval=2.0) / 100 * (os.cpu_count() or 1)
        if share < busy_cores or time.monotonic() >= deadline:
            return share


def load_warning() -> str | None:
    """A warning when other work is keeping the machine busy, which lowers every figure measured now."""
    load = os.getloadavg()[0]
    if load > 0.5:
        return (f"the machine was busy before this run (load average {load:.1f} over the last minute): "
                "figures may be lower than on a quiet machine")
    return None


def percentile(sorted_values, fraction: float) -> float:
    """The nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


# --- News text ---------------------------------------------------------------------------------------------

# Variations of the demo article: the same kind of sentences about other companies, countries and dates,
# plus sentences that exercise what a splitter finds hard (titles, initials, numbers, quotations).
_COMPANIES = ["Xiaomi", "Huawei", "Oppo", "Vivo", "OnePlus", "Lenovo", "Realme", "Honor", "Meizu", "ZTE",
              "Nothing", "Transsion", "Tecno", "Motorola", "Nokia"]
_MARKETS = [("South Korea", "Korea", "Korean", "Samsung and LG", "Korea Herald", "the Herald"),
            ("Japan", "Japan", "Japanese", "Sony and Sharp", "Nikkei Asia", "Nikkei"),
            ("Germany", "Germany", "German", "Telekom and Vodafone", "Handelsblatt", "the paper"),
            ("Brazil", "Brazil", "Brazilian", "Positivo and Multilaser", "Folha de S.Paulo", "the newspaper"),
            ("India", "India", "Indian", "Reliance and Micromax", "Economic Times", "the Times"),
            ("France", "France", "French", "Orange and Free", "Le Monde", "the newspaper"),
            ("Mexico", "Mexico", "Mexican", "Telcel and AT&T", "El Universal", "the paper"),
            ("the U.K.", "Britain", "British", "BT and Vodafone", "Financial Times", "the FT")]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_PEOPLE = ["Dr. Kim Ji-won", "Prof. Ana Ruiz", "Mr. J. R. Patel", "Ms. Chen Li", "Sen. Mark Owens",
           "Gen. Sofia Duarte", "Lee Min-ho", "Rep. Dana Brooks"]
_PRODUCTS = ["phones", "tablets", "smartwatches", "earbuds", "TVs", "routers", "e-scooters", "laptops"]
_EXTRA = [
    "{company} said on {month} {day} that it had shipped {n} million {product} in {country} last year.",
    "According to {source}, {company} Inc. plans to open {n} stores in {alias} by the end of {year}.",
    "{person}, an analyst at No. {n} ranked Acme Research Co., told reporters the deal \"changes everything.\"",
    "Analysts speculate that {company} might cut prices on its {product} before the holidays.",
    "It's not clear whether regulators in {alias} will approve the $1.{n}bn merger, the report said.",
    "Shares of {company} rose {n}.{day}% on the news, the biggest one-day gain since {month} {year}.",
    "\"We are here for the long run,\" {person} said. \"Our partners know the {adjective} market better than anyone.\"",
    "The U.S. company, which was founded in {year}, sells about {n} million {product} a year.",
    "{company} declined to comment on the plans, e.g. the timing of a launch in {alias}.",
    "The {adjective} market is expected to grow by {n}% a year until {year}, a spokesperson for {company} said.",
    "In {month}, {company} was reportedly in talks with {rivals} about a joint venture.",
    "Sales of {product} in {alias} fell for the {n}th quarter in a row, data from the statistics agency shows.",
]


def _fill(template: str, rng: random.Random, company: str, market) -> str:
    country, alias, adjective, rivals, source, short_source = market
    return template.format(
        company=company, country=country, alias=alias, adjective=adjective, rivals=rivals, source=source,
        short_source=short_source, month=rng.choice(_MONTHS), day=rng.randint(1, 28), n=rng.randint(2, 99),
        year=rng.randint(1998, 2027), person=rng.choice(_PEOPLE), product=rng.choice(_PRODUCTS))


def _vary_demo(text: str, company: str, market, rng: random.Random) -> str:
    """The demo article about another company and country, with another date."""
    country, alias, adjective, rivals, source, short_source = market
    for old, new in (("South Korea", country), ("Korea Herald", source), ("Samsung and LG", rivals),
                     ("Korean", adjective), ("Korea", alias), ("Xiaomi", company),
                     ("March 8", f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}")):
        text = text.replace(old, new)
    return text


def news_article(rng: random.Random) -> tuple[str, str]:
    """A (title, text) news article: the demo's paragraphs, varied and shuffled, among generated ones."""
    company = rng.choice(_COMPANIES)
    market = rng.choice(_MARKETS)
    demo_paragraphs = _vary_demo(DEMO_PATH.read_text(encoding="utf-8").strip(), company, market, rng).split("\n")
    paragraphs = rng.sample(demo_paragraphs, rng.randint(6, len(demo_paragraphs)))
    for _ in range(rng.randint(3, 8)):
        sentences = [_fill(rng.choice(_EXTRA), rng, company, market) for _ in range(rng.randint(1, 3))]
        paragraphs.insert(rng.randint(0, len(paragraphs)), " ".join(sentences))
    title = f"{company} expands into {market[0]}"
    return title, title + "\n" + "\n".join(paragraphs)


def news_articles(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [news_article(rng) for _ in range(count)]


def news_corpus(target_bytes: int, seed: int = 7) -> list[str]:
    """Article texts adding up to about target_bytes of UTF-8: the demo itself first, then variations."""
    rng = random.Random(seed)
    texts = [DEMO_PATH.read_text(encoding="utf-8").strip()]
    size = len(texts[0].encode("utf-8"))
    while size < target_bytes:
        texts.append(news_article(rng)[1])
        size += len(texts[-1].encode("utf-8"))
    return texts


def article_with_claims(count: int, seed: int = 11) -> str:
    """An article text that splits into exactly `count` claims (each sentence different), several a paragraph."""
    from annotator.text import split_claims

    rng = random.Random(seed)
    sentences = []
    # A running number makes every sentence distinct, so no two merge as a repeated pull quote.
    for number in range(1, count + 1):
        company, market = rng.choice(_COMPANIES), rng.choice(_MARKETS)
        sentence = _fill(rng.choice(_EXTRA), rng, company, market)
        sentences.append(f"Item {number}: {sentence}" if '"' not in sentence else
                         f"In item {number}, {company} was in the news again.")
    paragraphs = [" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4)]
    text = f"An article with {count} claims\n" + "\n".join(paragraphs)
    claims = split_claims(text)
    if len(claims) != count + 1:  # the title line is a claim too
        raise AssertionError(f"generated text has {len(claims) - 1} claims, not {count}")
    return text


# --- The app: database, CLI ------------------------------------------------------------------------------

def app_env(database: Path, **extra) -> dict:
    """Environment for the app, its CLI or a server process, on the given database file."""
    env = dict(os.environ, ANNOTATOR_DATABASE=str(database), ANNOTATOR_SECRET_KEY=BENCH_SECRET_KEY,
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.update(extra)
    return env


def open_db(database: Path):
    """The app's own connection (WAL, busy timeout, foreign keys) with the schema migrated."""
    from annotator.db import connect, migrate

    db = connect(database)
    migrate(db)
    return db


def add_articles(database: Path, articles) -> list[int]:
    """Store (title, text) articles through the app's store, as an import does; return their ids."""
    from annotator import store
    from annotator.importing import draft_from_text

    db = open_db(database)
    try:
        return store.add_articles(db, [draft_from_text(text, title=title, source="bench")
                                       for title, text in articles])
    finally:
        db.close()


def run_measured(command, env=None, cwd=ROOT, stdout=subprocess.DEVNULL):
    """Run a command; return (wall seconds, peak RSS in bytes, CPU seconds, stderr) of that process alone.

    os.wait4 gives the resource use of exactly this child, so earlier children cannot inflate its peak.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{stderr.decode()}")
    # ru_maxrss is in kilobytes on Linux.
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, stderr.decode()


def flask_command(*args) -> list[str]:
    """The app's CLI, as the README runs it: flask --app annotator ..."""
    return [sys.executable, "-m", "flask", "--app", "annotator", *map(str, args)]


# --- Over HTTP: a reviewer's session ------------------------------------------------------------------------

# The token is in every form, and in the hx-headers of every page's body.
CSRF_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')
SESSION_COOKIE = re.compile(r"(session=[^;]*)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def production_server(port: int) -> list[str]:
    """The command the README gives for serving the app, on this port of 127.0.0.1 (chosen by tag_load.py)."""
    return [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}", "annotator:create_app()"]


class Server:
    """A server process on a free port of 127.0.0.1, stopped (with its workers) on exit.

    command(port) gives the command line that makes the server listen on that port.
    """

    def __init__(self, command, database: Path, log_path: Path):
        self.port = free_port()
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(command(self.port), env=app_env(database), cwd=ROOT, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def __enter__(self):
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.__exit__()
            raise
        return self

    def cpu_seconds(self) -> float:
        """CPU used so far by the server and its workers."""
        import psutil

        total = 0.0
        processes = [psutil.Process(self.process.pid)]
        processes += processes[0].children(recursive=True)
        for process in processes:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Session:
    """One reviewer's browser: a keep-alive connection, the session cookie and the CSRF token."""

    def __init__(self, port: int):
        import http.client

        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.csrf_token = ""

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        """Send one request; return (status, body bytes), keeping the session cookie it sets."""
        all_headers = {"Cookie": self.cookie} if self.cookie else {}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        self.connection.request(method, path, body=urlencode(body) if body is not None else None,
                                headers=all_headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            match = SESSION_COOKIE.search(header)
            if match:
                self.cookie = match.group(1)
        return response.status, data

    def close(self):
        self.connection.close()


BENCH_PASSWORD = "bench-password-1"


def has_accounts() -> bool:
    """Whether the measured app has accounts with passwords (log in) or a reviewer name kept in the session."""
    import importlib.util

    return importlib.util.find_spec("annotator.accounts") is not None


def prepare_reviewers(database: Path, names, role: str = "reviewer"):
    """Whatever must exist before these reviewers can sign in: with accounts, an account each with this role."""
    if not has_accounts():
        return
    from annotator import accounts

    db = open_db(database)
    try:
        for name in names:
            accounts.create_user(db, name, BENCH_PASSWORD, role)
    finally:
        db.close()


def sign_in(session: Session, name: str):
    """Become reviewer `name`, as a person does on first visit; the one place that knows how to sign in."""
    path = "/login" if has_accounts() else "/reviewer"
    session.csrf_token = page_csrf_token(session, f"{path}?next=/")
    form = {"name": name, "next": "/", "csrf_token": session.csrf_token}
    if has_accounts():
        form["password"] = BENCH_PASSWORD
    status, _ = session.request("POST", path, form)
    if status != 303:
        raise RuntimeError(f"signing in as {name} answered {status}")
    # A login starts a new session, and with it a new CSRF token: read it from a page, as a browser would.
    session.csrf_token = page_csrf_token(session, "/")


def page_csrf_token(session: Session, path: str) -> str:
    status, page = session.request("GET", path)
    match = CSRF_TOKEN.search(page)
    if status != 200 or not match:
        raise RuntimeError(f"GET {path} answered {status} without a CSRF token")
    return (match.group(1) or match.group(2)).decode()


def post_verdict(session: Session, claim_id: int, verdict: str, note: str = "") -> int:
    """Tag a claim as the review page's htmx button does; return the status."""
    status, _ = session.request(
        "POST", f"/claims/{claim_id}/verdict",
        {"verdict": verdict, "evidence_url": "", "note": note, "csrf_token": session.csrf_token},
        headers={"HX-Request": "true"})
    return status
