"""A lead's "accept every suggestion above X % for this article": their own verdict on each untagged claim whose
suggestion is at least that sure, saved as one action that one undo takes back."""
import math

from .. import scales
from .. import guidelines
from ..db import utc_now, write_transaction
from ..store import append_verdict_history
from .settled import ACCEPTED_CAUSE

MIN_PERCENT, MAX_PERCENT = 50, 100


class InvalidAcceptance(ValueError):
    """A threshold or an undo that cannot be done; the message says why."""


def parse_percent(value) -> int:
    """The threshold typed on the form as a whole percentage, or InvalidAcceptance."""
    text = str(value or "").strip().rstrip("%").strip()
    if not text.isdecimal() or not MIN_PERCENT <= int(text) <= MAX_PERCENT:
        raise InvalidAcceptance(f"Enter a whole percentage from {MIN_PERCENT} to {MAX_PERCENT}.")
    return int(text)


def _shown_percent(confidence) -> int:
    # The review page shows "%d %%" of 100 * confidence (rounded down): a claim shown "80 % sure" is accepted at 80.
    return math.floor(100 * confidence + 1e-9)


def candidates(db, article_id: int, actor_id: int, percent: int) -> list[dict]:
    """The article's live claims this person has not tagged whose suggestion is at least percent sure."""
    rows = db.query(
        """select c.id, c.suggestion, c.confidence from live_claims c
           where c.article_id = ? and c.is_claim and c.confidence is not null and c.suggestion is not null
             and not exists (select 1 from verdicts v where v.claim_id = c.id and v.reviewer_id = ?)
           order by c.position""", [article_id, actor_id])
    # A suggestion is a sourcing verdict: on an article with another scale it is no verdict a reviewer could choose.
    allowed = {value.name for value in scales.article_scale(db, article_id).active}
    return [row for row in rows if _shown_percent(row["confidence"]) >= percent and row["suggestion"] in allowed]


def accept_above(db, article_id: int, actor_id: int, percent: int) -> tuple[int | None, int]:
    """Save the suggestion as this person's verdict on every such claim, as one action: (its id or None, how many)."""
    now = utc_now()
    cause = f"{ACCEPTED_CAUSE} at {percent} % or more"
    with write_transaction(db):
        found = candidates(db, article_id, actor_id, percent)
        if not found:
            return None, 0
        acceptance_id = db["suggestion_acceptances"].insert(
            {"article_id": article_id, "actor_id": actor_id, "percent": percent, "made_at": now}).last_pk
        for claim in found:
            # As store.save_verdict does for a first verdict: the URL and note typed before tagging move onto it.
            typed = next(db.query("select evidence_url, note from untagged_notes where claim_id = ? and reviewer_id = ?",
                                  [claim["id"], actor_id]), {"evidence_url": None, "note": None})
            db.execute("delete from untagged_notes where claim_id = ? and reviewer_id = ?", [claim["id"], actor_id])
            # The guidelines version in force is recorded as for any verdict; no seconds: nobody timed a bulk accept.
            db.execute("insert into verdicts (claim_id, reviewer_id, verdict, evidence_url, note, created_at, updated_at, "
                       "guidelines_version) values (?, ?, ?, ?, ?, ?, ?, ?)",
                       [claim["id"], actor_id, claim["suggestion"], typed["evidence_url"] or "", typed["note"] or "",
                        now, now, guidelines.version_for_claim(db, claim["id"])])
            db.execute("update rechecks set cleared_at = ? where claim_id = ? and reviewer_id = ? and cleared_at is null",
                       [now, claim["id"], actor_id])
            append_verdict_history(db, claim["id"], actor_id, now, typed, {
                "verdict": claim["suggestion"], "evidence_url": typed["evidence_url"] or "",
                "note": typed["note"] or ""}, cause=cause)
            history_id = next(db.query("select last_insert_rowid() as id"))["id"]
            db["accepted_suggestions"].insert({"acceptance_id": acceptance_id, "claim_id": claim["id"],
                                               "history_id": history_id})
    return acceptance_id, len(found)


def last_acceptance(db, article_id: int, actor_id: int) -> dict | None:
    """This person's latest acceptance on the article not undone yet, with how many verdicts it saved; or None."""
    return next(db.query(
        """select s.*, (select count(*) from accepted_suggestions a where a.acceptance_id = s.id) as count
           from suggestion_acceptances s where s.article_id = ? and s.actor_id = ? and s.undone_at is null
           order by s.id desc limit 1""", [article_id, actor_id]), None)


def undo_acceptance(db, acceptance_id: int, actor_id: int) -> tuple[int, int, int]:
    """Take back the verdicts the action saved: (article id, verdicts undone, verdicts left as changed since)."""
    now = utc_now()
    with write_transaction(db):
        acceptance = next(db.query("select * from suggestion_acceptances where id = ?", [acceptance_id]), None)
        if acceptance is None or acceptance["actor_id"] != actor_id:
            raise LookupError(f"Acceptance {acceptance_id} does not exist.")
        if acceptance["undone_at"]:
            raise InvalidAcceptance("These accepted suggestions were undone already: reload the page.")
        undone = kept = 0
        for row in list(db.query("""select a.claim_id, h.from_evidence_url, h.from_note, c.retired_at,
                                      (select max(id) from verdict_history x where x.claim_id = a.claim_id
                                         and x.reviewer_id = ?) as last_id, a.history_id, v.verdict, v.evidence_url,
                                      v.note
                                    from accepted_suggestions a join verdict_history h on h.id = a.history_id
                                      join claims c on c.id = a.claim_id
                                      left join verdicts v on v.claim_id = a.claim_id and v.reviewer_id = ?
                                    where a.acceptance_id = ?""", [actor_id, actor_id, acceptance_id])):
            if row["last_id"] != row["history_id"] or row["retired_at"] or row["verdict"] is None:
                kept += 1  # changed since (by hand, an undo, a fix of the split): the later change stands
                continue
            db.execute("delete from verdicts where claim_id = ? and reviewer_id = ?", [row["claim_id"], actor_id])
            if row["from_evidence_url"] or row["from_note"]:
                # An upsert, not "insert or replace": a replace deletes without firing the delete trigger that
                # keeps the notes' search index (migration 0016) in step.
                db.execute("insert into untagged_notes (claim_id, reviewer_id, evidence_url, note, updated_at) "
                           "values (?, ?, ?, ?, ?) on conflict (claim_id, reviewer_id) do update set "
                           "evidence_url = excluded.evidence_url, note = excluded.note, updated_at = excluded.updated_at",
                           [row["claim_id"], actor_id, row["from_evidence_url"] or "", row["from_note"] or "", now])
            append_verdict_history(db, row["claim_id"], actor_id, now, row, {
                "verdict": None, "evidence_url": row["from_evidence_url"], "note": row["from_note"]},
                cause=f"undo of accepting every suggestion at {acceptance['percent']} % or more")
            undone += 1
        db.execute("update suggestion_acceptances set undone_at = ? where id = ?", [now, acceptance_id])
    return acceptance["article_id"], undone, kept
