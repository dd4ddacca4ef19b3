"""A big import in batches: every article read and split first, then written a batch at a time.

Written in one transaction, 10,000 articles held the write lock for about 6 s, and every reviewer's save
waited as long. Here each batch holds it for about BATCH_SECONDS, then pauses so the saves queued meanwhile
get in. A committed batch stays: a rerun skips the articles whose content hash is stored already, so an
import that stopped carries on where it stopped. atomic=True writes everything in one transaction instead.
"""
import time
from dataclasses import dataclass

from .article_hash import content_hash
from .db import utc_now, write_transaction
from .store import insert_article

# How long one batch may hold the write lock: a reviewer's save waits at most this, plus the pause it takes
# SQLite's busy handler to try again (bench/import_speed.py measures saves during an import; the limit is 200 ms).
BATCH_SECONDS = 0.1
# The pause after each batch: longer than the busy handler's longest sleep between tries (100 ms), so a save
# that waited through a batch surely gets the lock before the next one.
PAUSE_SECONDS = 0.11
FIRST_BATCH = 10
MAX_BATCH = 2000
# Hashes looked up per query: below SQLite's limit on parameters, with room to spare.
LOOKUP_CHUNK = 500


@dataclass
class Prepared:
    """An article ready to write: its draft, its claims, its content hash."""
    draft: object
    claims: list
    content_hash: str


@dataclass
class Outcome:
    ids: list            # the new articles' ids, in the order given
    written: list        # the Prepared articles written, in the same order
    skipped: int         # articles stored before (or given twice), not written again
    batches: int
    longest_batch: float  # seconds the longest batch held the write lock
    run_id: int          # the import_batches row of this run


class ImportStopped(Exception):
    """A write failed part-way: what was committed stays, and a rerun imports the rest."""

    def __init__(self, message: str, outcome: Outcome):
        super().__init__(message)
        self.outcome = outcome


def prepare(drafts, split, progress=None) -> list[Prepared]:
    """Split every draft into claims before anything is written; progress() after each."""
    prepared = []
    for draft in drafts:
        prepared.append(Prepared(draft, split(draft.text), content_hash(draft.title, draft.url, draft.text)))
        if progress is not None:
            progress()
    return prepared


def stored_hashes(db, hashes) -> set[str]:
    """Those of the hashes that belong to an article still in the database."""
    hashes, found = list(hashes), set()
    for start in range(0, len(hashes), LOOKUP_CHUNK):
        chunk = hashes[start:start + LOOKUP_CHUNK]
        found.update(row["content_hash"] for row in db.query(
            "select h.content_hash from article_hashes h join articles a on a.id = h.article_id "
            f"where h.content_hash in ({', '.join('?' * len(chunk))})", chunk))
    return found


def missing(db, prepared) -> list[Prepared]:
    """The articles not stored yet, each once (a file may hold the same article twice)."""
    have, todo = stored_hashes(db, (item.content_hash for item in prepared)), []
    for item in prepared:
        if item.content_hash not in have:
            have.add(item.content_hash)
            todo.append(item)
    return todo


def write(db, prepared, source: str = "", atomic: bool = False, progress=None, batch_seconds: float = BATCH_SECONDS,
          pause_seconds: float = PAUSE_SECONDS, clock=time.perf_counter, sleep=time.sleep) -> Outcome:
    """Write the articles not stored yet, in batches (or, atomic, all in one); progress(n) after each batch.

    ImportStopped if a batch fails: the batches before it stay written, and the run is recorded as failed.
    """
    todo = missing(db, prepared)
    with write_transaction(db):
        run_id = db["import_batches"].insert({
            "source": source, "started_at": utc_now(), "state": "running", "total": len(todo), "imported": 0,
            "skipped": len(prepared) - len(todo)}).last_pk
    outcome = Outcome([], [], len(prepared) - len(todo), 0, 0.0, run_id)
    size = len(todo) if atomic else FIRST_BATCH
    done = 0
    try:
        while done < len(todo):
            batch = todo[done:done + size]
            began = clock()
            with write_transaction(db):
                ids = [insert_article(db, item.draft, item.claims) for item in batch]
                db.execute("update import_batches set imported = ? where id = ?", [done + len(batch), run_id])
            took = clock() - began
            outcome.ids += ids
            outcome.written += batch
            outcome.batches += 1
            outcome.longest_batch = max(outcome.longest_batch, took)
            done += len(batch)
            if progress is not None:
                progress(len(batch))
            if done < len(todo):
                # The next batch sized to take about batch_seconds at this batch's pace, growing at most twofold.
                pace = took / len(batch)
                size = max(1, min(MAX_BATCH, 2 * size, int(batch_seconds / pace) if pace > 0 else 2 * size))
                sleep(pause_seconds)
    except Exception as error:
        _finish(db, run_id, "failed", str(error))
        raise ImportStopped(f"The import stopped after {done} of {len(todo)} articles ({error}).", outcome) from error
    except BaseException:  # Ctrl-C: what was committed stays, and the run says it stopped
        _finish(db, run_id, "failed", "interrupted")
        raise
    _finish(db, run_id, "done", "")
    return outcome


def _finish(db, run_id: int, state: str, error: str):
    if db.conn.in_transaction:
        db.conn.rollback()
    with write_transaction(db):
        db.execute("update import_batches set state = ?, error = ?, finished_at = ? where id = ?",
                   [state, error, utc_now(), run_id])
