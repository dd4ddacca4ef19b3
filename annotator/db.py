"""One SQLite connection per server thread, the schema as named migrations, and the database commands."""
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import os
import re
import sqlite3
import threading

import click
import sqlite_utils
from flask import current_app, g
from flask.cli import with_appcontext

# Readers never block the writer in WAL mode; a writer that finds the database locked waits this long
# before giving up, which turns bursts of concurrent reviewers into short queues instead of errors.
BUSY_TIMEOUT_MS = 10_000
# SQLite's integers are 64-bit: a larger id can name no row, and handing it to SQLite raises OverflowError.
MAX_ROW_ID = 2**63 - 1


def utc_now() -> str:
    """The current time as ISO 8601 UTC, the one timestamp format stored and exported."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path) -> sqlite_utils.Database:
    """Open the database file with WAL, a busy timeout and foreign keys enforced."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.journal_mode != "wal":
        db.enable_wal()
    return db


def get_db() -> sqlite_utils.Database:
    """This thread's connection: opened on its first request, then reused by every request the thread serves."""
    # A connection per request cost more than the request itself (measured in bench/tag_load.py): each new one
    # re-reads the schema and prepares every statement again, and closing the last one checkpoints the WAL into
    # the database file and deletes it, only for the next request to create it again.
    if "db" not in g:
        local = current_app.extensions["annotator.db"]
        # Never shared across a fork: a server that forks workers after create_app gives each its own connection.
        if getattr(local, "pid", None) != os.getpid():
            local.db, local.pid = connect(current_app.config["DATABASE"]), os.getpid()
        g.db = local.db
    return g.db


def close_db(exception=None):
    """End the request's use of the connection: whatever it left uncommitted is rolled back, never carried over."""
    db = g.pop("db", None)
    if db is not None and db.conn.in_transaction:
        db.conn.rollback()


@contextmanager
def write_transaction(db: sqlite_utils.Database):
    """Group writes in one transaction that takes the write lock up front.

    BEGIN IMMEDIATE rather than a deferred BEGIN: a transaction that reads and then writes can otherwise
    fail with "database is locked" when two reviewers save at once, because SQLite cannot upgrade its lock.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.execute("COMMIT")


def _create_core_tables(db):
    db["articles"].create(
        {
            "id": int, "title": str, "url": str, "author": str, "published": str,
            "source": str, "filename": str, "text": str, "created_at": str,
        },
        pk="id", not_null=["title", "text", "created_at"],
    )
    db["claims"].create(
        {
            "id": int, "article_id": int, "position": int, "text": str, "start": int, "end": int,
            "key_phrase": str, "suggestion": str, "confidence": float, "cue": str, "explanation": str,
            "places": str, "is_claim": int, "reason": str,
        },
        pk="id", foreign_keys=[("article_id", "articles", "id")],
        not_null=["article_id", "position", "text", "start", "end"],
        # is_claim 0: the splitter saw no checkable claim (a question, a date line...); reason says why.
        defaults={"is_claim": 1, "reason": ""},
    )
    db["claims"].create_index(["article_id", "position"])
    db["reviewers"].create({"id": int, "name": str, "created_at": str}, pk="id", not_null=["name"])
    db["reviewers"].create_index(["name"], unique=True)
    db["verdicts"].create(
        {
            "id": int, "claim_id": int, "reviewer_id": int, "verdict": str,
            "evidence_url": str, "note": str, "created_at": str, "updated_at": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("reviewer_id", "reviewers", "id")],
        not_null=["claim_id", "reviewer_id", "verdict", "updated_at"],
    )
    # One verdict per reviewer per claim: several reviewers keep their own verdicts side by side.
    db["verdicts"].create_index(["claim_id", "reviewer_id"], unique=True)
    db["verdicts"].create_index(["reviewer_id"])
    db["verdict_history"].create(
        {
            "id": int, "claim_id": int, "reviewer_id": int, "changed_at": str,
            "from_verdict": str, "to_verdict": str,
            "from_evidence_url": str, "to_evidence_url": str, "from_note": str, "to_note": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("reviewer_id", "reviewers", "id")],
        not_null=["claim_id", "reviewer_id", "changed_at"],
    )
    db["verdict_history"].create_index(["claim_id"])


def _create_settings(db):
    # Remembers one-off facts such as "the demo was seeded", so deleting the demo does not bring it back.
    db["settings"].create({"key": str, "value": str}, pk="key")


def _create_team_review(db):
    reviewers = db["reviewers"]
    reviewers.add_column("password_hash", str)
    reviewers.add_column("role", str, not_null_default="reviewer")
    reviewers.add_column("active", int, not_null_default=1)
    reviewers.add_column("failed_logins", int, not_null_default=0)
    reviewers.add_column("locked_until", str)
    db["assignments"].create(
        {"article_id": int, "reviewer_id": int, "assigned_by": int, "assigned_at": str},
        pk=("article_id", "reviewer_id"),
        foreign_keys=[("article_id", "articles", "id"), ("reviewer_id", "reviewers", "id"),
                      ("assigned_by", "reviewers", "id")],
    )
    db["assignments"].create_index(["reviewer_id"])
    db["evidence"].create(
        {
            "id": int, "claim_id": int, "reviewer_id": int, "url": str, "quote": str, "source_type": str,
            "accessed_on": str, "archive_url": str, "created_at": str,
        },
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("reviewer_id", "reviewers", "id")],
        not_null=["claim_id", "reviewer_id", "url", "source_type", "created_at"],
    )
    db["evidence"].create_index(["claim_id", "reviewer_id"])
    db["final_verdicts"].create(
        {"claim_id": int, "verdict": str, "reason": str, "adjudicated_by": int, "adjudicated_at": str},
        pk="claim_id",
        foreign_keys=[("claim_id", "claims", "id"), ("adjudicated_by", "reviewers", "id")],
        not_null=["verdict", "adjudicated_by", "adjudicated_at"],
    )
    # Every change that is not a reviewer's verdict (those are in verdict_history): final verdicts,
    # evidence added or removed, claim edits. Appended to, never updated.
    db["claim_history"].create(
        {"id": int, "claim_id": int, "actor_id": int, "changed_at": str, "action": str,
         "from_value": str, "to_value": str},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("actor_id", "reviewers", "id")],
        not_null=["claim_id", "actor_id", "changed_at", "action"],
    )
    db["claim_history"].create_index(["claim_id"])


def _add_claim_edits(db):
    # A reviewer's fix of the split (merge, split, new boundaries) retires the claims it replaces instead of
    # deleting them: their verdicts and history stay readable. `edit` says how a claim came to be.
    db["claims"].add_column("retired_at", str)
    db["claims"].add_column("retired_by", int)
    db["claims"].add_column("edit", str)
    db.execute("create view live_claims as select * from claims where retired_at is null")


# The long export's columns: migration 0005's view, and 0008's, which adds the claim's status after them.
_EXPORT_VIEW_COLUMNS = """
          a.id as article_id, a.title as article_title, c.id as claim_id, c.text as claim_text,
          c.key_phrase, c.start, c."end", r.name as reviewer, v.verdict, c.suggestion,
          v.evidence_url,
          coalesce((select group_concat(item, char(10)) from (
             select e.source_type || ' | ' || e.url
               || case when e.quote != '' then ' | “' || e.quote || '”' else '' end
               || ' | accessed ' || e.accessed_on
               || case when e.archive_url != '' then ' | archive ' || e.archive_url else '' end as item
             from evidence e where e.claim_id = v.claim_id and e.reviewer_id = v.reviewer_id order by e.id)),
           '') as evidence,
          v.note, v.updated_at, f.verdict as final_verdict, lead.name as adjudicated_by, f.adjudicated_at"""


def _create_verdicts_export_view(db):
    # The CSV's long format as a view, so sqlite-utils or Datasette users query exactly what the export holds.
    # Evidence is one cell, an item a line: "source type | url | “quote” | accessed date | archive url".
    db.execute(f"""
        create view verdicts_export as
        select {_EXPORT_VIEW_COLUMNS}
        from verdicts v join live_claims c on c.id = v.claim_id join articles a on a.id = c.article_id
          join reviewers r on r.id = v.reviewer_id
          left join final_verdicts f on f.claim_id = c.id left join reviewers lead on lead.id = f.adjudicated_by
    """)
    db["verdicts"].create_index(["updated_at"])


def _add_session_epoch(db):
    # Sessions are signed cookies that the server cannot delete: logging out (or a new password) bumps the
    # account's epoch, and a cookie signed in an earlier epoch is refused, so a copied cookie stops working.
    db["reviewers"].add_column("session_epoch", int, not_null_default=0)


def _add_claim_intelligence(db):
    # What the text core says about each claim beside its suggestion: how check-worthy it is and why (reasons
    # as a JSON list), whether it is hedged, and who it comes from (source text, its offsets in the article,
    # whether it is named). Claims stored before this migration keep NULLs: the page shows nothing for them.
    for column, kind in (("checkworthiness", float), ("checkworthy_reasons", str), ("hedged", int),
                         ("source", str), ("source_start", int), ("source_end", int), ("source_named", int),
                         ("reporting_verb", str)):
        db["claims"].add_column(column, kind)




def _add_split_lineage(db):
    # An edit of the split as a row of its own (claim_edits) with the claims it retired and the claims it made
    # (claim_replacements), so an export can say which claims replaced a retired one and an edit can be undone.
    # An undo is an edit too (`undoes` names the edit it reverses): the history stays append-only.
    db["claim_edits"].create(
        {"id": int, "article_id": int, "kind": str, "actor_id": int, "made_at": str, "undoes": int,
         "history_mark": int},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("actor_id", "reviewers", "id")],
        not_null=["article_id", "kind", "actor_id", "made_at"],
    )
    db["claim_edits"].create_index(["article_id"])
    db["claim_replacements"].create(
        {"edit_id": int, "old_claim_id": int, "new_claim_id": int},
        pk=("edit_id", "old_claim_id", "new_claim_id"),
        foreign_keys=[("edit_id", "claim_edits", "id"), ("old_claim_id", "claims", "id"),
                      ("new_claim_id", "claims", "id")],
    )
    db["claim_replacements"].create_index(["old_claim_id"])
    db["claim_replacements"].create_index(["new_claim_id"])
    # A reviewer's verdict an edit carried over or could not carry (their verdicts differed): they should look
    # again. cleared_at is set when they save a verdict on the claim; the row itself stays.
    db["rechecks"].create(
        {"id": int, "claim_id": int, "reviewer_id": int, "edit_id": int, "reason": str, "created_at": str,
         "cleared_at": str},
        pk="id", foreign_keys=[("claim_id", "claims", "id"), ("reviewer_id", "reviewers", "id"),
                               ("edit_id", "claim_edits", "id")],
        not_null=["claim_id", "reviewer_id", "edit_id", "reason", "created_at"],
    )
    db["rechecks"].create_index(["claim_id", "reviewer_id"])
    # Why a verdict changed when the reviewer did not change it themselves ("carried from ... by a merge").
    db["verdict_history"].add_column("cause", str)
    _backfill_lineage(db)
    # The export keeps the verdicts of retired claims, saying so: a dataset filters on claim_status on purpose.
    db.execute("drop view verdicts_export")
    db.execute(f"""
        create view verdicts_export as
        select {_EXPORT_VIEW_COLUMNS},
          case when c.retired_at is null then 'live' else 'retired' end as claim_status,
          case when c.retired_at is null then '' else coalesce((
            select group_concat(new_claim_id, ' ') from (
              select new_claim_id from claim_replacements where old_claim_id = c.id and edit_id = (
                select max(edit_id) from claim_replacements where old_claim_id = c.id)
              order by new_claim_id)), '') end as replaced_by,
          exists (select 1 from rechecks k where k.claim_id = v.claim_id and k.reviewer_id = v.reviewer_id
                  and k.cleared_at is null) as recheck
        from verdicts v join claims c on c.id = v.claim_id join articles a on a.id = c.article_id
          join reviewers r on r.id = v.reviewer_id
          left join final_verdicts f on f.claim_id = c.id left join reviewers lead on lead.id = f.adjudicated_by
    """)


# How migration 0004's `edit` column names the claims an edit replaced: "merge of 3 and 4", "split of 5".
_EDIT_SOURCES = re.compile(r"^(merge|split|boundaries) of (\d+)(?: and (\d+))?$")


def _backfill_lineage(db):
    """Lineage rows for the edits made before claim_edits existed, read from the claims' `edit` column."""
    groups: dict[tuple, list[int]] = {}
    for row in db.query("select id, article_id, edit from claims where edit is not null order by id"):
        found = _EDIT_SOURCES.match(row["edit"])
        if found:
            olds = tuple(int(number) for number in found.groups()[1:] if number)
            groups.setdefault((row["article_id"], found.group(1), olds), []).append(row["id"])
    for (article_id, kind, olds), new_ids in groups.items():
        retired = list(db.query(f"select retired_at, retired_by from claims where id in ({','.join('?' * len(olds))}) "
                                "and retired_by is not null order by retired_at limit 1", list(olds)))
        if not retired or any(not db["claims"].count_where("id = ?", [old]) for old in olds):
            continue  # an edit whose old claims are gone or were never retired: nothing to link
        edit_id = db["claim_edits"].insert({
            "article_id": article_id, "kind": kind, "actor_id": retired[0]["retired_by"],
            "made_at": retired[0]["retired_at"], "history_mark": 0}).last_pk
        db["claim_replacements"].insert_all(
            {"edit_id": edit_id, "old_claim_id": old, "new_claim_id": new} for old in olds for new in new_ids)


def _add_untagged_notes(db):
    # A reviewer's evidence URL and note on a claim they have not tagged yet. Kept apart from `verdicts` so that
    # progress, agreement and every export, which read verdicts, never count typed text as a verdict. Tagging
    # the claim moves them onto the verdict; changes are appended to claim_history ("note", "evidence URL").
    db["untagged_notes"].create(
        {"claim_id": int, "reviewer_id": int, "evidence_url": str, "note": str, "updated_at": str},
        pk=("claim_id", "reviewer_id"),
        foreign_keys=[("claim_id", "claims", "id"), ("reviewer_id", "reviewers", "id")],
        not_null=["updated_at"],
    )


def _add_article_lifecycle(db):
    # An archived article leaves the lists, queues and default exports and keeps every claim, verdict and history
    # row. archived_by has no foreign key: sqlite-utils can add one to an existing table only by rebuilding it.
    articles = db["articles"]
    articles.add_column("archived_at", str)
    articles.add_column("archived_by", int)
    # The code page a file that was not UTF-8 was read as ("Windows-1252"); NULL for UTF-8 and pasted text.
    articles.add_column("encoding", str)
    # Changes to an article itself (title, URL, author, date, archived, restored): appended to, never updated.
    # actor_id is NULL for a change made on the command line.
    db["article_history"].create(
        {"id": int, "article_id": int, "actor_id": int, "changed_at": str, "action": str, "from_value": str,
         "to_value": str},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("actor_id", "reviewers", "id")],
        not_null=["article_id", "changed_at", "action"],
    )
    db["article_history"].create_index(["article_id"])
    # Each snapshot of an article handed over in full, with the SHA-256 of its line: an article with verdicts may
    # be deleted for good only while a snapshot holding exactly what it holds now was downloaded.
    db["article_snapshots"].create(
        {"id": int, "article_id": int, "digest": str, "downloaded_at": str, "downloaded_by": int},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("downloaded_by", "reviewers", "id")],
        not_null=["article_id", "digest", "downloaded_at"],
    )
    db["article_snapshots"].create_index(["article_id"])
    # What was deleted for good, by whom, and the digest of the snapshot that keeps it (NULL: it held no work).
    # No foreign key to articles: the row outlives the article it names.
    db["deleted_articles"].create(
        {"id": int, "article_id": int, "title": str, "url": str, "claims": int, "verdicts": int,
         "snapshot_digest": str, "deleted_by": int, "deleted_at": str},
        pk="id", foreign_keys=[("deleted_by", "reviewers", "id")],
        not_null=["article_id", "title", "deleted_at"],
    )


def _add_learning(db):
    # Models learnt from the desk's settled verdicts (annotator/learning/), kept in the database so that a backup
    # holds them; the JSON file in the instance folder is the working copy. Rows are never updated, the newest wins.
    db["learnt_models"].create(
        {"version": int, "trained_at": str, "verdict_count": int, "model": str},
        pk="version", not_null=["trained_at", "verdict_count", "model"],
    )
    # A claim whose suggestion a learnt model replaced keeps the built-in one here, to learn from and to go back to;
    # no row: the claim's suggestion is the built-in rules'.
    db["learnt_suggestions"].create(
        {"claim_id": int, "model_version": int, "verdict_count": int, "builtin_suggestion": str,
         "builtin_confidence": float, "builtin_cue": str, "builtin_explanation": str},
        pk="claim_id", foreign_keys=[("claim_id", "claims", "id")],
        not_null=["model_version", "verdict_count"],
    )
    # Likewise an untagged, unmarked claim whose "not a claim" a learnt model changed: the splitter's own is kept.
    db["learnt_claim_marks"].create(
        {"claim_id": int, "model_version": int, "verdict_count": int, "builtin_is_claim": int, "builtin_reason": str},
        pk="claim_id", foreign_keys=[("claim_id", "claims", "id")],
        not_null=["model_version", "verdict_count", "builtin_is_claim"],
    )
    # A lead's "accept every suggestion above X %" for an article: one action, undone as one.
    db["suggestion_acceptances"].create(
        {"id": int, "article_id": int, "actor_id": int, "percent": int, "made_at": str, "undone_at": str},
        pk="id", foreign_keys=[("article_id", "articles", "id"), ("actor_id", "reviewers", "id")],
        not_null=["article_id", "actor_id", "percent", "made_at"],
    )
    db["suggestion_acceptances"].create_index(["article_id", "actor_id"])
    # Each verdict the action saved, with the history row it wrote: the undo reverts only verdicts still as saved.
    db["accepted_suggestions"].create(
        {"acceptance_id": int, "claim_id": int, "history_id": int},
        pk=("acceptance_id", "claim_id"),
        foreign_keys=[("acceptance_id", "suggestion_acceptances", "id"), ("claim_id", "claims", "id"),
                      ("history_id", "verdict_history", "id")],
    )


def _add_account_recovery(db):
    # When each account last logged in, for the users page: an admin sees who has never started, or has stopped.
    # NULL for logins made before this migration; the locks, resets and unlocks need no new column.
    db["reviewers"].add_column("last_login_at", str)


def _add_claim_search_index(db):
    # Full-text index over every claim's text and key phrase (SQLite FTS5, ranked by BM25): the candidates for
    # "seen before" matching and the corpus search both start here. sqlite-utils' triggers keep it in step with
    # every insert, update and delete of a claim, so no code path can forget to; the porter tokenizer lets
    # "recalls" find "recalled".
    db["claims"].enable_fts(["text", "key_phrase"], tokenize="porter", create_triggers=True)


def _add_note_search_index(db):
    # The corpus search finds words in what reviewers wrote too: verdict notes and evidence URLs, notes typed
    # before tagging, evidence quotes and links. Same tokenizer as claims_fts, so "recalls" finds "recalled" in a
    # note as in a claim; triggers keep each index in step, and enable_fts fills it from the rows already there.
    for table, columns in (("verdicts", ["note", "evidence_url"]), ("untagged_notes", ["note", "evidence_url"]),
                           ("evidence", ["url", "quote"])):
        db[table].enable_fts(columns, tokenize="porter", create_triggers=True)


def _add_verdict_scales(db):
    from .scales import create_tables  # scales.py reads settings through this module: imported when run
    create_tables(db)


def _add_double_review(db):
    # How many reviewers each claim of an article needs and whether they review blind (NULL: the desk's default,
    # blind from two required on); no row: the desk's default (settings `required_reviewers`, else 1).
    db["review_rules"].create(
        {"article_id": int, "required": int, "blind": int, "set_by": int, "set_at": str},
        pk="article_id", foreign_keys=[("article_id", "articles", "id"), ("set_by", "reviewers", "id")],
    )
    # Guidelines per verdict scale, in Markdown: every save is a new version, never an update, so a verdict can
    # name the text its reviewer read. The scale is a name ("sourcing" until an article names another).
    db["guidelines"].create(
        {"id": int, "scale": str, "version": int, "body": str, "saved_by": int, "saved_at": str},
        pk="id", foreign_keys=[("saved_by", "reviewers", "id")],
        not_null=["scale", "version", "body", "saved_at"],
    )
    db["guidelines"].create_index(["scale", "version"], unique=True)
    # Seconds from the claim being focused to the verdict (NULL without JavaScript) and the guidelines version in
    # force when the verdict was saved (NULL: none written yet).
    db["verdicts"].add_column("seconds", int)
    db["verdicts"].add_column("guidelines_version", int)
    # The long export (and its view) ends with both, after whatever columns earlier migrations gave it.
    # Read from the stored view rather than written out again, so columns another migration added stay: the two
    # go just before the view's main FROM (the last "from verdicts v"; its subqueries read other tables).
    add_export_view_columns(db, "v.seconds, v.guidelines_version")


def add_export_view_columns(db, columns: str):
    """Rebuild the verdicts_export view as it stands with `columns` (SQL) after its last column.

    Each migration that adds export columns reads the stored view rather than writing it out again, so the columns
    other migrations added stay and in order: the new ones go just before the view's main FROM (the last
    "from verdicts v"; its subqueries read other tables). The caller owns the transaction.
    """
    sql = db.execute("select sql from sqlite_master where type = 'view' and name = 'verdicts_export'").fetchone()[0]
    main_from = [found.start() for found in re.finditer(r"\s+from\s+verdicts\s+v\b", sql, re.IGNORECASE)][-1]
    db.execute("drop view verdicts_export")
    db.execute(sql[:main_from] + ",\n          " + columns + sql[main_from:])


def _add_import_batches(db):
    # A batched import (annotator/import_batches.py) records each run, so one that stopped says how far it got,
    # and each article's content hash, so a rerun imports only what is missing. No foreign key: an article's
    # deletion must not be refused for its hash; lookups join articles, so a deleted article's hash matches none.
    db["import_batches"].create(
        {"id": int, "source": str, "started_at": str, "finished_at": str, "state": str, "total": int,
         "imported": int, "skipped": int, "error": str},
        pk="id", not_null=["started_at", "state", "total", "imported", "skipped"],
    )
    db["article_hashes"].create({"article_id": int, "content_hash": str}, pk="article_id",
                                not_null=["content_hash"])
    db["article_hashes"].create_index(["content_hash"])
    from .article_hash import content_hash
    rows = [{"article_id": row["id"], "content_hash": content_hash(row["title"], row["url"], row["text"])}
            for row in db.query("select id, title, url, text from articles")]
    db["article_hashes"].insert_all(rows)


def _add_claim_matches(db):
    from .matching.schema import add_claim_matches  # the matching package owns its tables
    add_claim_matches(db)


# Applied in order, each once; append new ones, never edit an applied one.
MIGRATIONS = [
    ("0001_core_tables", _create_core_tables),
    ("0002_settings", _create_settings),
    ("0003_team_review", _create_team_review),
    ("0004_claim_edits", _add_claim_edits),
    ("0005_verdicts_export_view", _create_verdicts_export_view),
    ("0006_session_epoch", _add_session_epoch),
    ("0007_claim_intelligence", _add_claim_intelligence),
    ("0008_split_lineage", _add_split_lineage),
    ("0009_untagged_notes", _add_untagged_notes),
    ("0010_account_recovery", _add_account_recovery),
    ("0011_article_lifecycle", _add_article_lifecycle),
    ("0013_learning", _add_learning),
    ("0014_claim_search_index", _add_claim_search_index),
    # Listed before 0016 though written after it: it rebuilds the export view whole, which 0017 and 0018 then extend
    # (a database that has 0016 runs the missing ones in this order too).
    ("0015_claim_matches", _add_claim_matches),
    ("0016_note_search_index", _add_note_search_index),
    ("0017_verdict_scales", _add_verdict_scales),
    ("0018_double_review", _add_double_review),
    ("0019_import_batches", _add_import_batches),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database lacks; return their names."""
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    applied = []
    for name, step in MIGRATIONS:
        # Checked under the write lock: several server workers may start on a fresh file at once.
        with write_transaction(db):
            if db["_migrations"].count_where("name = ?", [name]):
                continue
            step(db)
            db["_migrations"].insert({"name": name, "applied_at": utc_now()})
        applied.append(name)
    return applied


# A backup with a progress bar copies this many pages (4 KiB each) a step.
BACKUP_STEP_PAGES = 2048


class _Restarted(Exception):
    """A write by another connection made SQLite restart a step-by-step backup."""


def backup(db: sqlite_utils.Database, target, progress=None) -> None:
    """Copy the database to target with SQLite's online backup: consistent even while the app is writing.

    progress, if given, is called with (pages copied, pages in all) after each step.
    """
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} already exists: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if progress is not None:
        try:
            return _backup_once(db, target, progress)
        except _Restarted:
            # SQLite starts a stepped backup over whenever someone else writes between steps: on a busy server
            # it might never end. One step holds the read lock throughout, so it always finishes.
            target.unlink(missing_ok=True)
    _backup_once(db, target)


def _backup_once(db, target: Path, progress=None):
    destination = sqlite3.connect(target)
    copied = 0

    def step(status, remaining, total):
        nonlocal copied
        if total - remaining < copied:
            raise _Restarted()
        copied = total - remaining
        progress(copied, total)

    try:
        if progress is None:
            db.conn.backup(destination)
        else:
            db.conn.backup(destination, pages=BACKUP_STEP_PAGES, progress=step)  # step() may raise _Restarted
    finally:
        destination.close()


def check(db: sqlite_utils.Database) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks; an empty list means the file is sound."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall() if row[0] != "ok"]
    problems += [f"{table} row {rowid} points to a missing {parent} row"
                 for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()]
    return problems


def get_setting(db, key: str, default=None):
    rows = list(db.query("select value from settings where key = ?", [key]))
    return rows[0]["value"] if rows else default


def set_setting(db, key: str, value: str):
    db["settings"].upsert({"key": key, "value": value}, pk="key")


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or migrate the database.

    Example: flask --app annotator init-db
    """
    applied = migrate(get_db())
    click.echo(f"Database {current_app.config['DATABASE']}: " + (", ".join(applied) or "up to date"))


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="No progress bar (none is drawn when stderr is not a terminal).")
def backup_command(path, quiet):
    """Write a consistent copy of the database to PATH, safe while the app is serving.

    Example: flask --app annotator backup backups/annotator-2026-11-25.db
    """
    from .progress import progress_bar

    try:
        with progress_bar(1, "Copying pages", quiet) as bar:
            def moved(copied, total):
                bar.length = total  # known only once SQLite has started copying
                bar.update(copied - bar.pos)

            backup(get_db(), path, progress=None if quiet or not hasattr(bar, "pos") else moved)
    except FileExistsError as error:
        raise click.ClickException(str(error))
    click.echo(f"Backed up {current_app.config['DATABASE']} to {path}.")


@click.command("check")
@with_appcontext
def check_command():
    """Check the database file: SQLite's integrity check and every foreign key.

    Example: flask --app annotator check
    """
    problems = check(get_db())
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) found in {current_app.config['DATABASE']}.")
    click.echo(f"{current_app.config['DATABASE']}: ok")


DB_COMMANDS = (init_db_command, backup_command, check_command)


def init_app(app):
    app.extensions["annotator.db"] = threading.local()
    app.teardown_appcontext(close_db)
    for command in DB_COMMANDS:
        app.cli.add_command(command)
