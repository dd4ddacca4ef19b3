"""A whole instance as JSON Lines (an article a line, with claims, verdicts, evidence and history) and back."""
import json

from .db import write_transaction

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


def load_articles(db, lines, filename="snapshot.jsonl") -> list[int]:
    """Import a dump_articles snapshot as new articles, all or nothing; return the new article ids."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record.get("article"), dict) or not isinstance(record.get("claims"), list):
                raise ValueError("not an article snapshot")
        except (ValueError, AttributeError) as error:
            raise InterchangeError(f"{filename}:{number}: {error}") from None
        records.append(record)
    people: dict[str, int] = {}
    new_ids = []
    with write_transaction(db):
        for record in records:
            article = {k: v for k, v in record["article"].items() if k != "id"}
            article_id = db["articles"].insert(article).last_pk
            new_ids.append(article_id)
            claim_ids = {}
            for claim in record["claims"]:
                row = {k: v for k, v in claim.items() if k != "id"}
                row.update(article_id=article_id, retired_by=_person_id(db, claim.get("retired_by"), people))
                claim_ids[claim["id"]] = db["claims"].insert(row).last_pk
            for table in CLAIM_CHILDREN + ("final_verdicts",):
                for child in record.get(table, []):
                    row = dict(child)
                    row["claim_id"] = claim_ids[child["claim_id"]]
                    for column in PEOPLE_COLUMNS[table]:
                        row[column] = _person_id(db, child[column], people)
                    db[table].insert(row, pk="claim_id" if table == "final_verdicts" else "id")
    return new_ids
