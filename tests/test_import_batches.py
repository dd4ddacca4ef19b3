"""Batched imports: split first, written in short batches with the lock free between them, resumable, no duplicates."""
import sqlite3

import pytest

from annotator import import_batches, lifecycle, store
from annotator.importing import draft_from_text
from annotator.text import split_claims


def drafts(count, prefix="Story"):
    return [draft_from_text(f"Kim said {number} ships sailed from the port.", title=f"{prefix} {number}",
                            url=f"https://news.example/{number}") for number in range(count)]


def prepared(count, prefix="Story"):
    return import_batches.prepare(drafts(count, prefix), split_claims)


class Clock:
    """A clock the test moves, so batch sizes follow from the code, not the machine."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def titles(db):
    return [row["title"] for row in db.query("select title from articles order by id")]


def test_articles_are_written_in_batches_with_the_lock_free_between(bare_db, tmp_path):
    reviewer = sqlite3.connect(tmp_path / "bare.db", timeout=0, isolation_level=None)
    free_between = []

    def pause(seconds):
        # A reviewer's save between two batches gets the write lock at once.
        reviewer.execute("BEGIN IMMEDIATE")
        reviewer.execute("ROLLBACK")
        free_between.append(seconds)

    outcome = import_batches.write(bare_db, prepared(60), source="feed.jsonl", sleep=pause)
    assert outcome.batches > 1 and len(free_between) == outcome.batches - 1
    assert titles(bare_db) == [f"Story {number}" for number in range(60)]
    assert len(outcome.ids) == 60 and outcome.skipped == 0
    run = next(bare_db.query("select * from import_batches"))
    assert (run["state"], run["total"], run["imported"], run["source"]) == ("done", 60, 60, "feed.jsonl")


def test_batches_are_sized_to_the_time_each_may_hold_the_lock(bare_db, monkeypatch):
    clock = Clock()
    real_insert = import_batches.insert_article

    def slow_insert(db, draft, claims):
        clock.now += 1 / 64  # about 16 ms an article (a power of two: no rounding)
        return real_insert(db, draft, claims)

    monkeypatch.setattr(import_batches, "insert_article", slow_insert)
    sizes = []
    import_batches.write(bare_db, prepared(100), progress=sizes.append, batch_seconds=1 / 8, clock=clock,
                         sleep=lambda seconds: None)
    # 10 first (160 ms: too long), then as many as fit in 125 ms at 16 ms each.
    assert sizes[0] == import_batches.FIRST_BATCH and set(sizes[1:-1]) == {8} and sum(sizes) == 100


def test_a_rerun_imports_only_what_is_missing(bare_db):
    first = import_batches.write(bare_db, prepared(5), sleep=lambda seconds: None)
    again = import_batches.write(bare_db, prepared(8), sleep=lambda seconds: None)
    assert len(first.ids) == 5 and (len(again.ids), again.skipped) == (3, 5)
    assert titles(bare_db) == [f"Story {number}" for number in range(8)]


def test_the_same_article_twice_in_one_file_is_stored_once(bare_db):
    twice = prepared(3) + prepared(3)
    outcome = import_batches.write(bare_db, twice, sleep=lambda seconds: None)
    assert (len(outcome.ids), outcome.skipped) == (3, 3)
    assert len(titles(bare_db)) == 3


def test_a_failed_batch_keeps_the_batches_before_it_and_a_rerun_finishes(bare_db, monkeypatch):
    real_insert = import_batches.insert_article

    def failing_insert(db, draft, claims):
        if draft.title == "Story 25":
            raise sqlite3.OperationalError("disk I/O error")
        return real_insert(db, draft, claims)

    monkeypatch.setattr(import_batches, "insert_article", failing_insert)
    with pytest.raises(import_batches.ImportStopped) as stopped:
        import_batches.write(bare_db, prepared(40), sleep=lambda seconds: None)
    assert "disk I/O error" in str(stopped.value)
    kept = titles(bare_db)
    assert kept and len(kept) < 26 and kept == [f"Story {number}" for number in range(len(kept))]
    assert len(stopped.value.outcome.ids) == len(kept)
    run = next(bare_db.query("select * from import_batches"))
    assert (run["state"], run["imported"]) == ("failed", len(kept)) and "disk I/O" in run["error"]

    monkeypatch.setattr(import_batches, "insert_article", real_insert)
    rerun = import_batches.write(bare_db, prepared(40), sleep=lambda seconds: None)
    assert (len(rerun.ids), rerun.skipped) == (40 - len(kept), len(kept))
    assert titles(bare_db) == [f"Story {number}" for number in range(40)]


def test_atomic_writes_all_or_nothing(bare_db, monkeypatch):
    real_insert = import_batches.insert_article

    def failing_insert(db, draft, claims):
        if draft.title == "Story 25":
            raise sqlite3.OperationalError("disk I/O error")
        return real_insert(db, draft, claims)

    monkeypatch.setattr(import_batches, "insert_article", failing_insert)
    with pytest.raises(import_batches.ImportStopped):
        import_batches.write(bare_db, prepared(40), atomic=True)
    assert titles(bare_db) == []
    monkeypatch.setattr(import_batches, "insert_article", real_insert)
    outcome = import_batches.write(bare_db, prepared(40), atomic=True)
    assert outcome.batches == 1 and len(titles(bare_db)) == 40


def test_articles_added_any_way_are_known_and_deleted_ones_come_back(bare_db):
    [draft] = drafts(1)
    article_id = store.add_article(bare_db, draft)  # as the web's upload stores it
    assert import_batches.write(bare_db, prepared(1)).skipped == 1
    lifecycle.delete_article(bare_db, article_id, None, str(article_id), "")
    outcome = import_batches.write(bare_db, prepared(1))
    assert (len(outcome.ids), outcome.skipped) == (1, 0)


def test_the_import_command_skips_what_a_first_run_stored(runner, db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "One", "text": "Kim said ships sailed."}\n'
                    '{"title": "Two", "text": "Lee said ports closed."}\n', encoding="utf-8")
    first = runner.invoke(args=["import", str(feed)])
    assert first.exit_code == 0 and "Imported 2 articles." in first.output
    again = runner.invoke(args=["import", "--atomic", str(feed)])
    assert again.exit_code == 0, again.output
    assert "Skipped 2 articles already imported" in again.output and "Imported 0 articles." in again.output
    assert db["articles"].count == 3  # the demo article and the two


def test_the_import_command_says_how_to_resume_after_a_failure(runner, db, tmp_path, monkeypatch):
    real_insert = import_batches.insert_article

    def failing_insert(database, draft, claims):
        if draft.title == "Two":
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(database, draft, claims)

    monkeypatch.setattr(import_batches, "insert_article", failing_insert)
    monkeypatch.setattr(import_batches, "FIRST_BATCH", 1)
    monkeypatch.setattr(import_batches, "PAUSE_SECONDS", 0)
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "One", "text": "Kim said ships sailed."}\n'
                    '{"title": "Two", "text": "Lee said ports closed."}\n', encoding="utf-8")
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code != 0
    assert "stopped after 1 of 2 articles" in result.output and "Run the same command again" in result.output
    monkeypatch.setattr(import_batches, "insert_article", real_insert)
    result = runner.invoke(args=["import", str(feed)])
    assert "Skipped 1 article already imported" in result.output and "Imported 1 article." in result.output
    assert db["articles"].count == 3
