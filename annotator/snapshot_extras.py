"""The parts of an article's snapshot beyond its verdicts: typed notes, the article's history, fixes of the split.

A snapshot is how a desk hands an article over or keeps it before deleting it for good, so it carries everything a
reviewer or lead did to it: a note typed on a claim not tagged yet (untagged_notes), each change to the article
itself (article_history), and each fix of the split with the claims it retired and made and the re-check flags it
raised (claim_edits, claim_replacements, rechecks). Snapshots written before these parts existed import unchanged.
"""
from . import double_review, publication, store
from .carry import RECHECK_REASONS

PARTS = ("untagged_notes", "article_history", "claim_edits", "claim_replacements", "rechecks", "claim_publication",
         "review_rules")
# The person column of each part, written by name in the file, as the rest of the snapshot does.
PEOPLE = {"untagged_notes": "reviewer_id", "article_history": "actor_id", "claim_edits": "actor_id",
          "rechecks": "reviewer_id", "claim_publication": "updated_by", "review_rules": "set_by"}
EDIT_KINDS = ("merge", "split", "boundaries", "add", "undo")
RECHECK_TEXTS = tuple(RECHECK_REASONS.values())


def dump(db, article_id: int, claim_ids: list[int], names: dict) -> dict:
    """The extra parts of one article, people by name; edits keep their ids so replacements can point at them."""
    marks = ",".join("?" * len(claim_ids)) or "null"
    parts = {
        "untagged_notes": _rows(db, f"select * from untagged_notes where claim_id in ({marks}) "
                                    "order by claim_id, reviewer_id", claim_ids),
        "article_history": _rows(db, "select * from article_history where article_id = ? order by id", [article_id],
                                 drop=("id", "article_id")),
        "claim_edits": _rows(db, "select * from claim_edits where article_id = ? order by id", [article_id],
                             drop=("article_id", "history_mark")),
        "claim_replacements": _rows(db, "select r.* from claim_replacements r join claim_edits e on e.id = r.edit_id "
                                        "where e.article_id = ? order by r.rowid", [article_id]),
        "rechecks": _rows(db, f"select * from rechecks where claim_id in ({marks}) order by id", claim_ids,
                          drop=("id",)),
        # A lead's claimant and fact-check URL for the ClaimReview (migration 0017).
        "claim_publication": _rows(db, f"select * from claim_publication where claim_id in ({marks}) "
                                       "order by claim_id", claim_ids),
        # The article's own number of reviewers per claim and blind choice (double_review), if it has one.
        "review_rules": _rows(db, "select * from review_rules where article_id = ?", [article_id],
                              drop=("article_id",)),
    }
    for part, column in PEOPLE.items():
        for row in parts[part]:
            row[column] = names.get(row[column]) if row[column] is not None else None
    return parts


def _rows(db, sql: str, params, drop=()) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in drop} for row in db.query(sql, params)]


def clean(record: dict, checks, claim_ids: set) -> dict:
    """The extra parts checked by the rules of the forms and edits that make them; checks holds interchange's."""
    edits = [_clean_edit(row, f"claim_edits[{n}]", checks) for n, row in enumerate(checks.list_of(record, "claim_edits"))]
    edit_ids = {edit["id"] for edit in edits}
    if len(edit_ids) != len(edits):
        raise checks.Refused("claim_edits: two edits with the same id")
    for number, edit in enumerate(edits):
        if edit.get("undoes") is not None and edit["undoes"] not in edit_ids:
            raise checks.Refused(f"claim_edits[{number}]: undoes {edit['undoes']!r}, not an edit of this article")
    parts = {"claim_edits": edits}
    parts["claim_replacements"] = [
        _clean_replacement(row, f"claim_replacements[{n}]", checks, edit_ids, claim_ids)
        for n, row in enumerate(checks.list_of(record, "claim_replacements"))]
    parts["rechecks"] = [_clean_recheck(row, f"rechecks[{n}]", checks, edit_ids, claim_ids)
                         for n, row in enumerate(checks.list_of(record, "rechecks"))]
    parts["untagged_notes"] = [_clean_note(row, f"untagged_notes[{n}]", checks, claim_ids)
                               for n, row in enumerate(checks.list_of(record, "untagged_notes"))]
    seen = set()
    for number, row in enumerate(parts["untagged_notes"]):
        if (row["claim_id"], row["reviewer_id"]) in seen:
            raise checks.Refused(f"untagged_notes[{number}]: a second note by this reviewer on claim {row['claim_id']}")
        seen.add((row["claim_id"], row["reviewer_id"]))
    parts["article_history"] = [_clean_article_change(row, f"article_history[{n}]", checks)
                                for n, row in enumerate(checks.list_of(record, "article_history"))]
    parts["claim_publication"] = [_clean_publication(row, f"claim_publication[{n}]", checks, claim_ids)
                                  for n, row in enumerate(checks.list_of(record, "claim_publication"))]
    if len({row["claim_id"] for row in parts["claim_publication"]}) != len(parts["claim_publication"]):
        raise checks.Refused("claim_publication: two rows for one claim")
    parts["review_rules"] = [_clean_rule(row, f"review_rules[{n}]", checks)
                             for n, row in enumerate(checks.list_of(record, "review_rules"))][:1]
    return parts


def _clean_publication(row, where: str, checks, claim_ids: set) -> dict:
    checks.fields(row, where, "claim_publication", required=("claim_id", "updated_at"))
    _claim_of(row, "claim_id", where, checks, claim_ids)
    checks.type_of(row, where, (str, type(None)), "claimant", "claimant_type", "review_url")
    row = {**row, "updated_by": checks.name(row.get("updated_by"), where, required=False)}
    try:
        row["claimant"], row["claimant_type"], row["review_url"] = publication.validate(
            row.get("claimant") or "", row.get("claimant_type") or "Person", row.get("review_url") or "")
    except publication.InvalidPublication as error:
        raise checks.Refused(f"{where}: {error}") from None
    checks.time(row, where, "updated_at")
    return row


def _clean_rule(row, where: str, checks) -> dict:
    checks.fields(row, where, "review_rules", drop=("article_id",), required=("required",))
    checks.type_of(row, where, int, "required")
    checks.type_of(row, where, (int, type(None)), "blind")
    if not double_review.MIN_REQUIRED <= row["required"] <= double_review.MAX_REQUIRED:
        raise checks.Refused(f"{where}: required must be {double_review.MIN_REQUIRED} to {double_review.MAX_REQUIRED}")
    if row.get("blind") not in (None, 0, 1):
        raise checks.Refused(f"{where}: blind must be 0, 1 or null")
    row = {**row, "set_by": checks.name(row.get("set_by"), where, required=False)}
    checks.time(row, where, "set_at", required=False)
    return row


def _clean_edit(row, where: str, checks) -> dict:
    checks.fields(row, where, "claim_edits", drop=("article_id", "history_mark"),
                  required=("id", "kind", "actor_id", "made_at"))
    checks.type_of(row, where, int, "id")
    checks.type_of(row, where, (int, type(None)), "undoes")
    if row["kind"] not in EDIT_KINDS:
        raise checks.Refused(f"{where}: kind must be one of {', '.join(EDIT_KINDS)}")
    row = {**row, "actor_id": checks.name(row["actor_id"], where)}
    checks.time(row, where, "made_at")
    return row


def _claim_of(row, key: str, where: str, checks, claim_ids: set):
    if type(row.get(key)) is not int or row[key] not in claim_ids:
        raise checks.Refused(f"{where}: {key} {row.get(key)!r} is not a claim of this article")


def _edit_of(row, where: str, checks, edit_ids: set):
    if type(row.get("edit_id")) is not int or row["edit_id"] not in edit_ids:
        raise checks.Refused(f"{where}: edit_id {row.get('edit_id')!r} is not an edit of this article")


def _clean_replacement(row, where: str, checks, edit_ids: set, claim_ids: set) -> dict:
    checks.fields(row, where, "claim_replacements", required=("edit_id", "old_claim_id", "new_claim_id"))
    _edit_of(row, where, checks, edit_ids)
    _claim_of(row, "old_claim_id", where, checks, claim_ids)
    _claim_of(row, "new_claim_id", where, checks, claim_ids)
    return dict(row)


def _clean_recheck(row, where: str, checks, edit_ids: set, claim_ids: set) -> dict:
    checks.fields(row, where, "rechecks", drop=("id",),
                  required=("claim_id", "reviewer_id", "edit_id", "reason", "created_at"))
    _claim_of(row, "claim_id", where, checks, claim_ids)
    _edit_of(row, where, checks, edit_ids)
    if row["reason"] not in RECHECK_TEXTS:
        raise checks.Refused(f"{where}: reason must be one of {', '.join(RECHECK_TEXTS)}")
    row = {**row, "reviewer_id": checks.name(row["reviewer_id"], where)}
    checks.time(row, where, "created_at")
    checks.time(row, where, "cleared_at", required=False)
    return row


def _clean_note(row, where: str, checks, claim_ids: set) -> dict:
    checks.fields(row, where, "untagged_notes", required=("claim_id", "reviewer_id", "updated_at"))
    _claim_of(row, "claim_id", where, checks, claim_ids)
    checks.type_of(row, where, (str, type(None)), "evidence_url", "note")
    row = {**row, "reviewer_id": checks.name(row["reviewer_id"], where)}
    try:
        row["evidence_url"], row["note"] = store.validate_note(row.get("evidence_url"), row.get("note"))
    except store.InvalidVerdict as error:
        raise checks.Refused(f"{where}: {error}") from None
    checks.time(row, where, "updated_at")
    return row


def _clean_article_change(row, where: str, checks) -> dict:
    checks.fields(row, where, "article_history", drop=("id", "article_id"), required=("changed_at", "action"))
    checks.type_of(row, where, str, "action")
    checks.type_of(row, where, (str, type(None)), "from_value", "to_value")
    row = {**row, "actor_id": checks.name(row.get("actor_id"), where, required=False)}
    checks.time(row, where, "changed_at")
    return row


def insert(db, parts: dict, article_id: int, claim_ids: dict, person_id) -> None:
    """Insert the checked extra parts of one article; claim_ids maps the file's claim ids to the new ones."""
    for row in parts["article_history"]:
        db["article_history"].insert({**row, "article_id": article_id, "actor_id": person_id(row["actor_id"])},
                                     pk="id")
    # An edit restored from a file counts every verdict change since as a reviewer's: undoing it asks first.
    mark = db.execute("select coalesce(max(id), 0) from verdict_history").fetchone()[0]
    edit_ids = {}
    for edit in parts["claim_edits"]:
        row = {k: v for k, v in edit.items() if k not in ("id", "undoes")}
        row.update(article_id=article_id, actor_id=person_id(edit["actor_id"]), history_mark=mark)
        edit_ids[edit["id"]] = db["claim_edits"].insert(row, pk="id").last_pk
    for edit in parts["claim_edits"]:
        if edit.get("undoes") is not None:  # after all are in: the file may list an undo before its edit
            db.execute("update claim_edits set undoes = ? where id = ?", [edit_ids[edit["undoes"]], edit_ids[edit["id"]]])
    for row in parts["claim_replacements"]:
        db["claim_replacements"].insert({"edit_id": edit_ids[row["edit_id"]],
                                         "old_claim_id": claim_ids[row["old_claim_id"]],
                                         "new_claim_id": claim_ids[row["new_claim_id"]]},
                                        pk=("edit_id", "old_claim_id", "new_claim_id"), ignore=True)
    for row in parts["rechecks"]:
        db["rechecks"].insert({**row, "claim_id": claim_ids[row["claim_id"]], "edit_id": edit_ids[row["edit_id"]],
                               "reviewer_id": person_id(row["reviewer_id"])}, pk="id")
    for row in parts.get("claim_publication", []):
        db["claim_publication"].insert({**row, "claim_id": claim_ids[row["claim_id"]],
                                        "updated_by": person_id(row["updated_by"])}, pk="claim_id")
    for row in parts["review_rules"]:
        db["review_rules"].insert({**row, "article_id": article_id, "set_by": person_id(row["set_by"])},
                                  pk="article_id")
    for row in parts["untagged_notes"]:
        db["untagged_notes"].insert({**row, "claim_id": claim_ids[row["claim_id"]],
                                     "reviewer_id": person_id(row["reviewer_id"])}, pk=("claim_id", "reviewer_id"))
