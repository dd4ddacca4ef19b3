"""A whole instance as JSON Lines (an article a line, with claims, verdicts, evidence and history) and back."""
import json
import sqlite3
from datetime import datetime, timezone

from . import accounts, edits, evidence, scales, snapshot_extras, store, team, timing
from .db import MAX_ROW_ID, write_transaction
from .importing import DEFAULT_MAX_ARTICLE_BYTES, ImportRejected, check_article
from .urls import InvalidURL, web_url

# Tables copied per article, and the columns that point at other rows (remapped on import).
CLAIM_CHILDREN = ("verdicts", "evidence", "verdict_history", "claim_history")
PEOPLE_COLUMNS = {
    "verdicts": ("reviewer_id",), "evidence": ("reviewer_id",), "verdict_history": ("reviewer_id",),
    "claim_history": ("actor_id",), "final_verdicts": ("adjudicated_by",), "claims": ("retired_by",),
}


class InterchangeError(ValueError):
    """A snapshot line that cannot be imported; the message names the line."""


def _rows(db, table, where, params):
    return list(db.query(f"select * from [{table}] where {where} order by rowid", params))


def dump_articles(db, article_id=None):
    """Each article as one dict: the article, its claims (retired ones too) and everything attached to them.

    People appear by name, never by id or password hash, so a snapshot can move between instances.
    """
    names = {row["id"]: row["name"] for row in db.query("select id, name from reviewers")}
    where, params = ("where id = ?", [article_id]) if article_id is not None else ("", [])
    for article in db.query(f"select * from articles {where} order by id", params):
        claims = _rows(db, "claims", "article_id = ?", [article["id"]])
        claim_ids = [claim["id"] for claim in claims]
        record = {"article": article, "claims": claims}
        placeholders = ",".join("?" * len(claim_ids)) or "null"
        for table in CLAIM_CHILDREN + ("final_verdicts",):
            # Row ids of these tables are bookkeeping nothing points to: left out, the order says enough.
            record[table] = [{k: v for k, v in row.items() if k != "id"}
                             for row in _rows(db, table, f"claim_id in ({placeholders})", claim_ids)]
        for table, columns in PEOPLE_COLUMNS.items():
            for row in (record["claims"] if table == "claims" else record[table]):
                for column in columns:
                    row[column] = names.get(row[column]) if row[column] is not None else None
        if article.get("archived_by") is not None:
            article["archived_by"] = names.get(article["archived_by"])
        record.update(snapshot_extras.dump(db, article["id"], claim_ids, names))
        yield record


def jsonl_chunks(records):
    for record in records:
        yield json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def _person_id(db, name, cache):
    """The id of the reviewer with this name; created without a password (cannot log in) when missing."""
    if name is None:
        return None
    if name not in cache:
        db.execute("insert or ignore into reviewers (name, created_at) values (?, '')", [name])
        cache[name] = next(db.query("select id from reviewers where name = ?", [name]))["id"]
    return cache[name]


class _Refused(ValueError):
    """One row of a record is wrong; the message starts with where it is (article, claims[2], ...)."""


# The refusals of the forms' own checks, whose messages a snapshot's refusal repeats.
_FORM_ERRORS = (ImportRejected, InvalidURL, store.InvalidVerdict, evidence.InvalidEvidence,
                team.InvalidFinalVerdict, accounts.AccountError, edits.EditRefused)
_OPTIONAL_TEXT = (str, type(None))


def _table_columns(db) -> dict[str, set[str]]:
    """Each imported table's columns: a field not among them is refused, not handed to SQLite."""
    tables = ("articles", "claims") + CLAIM_CHILDREN + ("final_verdicts",) + snapshot_extras.PARTS
    return {table: set(db[table].columns_dict) for table in tables}


def _check_fields(row, where: str, columns: set[str], required=()):
    if not isinstance(row, dict):
        raise _Refused(f"{where}: must be an object")
    for key in row:
        if key not in columns:
            raise _Refused(f"{where}: unknown field {key!r}")
    for key in required:
        if row.get(key) is None:
            raise _Refused(f"{where}: {key} is missing")


def _check_type(row, where: str, kinds, *keys):
    for key in keys:
        value = row.get(key)
        if not isinstance(value, kinds) or isinstance(value, bool):
            raise _Refused(f"{where}: {key} has the wrong type ({type(value).__name__})")
        if isinstance(value, int) and not -MAX_ROW_ID - 1 <= value <= MAX_ROW_ID:
            raise _Refused(f"{where}: {key} is larger than SQLite's integers")


def _check_time(row, where: str, *keys, required=True):
    """An ISO 8601 date and time, stored as the app writes them (2026-11-25T16:40:00Z): exports compare text."""
    for key in keys:
        value = row.get(key)
        if value is None and not required:
            continue
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _Refused(f"{where}: {key} must be a date and time like 2026-11-25T16:40:00Z") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc)
        row[key] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _name(value, where: str, required=True):
    """A person's name checked as the account forms check it (the snapshot names people, never ids)."""
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _Refused(f"{where}: a person must be named by a string")
    try:
        return accounts.clean_name(value)
    except accounts.AccountError as error:
        raise _Refused(f"{where}: {error}") from None


def _list_of(record, key: str) -> list:
    rows = record.get(key, [])
    if not isinstance(rows, list):
        raise _Refused(f"{key}: must be a list")
    return rows


def _check_claim(claim, where: str, text: str):
    _check_type(claim, where, int, "id", "start", "end", "position")
    _check_type(claim, where, str, "text", "suggestion")
    try:
        if edits.trimmed_span(text, claim["start"], claim["end"]) != (claim["start"], claim["end"]) \
                or text[claim["start"]:claim["end"]] != claim["text"]:
            raise _Refused(f"{where}: its text is not the article's text between start and end")
        store.validate_verdict(claim.get("suggestion"), "", "")
    except _FORM_ERRORS as error:
        raise _Refused(f"{where}: {error}") from None
    try:
        places = json.loads(claim.get("places") or "[]")
        if not isinstance(places, list):
            raise ValueError
        for place in places:
            if not (isinstance(place, list) and len(place) == 2 and all(type(n) is int for n in place)
                    and 0 <= place[0] < place[1] <= len(text)):
                raise ValueError
    except (TypeError, ValueError, RecursionError):
        raise _Refused(f"{where}: places must be a JSON list of [start, end] pairs inside the article") from None
    try:
        reasons = json.loads(claim.get("checkworthy_reasons") or "[]")
        if not isinstance(reasons, list) or not all(isinstance(reason, str) for reason in reasons):
            raise ValueError
    except (TypeError, ValueError, RecursionError):
        raise _Refused(f"{where}: checkworthy_reasons must be a JSON list of strings") from None
    if claim.get("is_claim", 1) not in (0, 1) or claim.get("hedged") not in (0, 1, None) \
            or claim.get("source_named") not in (0, 1, None):
        raise _Refused(f"{where}: is_claim, hedged and source_named must be 0 or 1")
    for key in ("confidence", "checkworthiness"):
        value = claim.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)
                                  or not 0 <= value <= 1):
            raise _Refused(f"{where}: {key} must be a number from 0 to 1")
    _check_type(claim, where, (int, type(None)), "source_start", "source_end")
    _check_type(claim, where, _OPTIONAL_TEXT, "key_phrase", "cue", "explanation", "reason", "source",
                "reporting_verb", "edit")
    _check_time(claim, where, "retired_at", required=False)


def _clean_record(record, columns: dict, max_bytes: int, known_scales=None) -> dict:
    """The record with every row checked by the forms' rules and its values cleaned as they clean them."""
    if not isinstance(record, dict):
        raise _Refused("not an article snapshot (an object with article and claims)")
    for key in record:
        if key not in ("article", "claims") + CLAIM_CHILDREN + ("final_verdicts",) + snapshot_extras.PARTS:
            raise _Refused(f"unknown part {key!r}")
    article = record.get("article")
    _check_fields(article, "article", columns["articles"], required=("title", "text", "created_at"))
    _check_type(article, "article", str, "title", "text")
    _check_type(article, "article", _OPTIONAL_TEXT, "url", "author", "published", "source", "filename",
                "encoding")
    try:
        article = {**article, "url": check_article(article["text"], article["title"], article.get("url") or "",
                                                   max_bytes)}
        if not article["title"].strip():
            raise ImportRejected("The title is empty.")
    except ImportRejected as error:
        raise _Refused(f"article: {error}") from None
    _check_time(article, "article", "created_at")
    # Its verdicts are checked against its scale, which this instance must know (snapshots older than scales: sourcing).
    known_scales = known_scales or dict(scales.BUILTIN_SCALES)
    scale_name = article.get("scale") or scales.SOURCING
    if not isinstance(scale_name, str):
        raise _Refused("article: scale must be the name of a scale")
    if scale_name not in known_scales:
        raise _Refused(f"article: its scale {scale_name!r} is not defined here; add it first "
                       "(flask --app annotator scale add FILE.json)")
    article["scale"] = scale_name
    allowed = known_scales[scale_name].names
    # An archived article stays archived in the instance that imports it, by the same person.
    _check_time(article, "article", "archived_at", required=False)
    article["archived_by"] = _name(article.get("archived_by"), "article", required=False)
    claims = _list_of(record, "claims")
    if not claims and "claims" not in record:
        raise _Refused("claims: missing")
    claim_ids = set()
    for number, claim in enumerate(claims):
        where = f"claims[{number}]"
        _check_fields(claim, where, columns["claims"], required=("id", "text", "start", "end", "position"))
        _check_claim(claim, where, article["text"])
        if claim["id"] in claim_ids:
            raise _Refused(f"{where}: a second claim with id {claim['id']}")
        claim_ids.add(claim["id"])
        claim["retired_by"] = _name(claim.get("retired_by"), where, required=False)
    cleaned = {"article": article, "claims": claims}
    for table in CLAIM_CHILDREN + ("final_verdicts",):
        cleaned[table] = [_clean_child(table, row, f"{table}[{number}]", columns[table], claim_ids, allowed)
                          for number, row in enumerate(_list_of(record, table))]
    _refuse_repeats(cleaned)
    cleaned.update(snapshot_extras.clean(record, _Checks(columns), claim_ids))
    return cleaned


class _Checks:
    """This module's row checks, handed to snapshot_extras so both parts of a snapshot are checked alike."""
    Refused = _Refused

    def __init__(self, columns: dict):
        self.columns = columns

    def fields(self, row, where: str, table: str, drop=(), required=()):
        _check_fields(row, where, self.columns[table] - set(drop), required)

    list_of = staticmethod(_list_of)
    type_of = staticmethod(_check_type)
    name = staticmethod(_name)
    time = staticmethod(_check_time)


# The fields each attached row must have, beside its claim and its person.
_REQUIRED = {"verdicts": ("verdict", "updated_at"), "evidence": ("url", "source_type", "created_at"),
             "verdict_history": ("changed_at",), "claim_history": ("changed_at", "action"),
             "final_verdicts": ("verdict", "adjudicated_at")}


def _clean_child(table: str, row, where: str, columns: set[str], claim_ids: set, allowed=store.VERDICTS) -> dict:
    """One verdict, evidence item, history entry or final verdict, checked as its form checks it."""
    person = PEOPLE_COLUMNS[table][0]
    _check_fields(row, where, columns - {"id"}, required=("claim_id", person) + _REQUIRED[table])
    if type(row["claim_id"]) is not int or row["claim_id"] not in claim_ids:
        raise _Refused(f"{where}: claim_id {row['claim_id']!r} is not a claim of this article")
    row = {**row, person: _name(row[person], where)}
    try:
        if table == "verdicts":
            # reused_from names a claim by its id in the instance the snapshot came from, which is another claim
            # (or none) here: not carried. The verdict, and its history's "reused from claim N", are kept.
            row.pop("reused_from", None)
            _check_type(row, where, _OPTIONAL_TEXT, "verdict", "evidence_url", "note")
            row["verdict"], row["evidence_url"], row["note"] = store.validate_verdict(
                row["verdict"], row.get("evidence_url"), row.get("note"), allowed)
            _check_time(row, where, "updated_at")
            _check_time(row, where, "created_at", required=False)
            # Time taken and guidelines version (migration 0018): absent in older snapshots, else whole numbers.
            _check_type(row, where, (int, type(None)), "seconds", "guidelines_version")
            if row.get("seconds") is not None and not 0 <= row["seconds"] <= timing.MAX_SECONDS:
                raise _Refused(f"{where}: seconds is not 0 to {timing.MAX_SECONDS}")
            # The claim a reused verdict came from (migration 0015), an id of the instance that wrote the file.
            _check_type(row, where, (int, type(None)), "reused_from")
            for column in ("guidelines_version", "reused_from"):
                if row.get(column) is not None and not 1 <= row[column] <= MAX_ROW_ID:
                    raise _Refused(f"{where}: {column} is not a row id")
        elif table == "evidence":
            _check_type(row, where, _OPTIONAL_TEXT, "url", "quote", "source_type", "accessed_on", "archive_url")
            (row["url"], row["quote"], row["source_type"], row["accessed_on"],
             row["archive_url"]) = evidence.validate_evidence(
                row["url"], row.get("quote"), row["source_type"], row.get("accessed_on") or "",
                row.get("archive_url"))
            if not row.get("accessed_on"):
                raise evidence.InvalidEvidence("The access date is missing.")
            _check_time(row, where, "created_at")
        elif table == "verdict_history":
            _check_type(row, where, _OPTIONAL_TEXT, "from_verdict", "to_verdict", "from_evidence_url",
                        "to_evidence_url", "from_note", "to_note", "cause")
            for side in ("from", "to"):
                if row.get(f"{side}_verdict") is not None:
                    store.validate_verdict(row[f"{side}_verdict"], row.get(f"{side}_evidence_url"),
                                           row.get(f"{side}_note"), allowed)
                else:
                    web_url(row.get(f"{side}_evidence_url"), "evidence URL")
            _check_time(row, where, "changed_at")
        elif table == "claim_history":
            _check_type(row, where, str, "action")
            _check_type(row, where, _OPTIONAL_TEXT, "from_value", "to_value")
            _check_time(row, where, "changed_at")
        else:
            _check_type(row, where, _OPTIONAL_TEXT, "verdict", "reason")
            row["verdict"], row["reason"] = team.validate_final_verdict(row["verdict"], row.get("reason"), allowed)
            _check_time(row, where, "adjudicated_at")
    except _FORM_ERRORS as error:
        raise _Refused(f"{where}: {error}") from None
    return row


def _refuse_repeats(record: dict):
    """A reviewer has one verdict per claim and a claim one final verdict, as the database insists."""
    for table, key in (("verdicts", ("claim_id", "reviewer_id")), ("final_verdicts", ("claim_id",))):
        seen = set()
        for number, row in enumerate(record[table]):
            identity = tuple(row[column] for column in key)
            if identity in seen:
                what = "a second verdict by this reviewer" if table == "verdicts" else "a second final verdict"
                raise _Refused(f"{table}[{number}]: {what} on claim {row['claim_id']}")
            seen.add(identity)


def read_snapshot(db, lines, filename="snapshot.jsonl", max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES):
    """Every record of a snapshot, checked and cleaned, with its line number; InterchangeError names the line."""
    columns = _table_columns(db)
    known_scales = {scale.name: scale for scale in scales.list_scales(db)}
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except RecursionError:
                raise _Refused("not valid JSON (nested too deeply)") from None
            except ValueError as error:
                raise _Refused(f"not valid JSON ({getattr(error, 'msg', error)})") from None
            records.append((number, _clean_record(record, columns, max_bytes, known_scales)))
        except _Refused as error:
            raise InterchangeError(f"{filename}:{number}: {error}.") from None
    return records


def load_articles(db, lines, filename="snapshot.jsonl", max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
                  progress=None) -> list[int]:
    """Import a dump_articles snapshot as new articles, all or nothing; return the new article ids.

    progress, if given, is called with no argument after each article is inserted (for a progress bar).

    Every row is checked first by the rules of the forms that make such rows; a refused file changes nothing
    and the message names its line and why.
    """
    records = read_snapshot(db, lines, filename, max_bytes)
    try:
        with write_transaction(db):
            return _insert_records(db, records, progress)
    except sqlite3.Error as error:
        # Not expected after the checks above; if the database still refuses a row, say so without a traceback.
        raise InterchangeError(f"{filename}: the database refused the snapshot ({error}).") from None


def _insert_records(db, records, progress=None) -> list[int]:
    """Insert checked records; the caller owns the transaction."""
    people: dict[str, int] = {}
    new_ids = []
    for _, record in records:
        article = {k: v for k, v in record["article"].items() if k != "id"}
        if "archived_by" in article:
            article["archived_by"] = _person_id(db, article["archived_by"], people)
        article_id = db["articles"].insert(article).last_pk
        new_ids.append(article_id)
        claim_ids = {}
        for claim in record["claims"]:
            row = {k: v for k, v in claim.items() if k != "id"}
            row.update(article_id=article_id, retired_by=_person_id(db, claim.get("retired_by"), people))
            claim_ids[claim["id"]] = db["claims"].insert(row).last_pk
        for table in CLAIM_CHILDREN + ("final_verdicts",):
            for child in record[table]:
                row = dict(child)
                row["claim_id"] = claim_ids[child["claim_id"]]
                for column in PEOPLE_COLUMNS[table]:
                    row[column] = _person_id(db, child[column], people)
                db[table].insert(row, pk="claim_id" if table == "final_verdicts" else "id")
        snapshot_extras.insert(db, record, article_id, claim_ids, lambda name: _person_id(db, name, people))
        if progress is not None:
            progress()
    return new_ids
