"""Crashes and backups: an import killed with SIGKILL leaves whole articles (with --atomic, all or nothing) and a
rerun brings in the rest once; a backup taken mid-write is sound."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from annotator import store
from annotator.db import connect
from test_concurrency import prepare_database

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 5_000
# Every wait below is bounded, so a hung command fails the test instead of hanging the suite.
COMMAND_SECONDS = 60


def flask(database, *args, timeout=COMMAND_SECONDS, wait=True):
    """Run `flask --app annotator ARGS` as a person does, on this database file."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ANNOTATOR_DATABASE": str(database),
           # Set so the command never writes a key into the checkout's instance folder.
           "ANNOTATOR_SECRET_KEY": "crash-test-only"}
    command = [sys.executable, "-m", "flask", "--app", "annotator", *map(str, args)]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def write_feed(path, count):
    """A JSON Lines feed of `count` distinct news articles of a few paragraphs each."""
    with path.open("w", encoding="utf-8") as feed:
        for number in range(count):
            text = "\n\n".join([
                f"Port {number} said on Tuesday that container traffic rose by {number % 97} percent in the quarter.",
                f"Analysts speculate that freight rates at port {number} might fall next year as new ships arrive.",
                "The ministry reported that exports grew, according to figures released in Seoul on Monday. " * 3,
                f"It is not clear whether the operator of port {number} will raise its fees, a spokesman said.",
            ])
            feed.write(json.dumps({"title": f"Port report {number}", "url": f"https://e.org/{number}",
                                   "text": text}) + "\n")


def counts(database):
    db = connect(database)
    try:
        return db["articles"].count, db["claims"].count
    finally:
        db.close()


def feed_articles(database):
    """(articles, distinct titles, articles without a claim) of the feed's articles in the database."""
    db = connect(database)
    try:
        return tuple(db.execute(
            "select count(*), count(distinct title), sum(not exists (select 1 from claims c where c.article_id = a.id)) "
            "from articles a where title like 'Port report %'").fetchone())
    finally:
        db.close()


@pytest.mark.parametrize("atomic", [True, False], ids=["atomic", "batched"])
def test_import_killed_mid_write_leaves_whole_articles_and_a_sound_database(tmp_path, atomic):
    database = tmp_path / "annotator.db"
    prepare_database(database)
    db = connect(database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty write-ahead log: its growth shows the import writing
    db.close()
    before = counts(database)
    feed = tmp_path / "big.jsonl"
    write_feed(feed, ARTICLES)
    wal = Path(f"{database}-wal")

    options = ("--atomic",) if atomic else ()
    importing = flask(database, "import", *options, feed, wait=False)
    killed_while_writing = False
    try:
        deadline = time.monotonic() + COMMAND_SECONDS
        while importing.poll() is None and time.monotonic() < deadline:
            # A megabyte of log: the import is well under way (with --atomic, its one transaction not committed).
            if wal.exists() and wal.stat().st_size > 1024 * 1024:
                importing.send_signal(signal.SIGKILL)
                killed_while_writing = True
                break
            time.sleep(0.005)
    finally:
        if importing.poll() is None and not killed_while_writing:
            importing.kill()
        importing.wait(timeout=COMMAND_SECONDS)
    assert killed_while_writing, "the import ended before it could be killed mid-write: make the feed larger"
    assert importing.returncode == -signal.SIGKILL

    articles, claims = counts(database)  # opening it recovers the log, as the next request would
    if atomic:
        assert (articles, claims) == before, "part of the killed import is in the database"
    else:
        # The batches committed before the kill stay, each article whole, with its claims.
        stored, titles, without_claims = feed_articles(database)
        assert stored == titles and stored < ARTICLES and not without_claims
    check = flask(database, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().endswith(": ok")

    # Nothing is stuck: the same import, run again, brings in every article once.
    again = flask(database, "import", *options, feed)
    assert again.returncode == 0, again.stderr[-500:]
    assert counts(database)[0] == before[0] + ARTICLES
    assert feed_articles(database) == (ARTICLES, ARTICLES, 0)


def test_backup_taken_while_reviewers_are_saving_is_a_sound_consistent_copy(tmp_path):
    database = tmp_path / "annotator.db"
    prepare_database(database)
    db = connect(database)
    reviewers = [store.reviewer_id_for(db, f"reviewer {number}") for number in range(3)]
    claim_ids = [row["id"] for row in db.query("select id from live_claims order by id")]
    db.close()

    progress = {"saves": 0, "error": None}
    stop = threading.Event()

    def keep_saving():
        writer = connect(database)
        verdicts = ("sourced", "speculative", "unverified")
        try:
            deadline = time.monotonic() + COMMAND_SECONDS
            for number in range(100_000):
                if stop.is_set() or time.monotonic() > deadline:
                    break
                claim_id = claim_ids[number % len(claim_ids)]
                verdict = verdicts[(number // len(claim_ids)) % len(verdicts)]
                store.save_verdict(writer, claim_id, reviewers[number % len(reviewers)], verdict, note=f"save {number}")
                progress["saves"] += 1
        except Exception as error:  # reported below, not lost in the thread
            progress["error"] = error
        finally:
            writer.close()

    writer = threading.Thread(target=keep_saving, daemon=True)
    writer.start()
    try:
        while progress["saves"] < 50 and writer.is_alive():
            time.sleep(0.01)
        saves_before_backup = progress["saves"]
        copy = tmp_path / "backups" / "copy.db"
        backup = flask(database, "backup", copy)
        saves_after_backup = progress["saves"]
    finally:
        stop.set()
        writer.join(timeout=COMMAND_SECONDS)
    assert progress["error"] is None
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert saves_after_backup > saves_before_backup, "the writer was not writing while the backup was taken"

    check = flask(copy, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    # Each save writes the verdict and its history row in one transaction: in a consistent copy, every
    # verdict is what the last history row of that reviewer and claim says.
    copied = connect(copy)
    try:
        verdicts = list(copied.query("select claim_id, reviewer_id, verdict, note from verdicts"))
        assert verdicts
        for verdict in verdicts:
            last = next(copied.query(
                "select to_verdict, to_note from verdict_history where claim_id = ? and reviewer_id = ? "
                "order by id desc limit 1", [verdict["claim_id"], verdict["reviewer_id"]]))
            assert (last["to_verdict"], last["to_note"]) == (verdict["verdict"], verdict["note"])
        assert copied.execute("select count(*) from verdict_history").fetchone()[0] >= saves_before_backup
    finally:
        copied.close()
