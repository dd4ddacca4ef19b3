"""Export speed: 100,000 and 1,000,000 verdict rows to CSV through the app's CLI, against the sqlite3 tool.

A fresh database per size is filled with synthetic articles, claims, reviewers and verdicts (inserted directly
with executemany, so filling is quick), then exported with the README's command,
`flask --app annotator export --format csv -o FILE`. Printed per size: rows per second and the export process's
peak memory (RSS, from the kernel's accounting of that process), which must stay flat as rows grow tenfold.
The physical baseline is the `sqlite3` command-line tool in CSV mode running the export's row query
(verdict_rows, captured from the app's connection, not copied by hand) on the same file, in the same run.
Wall time on a shared machine counts other people's work too, so each process's CPU time is compared as well,
and the in-process rows (the app's writer, the previous one, SQLite building whole lines, fetching alone) are CPU.

Example: python bench/export_speed.py --quick
"""
import csv
import os
import random
import shutil
import sqlite3
import subprocess
import time

import benchlib

FULL_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (20_000, 200_000)
REVIEWERS = 10
CLAIMS_PER_ARTICLE = 50
TARGET_RATIO = 0.5
MEMORY_FLAT = 1.25  # peak RSS may grow at most this much while rows grow tenfold


def fill(database, rows: int, seed: int = 5):
    """The app's schema with `rows` verdicts: rows / 10 claims, each tagged by all 10 reviewers."""
    benchlib.open_db(database).close()  # the app's own migrations create the schema
    rng = random.Random(seed)
    claims = rows // REVIEWERS
    articles = max(1, claims // CLAIMS_PER_ARTICLE)
    db = sqlite3.connect(database)
    db.execute("PRAGMA synchronous = OFF")
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    now = "2026-11-25T16:40:00Z"
    with db:
        db.executemany("insert into articles (id, title, url, source, text, created_at) values (?, ?, ?, ?, ?, ?)",
                       ((number, f"Article {number}, about phones", f"https://news.example/{number}", "bench",
                         "(text not needed for the export)", now) for number in range(1, articles + 1)))
        db.executemany(
            'insert into claims (id, article_id, position, text, start, "end", key_phrase, suggestion, cue, reason, '
            "places) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((number, (number - 1) // CLAIMS_PER_ARTICLE + 1, (number - 1) % CLAIMS_PER_ARTICLE,
              f"Claim {number}: the company said it shipped {rng.randint(2, 99)} million phones, \"a record\".",
              number * 10, number * 10 + 80, f"{rng.randint(2, 99)} million phones",
              ("sourced", "speculative", "unverified")[number % 3], "said", 'reporting verb "said"',
              f"[[{number * 10}, {number * 10 + 80}]]")
             for number in range(1, claims + 1)))
        db.executemany("insert into reviewers (id, name, created_at) values (?, ?, ?)",
                       ((number, f"reviewer {number:02d}", now) for number in range(1, REVIEWERS + 1)))
        db.executemany(
            "insert into verdicts (claim_id, reviewer_id, verdict, evidence_url, note, created_at, updated_at) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            ((claim, reviewer, ("sourced", "speculative", "unverified")[(claim + reviewer) % 3],
              f"https://evidence.example/{claim}" if reviewer % 2 else "",
              # Notes that need quoting or neutralising now and then, as real ones do.
              ("", "checked, matches the filing", '-5% "per year"', "=see other claim")[(claim * reviewer) % 4],
              now, now)
             for claim in range(1, claims + 1) for reviewer in range(1, REVIEWERS + 1)))
        if "evidence" in tables:  # structured evidence, where the app has it: one item on every 20th verdict
            db.executemany(
                "insert into evidence (claim_id, reviewer_id, url, quote, source_type, accessed_on, archive_url, "
                "created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                ((claim, 1 + claim % REVIEWERS, f"https://source.example/{claim}", "the quoted passage",
                  "news report", "2026-11-20", "", now) for claim in range(1, claims + 1, 2)))
        if "final_verdicts" in tables:  # a lead's final verdict on every 10th claim
            db.executemany("insert into final_verdicts (claim_id, verdict, reason, adjudicated_by, adjudicated_at) "
                           "values (?, ?, ?, ?, ?)",
                           ((claim, "sourced", "", 1, now) for claim in range(1, claims + 1, 10)))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def export_source(db):
    """(columns, rows) of the long CSV export, from wherever this version of the app keeps them."""
    try:
        from annotator import export_rows
    except ImportError:  # before the exports had their own module
        from annotator import store as export_rows
    return export_rows.EXPORT_COLUMNS, export_rows.verdict_rows(db)


def app_export_query(database) -> str:
    """The SQL the app's export runs, as SQLite saw it (parameters filled in)."""
    db = benchlib.open_db(database)
    statements = []
    db.conn.set_trace_callback(statements.append)
    _, rows = export_source(db)
    next(iter(rows), None)
    db.conn.set_trace_callback(None)
    db.close()
    selects = [sql for sql in statements if sql.lstrip().lower().startswith(("select", "with"))]
    if len(selects) != 1:
        raise RuntimeError(f"expected the export to run one query, saw {statements}")
    return selects[0]


def export_with_app(database, output):
    seconds, peak, cpu, _ = benchlib.run_measured(
        benchlib.flask_command("export", "--format", "csv", "-o", output), env=benchlib.app_env(database))
    return seconds, peak, cpu


def export_in_process(database, output, writer: str = "app") -> float:
    """CPU seconds to write the long CSV into a file without the CLI's start-up: the app's own path (export_chunks,
    SQLite building each line), or writer="csv module", the writer before it (csv_chunks over verdict_rows)."""
    from annotator.export import csv_chunks

    db = benchlib.open_db(database)
    start = time.process_time()
    try:
        from annotator.export_rows import export_chunks
    except ImportError:
        writer = "csv module"
    chunks = csv_chunks(*export_source(db)) if writer == "csv module" else export_chunks(db, "csv")
    with open(output, "w", encoding="utf-8", newline="") as out:
        for chunk in chunks:
            out.write(chunk)
    seconds = time.process_time() - start
    db.close()
    return seconds


def sql_line_query(columns, source_sql: str) -> str:
    """The design measured first and set aside: SQLite builds each whole CSV line (guard, quotes, commas)."""
    def cell(x):
        guard = f"(case when {x} glob '[-=+@\t\r]*' then '''' || {x} else {x} end)"
        return (f"case typeof({x}) when 'text' then (case when {x} glob '*[,\"\n\r]*' "
                f"then '\"' || replace({guard}, '\"', '\"\"') || '\"' else {guard} end) "
                f"when 'null' then '' else {x} end")
    cells = " || ',' || ".join(cell(f'row."{column}"') for column in columns)
    # OFFSET 0 keeps the view from being flattened in, which would compute each column once per mention.
    return f"select {cells} || char(13, 10) from ({source_sql} limit -1 offset 0) as row"


def export_sql_lines(database, query, output) -> float:
    """CPU seconds to write the CSV when SQLite builds every line and Python fetches one text per row."""
    from annotator.export_rows import EXPORT_COLUMNS

    db = sqlite3.connect(database)
    start = time.process_time()
    cursor = db.execute(sql_line_query(EXPORT_COLUMNS, query))
    with open(output, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(EXPORT_COLUMNS) + "\r\n")
        while lines := cursor.fetchmany(256):
            out.write("".join([line for (line,) in lines]))
    seconds = time.process_time() - start
    db.close()
    return seconds


def fetch_only(database, query) -> float:
    """CPU seconds for Python's sqlite3 to run the query and fetch every row, writing nothing: any Python export's floor."""
    db = sqlite3.connect(database)
    start = time.process_time()
    for _ in db.execute(query):
        pass
    seconds = time.process_time() - start
    db.close()
    return seconds


def export_with_sqlite3(database, query, output):
    with open(output, "wb") as out:
        seconds, peak, cpu, _ = benchlib.run_measured(["sqlite3", "-csv", "-header", str(database), query],
                                                      stdout=out)
    return seconds, peak, cpu


def export_over_http(database, work) -> tuple[float, int]:
    """Seconds to download /export/verdicts.csv from the production server as a lead, and the bytes received."""
    benchlib.prepare_reviewers(database, ["bench lead"], role="lead")
    # Streamed whatever its size: above the setting, the web offers a background job instead (not measured here).
    os.environ["ANNOTATOR_BACKGROUND_EXPORT_ROWS"] = str(10**12)
    with benchlib.Server(benchlib.production_server, database, work / "server.log") as server:
        session = benchlib.Session(server.port)
        benchlib.sign_in(session, "bench lead")
        start = time.perf_counter()
        session.connection.request("GET", "/export/verdicts.csv", headers={"Cookie": session.cookie})
        response = session.connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"GET /export/verdicts.csv answered {response.status}")
        received = 0
        while chunk := response.read(1 << 16):
            received += len(chunk)
        seconds = time.perf_counter() - start
        session.close()
    return seconds, received


def csv_rows(path) -> int:
    """Data rows in a CSV file, quoted newlines included correctly."""
    with open(path, newline="", encoding="utf-8") as lines:
        return sum(1 for _ in csv.reader(lines)) - 1


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    results = benchlib.Results("export")
    if not shutil.which("sqlite3"):
        raise SystemExit("The sqlite3 command-line tool is the baseline: apt-get install -y sqlite3")
    version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    peaks = {}
    with benchlib.work_dir("export") as work:
        for rows in sizes:
            database = work / f"verdicts-{rows}.db"
            fill(database, rows)
            query = app_export_query(database)
            ours, theirs = work / "app.csv", work / "sqlite3.csv"
            benchlib.wait_until_quiet()
            # Each timed export starts with nothing waiting to be written back: filling the database leaves
            # hundreds of MB of dirty pages, and whichever export ran first would be throttled writing them.
            os.sync()
            seconds, peak, cpu = export_with_app(database, ours)
            os.sync()
            base_seconds, base_peak, base_cpu = export_with_sqlite3(database, query, theirs)
            in_process = export_in_process(database, ours)
            previous = export_in_process(database, work / "csv-module.csv", writer="csv module")
            sql_lines = export_sql_lines(database, query, work / "sql-lines.csv")
            for other in ("csv-module.csv", "sql-lines.csv"):
                if (work / other).read_bytes() != ours.read_bytes():
                    raise AssertionError(f"{other} differs from the app's CSV")
            floor = fetch_only(database, query)
            exported, baseline_rows = csv_rows(ours), csv_rows(theirs)
            if exported != rows or baseline_rows != rows:
                raise AssertionError(f"exported {exported} rows (sqlite3: {baseline_rows}), expected {rows}")
            peaks[rows] = peak
            ratio = (rows / seconds) / (rows / base_seconds)
            results.add(f"{rows:,} rows via `flask export --format csv`", rows / seconds, "rows/s",
                        f"sqlite3 {version} -csv: {rows / base_seconds:,.0f} rows/s", ratio,
                        f"≥ {TARGET_RATIO:.0%} of sqlite3", ratio >= TARGET_RATIO)
            results.add(f"  wall time, {rows:,} rows", seconds, "s", f"sqlite3 {base_seconds:.2f} s")
            # CPU seconds of each process alone: on a machine others share, wall time also counts their work.
            results.add(f"  CPU time (user + system), {rows:,} rows", cpu, "s", f"sqlite3 {base_cpu:.2f} s",
                        base_cpu / cpu, f"≥ {TARGET_RATIO:.0%} of sqlite3", base_cpu / cpu >= TARGET_RATIO)
            # In process, CPU time: what the export code costs, whatever else the machine runs meanwhile.
            results.add(f"  export_chunks (SQLite guards, csv.writerows) in process, CPU, {rows:,} rows",
                        rows / in_process, "rows/s", "sqlite3's CPU", base_cpu / in_process)
            results.add(f"  the previous writer, csv_chunks(verdict_rows), in process, CPU, {rows:,} rows", rows / previous,
                        "rows/s", "export_chunks, same bytes", in_process / previous)
            results.add(f"  SQLite building each whole line (set aside), in process, CPU, {rows:,} rows", rows / sql_lines,
                        "rows/s", "export_chunks, same bytes", in_process / sql_lines)
            results.add(f"  only fetching the rows in Python (no CSV), CPU, {rows:,} rows", rows / floor, "rows/s",
                        "sqlite3's CPU", base_cpu / floor)
            results.add(f"  peak memory (RSS), {rows:,} rows", peak / 2**20, "MiB",
                        f"sqlite3 {base_peak / 2**20:.0f} MiB")
            results.add(f"  CSV size, {rows:,} rows", ours.stat().st_size / 1e6, "MB",
                        f"sqlite3 {theirs.stat().st_size / 1e6:.0f} MB")
            if rows == sizes[0]:
                http_seconds, received = export_over_http(database, work)
                results.add(f"  {rows:,} rows downloaded over HTTP (GET /export/verdicts.csv, gunicorn)",
                            rows / http_seconds, "rows/s", "the CLI, same rows", seconds / http_seconds)
                if received != ours.stat().st_size:
                    results.note(f"the download was {received:,} bytes, the CLI's file {ours.stat().st_size:,}")
            for path in (ours, theirs, work / "csv-module.csv", work / "sql-lines.csv", database):
                path.unlink()
    small, large = sizes
    growth = peaks[large] / peaks[small]
    results.add(f"peak memory growth, {small:,} → {large:,} rows", growth, "×", "", None,
                f"≤ {MEMORY_FLAT}× (flat)", growth <= MEMORY_FLAT)
    results.finish(args)


if __name__ == "__main__":
    main()
