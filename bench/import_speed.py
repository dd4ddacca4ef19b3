"""Import speed: 10,000 articles from one JSON Lines file through the CLI into a fresh database.

Prints articles per second, the import process's peak memory (RSS, from the kernel's own accounting of that
process) and the database size. The baseline, measured in the same run, is the work an import cannot skip:
splitting the same texts into claims in this process, with no database at all.

Example: python bench/import_speed.py --quick
"""
import json
import sqlite3
import threading
import time

import benchlib

from annotator.text import split_claims

FULL_ARTICLES = 10_000
QUICK_ARTICLES = 1_000
TARGET_SECONDS = 60  # for 10,000 articles
# The app's busy timeout (annotator/db.py BUSY_TIMEOUT_MS): a save that waits longer than this fails.
SAVE_TIMEOUT_S = 10
PROBE_TIMEOUT_S = 120


def write_jsonl(path, articles):
    """The import file: one {"title", "url", "text"} object a line, as the README describes."""
    with open(path, "w", encoding="utf-8") as out:
        for number, (title, text) in enumerate(articles, start=1):
            out.write(json.dumps({"title": title, "url": f"https://news.example/{number}", "text": text},
                                 ensure_ascii=False) + "\n")


def import_jsonl(database, path):
    """The README's import command on a fresh database; (seconds, peak RSS bytes, CPU seconds, longest lock).

    Meanwhile a probe plays a reviewer saving a verdict every 20 ms, and records the longest it had to wait
    for the write lock: how long saves stall while a large import commits.
    """
    probe = LockProbe(database)
    probe.start()
    try:
        seconds, peak, cpu, _ = benchlib.run_measured(benchlib.flask_command("import", path),
                                                      env=benchlib.app_env(database))
    finally:
        probe.stop()
    return seconds, peak, cpu, probe.longest_wait


class LockProbe(threading.Thread):
    """Takes and releases the database's write lock every 20 ms, timing the longest wait for it."""

    def __init__(self, database):
        super().__init__(daemon=True)
        self.database = database
        self.longest_wait = 0.0
        self.stopping = threading.Event()

    def run(self):
        connection = None
        while not self.stopping.wait(0.02):
            if connection is None:
                if not self.database.exists():
                    continue
                connection = sqlite3.connect(self.database, timeout=PROBE_TIMEOUT_S, isolation_level=None)
            start = time.perf_counter()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("ROLLBACK")
            except sqlite3.OperationalError:  # the schema being created, or a wait past the timeout
                pass
            self.longest_wait = max(self.longest_wait, time.perf_counter() - start)
        if connection is not None:
            connection.close()

    def stop(self):
        self.stopping.set()
        self.join()


def database_bytes(database) -> int:
    """The database file with its WAL companion, if one is left."""
    return sum(path.stat().st_size for path in (database, database.with_name(database.name + "-wal"))
               if path.exists())


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    count = QUICK_ARTICLES if args.quick else FULL_ARTICLES
    results = benchlib.Results("import")
    articles = benchlib.news_articles(count)
    with benchlib.work_dir("import") as work:
        feed = work / "feed.jsonl"
        write_jsonl(feed, articles)
        megabytes = feed.stat().st_size / 1e6
        print(f"import: {count:,} articles, {megabytes:.1f} MB of JSON Lines", flush=True)

        start = time.perf_counter()
        claims = sum(len(split_claims(text)) for _, text in articles)
        split_seconds = time.perf_counter() - start

        database = work / "annotator.db"
        benchlib.wait_until_quiet()
        seconds, peak, cpu, lock_wait = import_jsonl(database, feed)
        db = benchlib.open_db(database)
        stored = db.execute("select count(*) from articles where source = 'jsonl'").fetchone()[0]
        stored_claims = db.execute("select count(*) from claims c join articles a on a.id = c.article_id "
                                   "where a.source = 'jsonl'").fetchone()[0]
        db.close()
        if (stored, stored_claims) != (count, claims):
            raise AssertionError(f"imported {stored} articles / {stored_claims} claims, "
                                 f"expected {count} / {claims}")
        size = database_bytes(database)

    target_seconds = TARGET_SECONDS * count / FULL_ARTICLES
    results.add(f"{count:,} articles ({claims:,} claims) via `flask import`", count / seconds, "articles/s")
    results.add("  wall time", seconds, "s", f"splitting alone {split_seconds:.1f} s", seconds / split_seconds,
                f"< {target_seconds:g} s", seconds < target_seconds)
    results.add("  CPU time of the import process", cpu, "s")
    results.add("  peak memory (RSS) of the import process", peak / 2**20, "MiB")
    results.add("  longest wait for the write lock during the import (a reviewer's save stalls this long)",
                lock_wait, "s", f"the app's busy timeout {SAVE_TIMEOUT_S} s", lock_wait / SAVE_TIMEOUT_S,
                f"< {SAVE_TIMEOUT_S} s", lock_wait < SAVE_TIMEOUT_S)
    results.add("  database size", size / 2**20, "MiB", f"JSON Lines {megabytes * 1e6 / 2**20:.1f} MiB",
                size / (megabytes * 1e6))
    results.note(f"every article and claim stored: {stored:,} articles, {stored_claims:,} claims")
    results.finish(args)


if __name__ == "__main__":
    main()
