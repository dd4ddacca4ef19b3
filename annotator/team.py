"""Work shared by a desk: assignments and queues, verdict tables for agreement, and a lead's final verdicts."""
from . import double_review
from .accounts import LEAD_ROLES
from .db import get_setting, set_setting, utc_now, write_transaction
from .history import record
from . import scales
from .text import VERDICTS

MAX_REASON_LENGTH = 2_000
# The settings row that lets reviewers fix the split (merge, split, boundaries...); absent means they may not:
# a fix retires claims every reviewer tagged, so by default only leads and admins make it.
REVIEWERS_FIX_SPLIT = "reviewers_fix_split"


class InvalidFinalVerdict(ValueError):
    """A final verdict that cannot be saved; the message says why."""


def set_assignments(db, article_id: int, reviewer_ids, assigned_by: int):
    """Make exactly these reviewers assigned to the article."""
    now = utc_now()
    with write_transaction(db):
        db.execute("delete from assignments where article_id = ?", [article_id])
        db["assignments"].insert_all(
            {"article_id": article_id, "reviewer_id": reviewer_id, "assigned_by": assigned_by, "assigned_at": now}
            for reviewer_id in sorted(reviewer_ids)
        )


def reviewers_may_fix_split(db) -> bool:
    """Whether an admin has allowed reviewers to fix the split (on the articles they are assigned to)."""
    return get_setting(db, REVIEWERS_FIX_SPLIT) == "1"


def set_reviewers_may_fix_split(db, allowed: bool):
    """An admin's choice whether reviewers may fix the split."""
    with write_transaction(db):
        set_setting(db, REVIEWERS_FIX_SPLIT, "1" if allowed else "0")


def split_refusal(db, user: dict, article_id: int) -> str | None:
    """Why this user may not fix the split of this article, or None if they may.

    Leads and admins always may. A reviewer may only where an admin allows it and, once the desk assigns articles
    at all, only on the articles assigned to them: a fix retires claims other reviewers are tagging.
    """
    if user["role"] in LEAD_ROLES:
        return None
    if not reviewers_may_fix_split(db):
        return "Fixing the split is for leads and admins: an admin can allow reviewers on the settings page."
    if db["assignments"].count and not db["assignments"].count_where(
            "article_id = ? and reviewer_id = ?", [article_id, user["id"]]):
        return "You are not assigned to this article: only its reviewers, leads and admins may fix its split."
    return None


def assigned_reviewer_ids(db, article_id: int) -> set[int]:
    return {row["reviewer_id"] for row in db.query(
        "select reviewer_id from assignments where article_id = ?", [article_id])}


def queue_for(db, reviewer_id: int) -> list[dict]:
    """The reviewer's assigned articles (not archived), oldest assignment first, with how many claims they tagged."""
    return list(db.query(
        """
        select a.id, a.title, s.assigned_at,
          (select count(*) from live_claims c where c.article_id = a.id and c.is_claim) as claim_count,
          (select count(*) from verdicts v join live_claims c on c.id = v.claim_id
             where c.article_id = a.id and c.is_claim and v.reviewer_id = s.reviewer_id) as my_tagged_count
        from assignments s join articles a on a.id = s.article_id
        where s.reviewer_id = ? and a.archived_at is null order by s.assigned_at, a.id
        """,
        [reviewer_id],
    ))


def next_untagged_claim(db, reviewer_id: int) -> dict | None:
    """The next claim waiting for this reviewer (double_review.next_claim: untagged by them, short of verdicts)."""
    return double_review.next_claim(db, reviewer_id)


def ratings(db, article_id=None, scale=None) -> dict[int, dict[str, str]]:
    """Every claim's verdicts by reviewer name, {claim_id: {reviewer: verdict}}, in reading order; with scale,
    only on the articles that use it (verdicts of different scales are not comparable).

    Across the corpus, archived articles are left out, as they are out of the lists and the queues.
    """
    where, params = (("where c.article_id = ?", [article_id]) if article_id is not None else
                     ("where c.article_id in (select id from articles where archived_at is null)", []))
    if scale is not None:
        where += " and c.article_id in (select id from articles where scale = ?)"
        params = params + [scale]
    table: dict[int, dict[str, str]] = {}
    for row in db.query(
        f"""select c.id as claim_id, r.name, v.verdict from verdicts v join live_claims c on c.id = v.claim_id
            join reviewers r on r.id = v.reviewer_id {where} order by c.article_id, c.position, r.name""",
        params,
    ):
        table.setdefault(row["claim_id"], {})[row["name"]] = row["verdict"]
    return table


def verdicts_side_by_side(db, claim_ids) -> dict[int, list[dict]]:
    """Each claim's verdicts from every reviewer, with evidence URL and note, for a lead to compare."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    placeholders = ",".join("?" * len(claim_ids))
    found: dict[int, list[dict]] = {}
    for row in db.query(
        f"""select v.claim_id, r.name as reviewer, v.verdict, v.evidence_url, v.note, v.updated_at
            from verdicts v join reviewers r on r.id = v.reviewer_id
            where v.claim_id in ({placeholders}) order by r.name""",
        claim_ids,
    ):
        found.setdefault(row["claim_id"], []).append(row)
    return found


def final_verdicts(db, claim_ids) -> dict[int, dict]:
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    placeholders = ",".join("?" * len(claim_ids))
    return {row["claim_id"]: row for row in db.query(
        f"""select f.*, r.name as adjudicated_by_name from final_verdicts f
            join reviewers r on r.id = f.adjudicated_by where f.claim_id in ({placeholders})""",
        claim_ids,
    )}


def validate_final_verdict(verdict: str, reason: str = "", allowed=VERDICTS,
                           require_reason: bool = False) -> tuple[str, str]:
    """A final-verdict form's verdict and reason cleaned, or InvalidFinalVerdict with a message for the lead;
    allowed is the values of the claim's scale (the sourcing scale's by default).

    A lead's new final verdict needs a reason (require_reason); a snapshot's older ones may have none.
    """
    verdict = (verdict or "").strip()
    reason = (reason or "").strip()
    if verdict not in allowed:
        raise InvalidFinalVerdict(f"Choose a final verdict: {', '.join(allowed)}.")
    if require_reason and not reason:
        raise InvalidFinalVerdict("Give the reason for the final verdict: the reviewers and the dataset keep it.")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidFinalVerdict(f"The reason is longer than {MAX_REASON_LENGTH} characters.")
    return verdict, reason


def _allowed(db, claim_id: int) -> tuple[str, ...]:
    """The values a lead may choose as a claim's final verdict: its article's scale, retired values left out."""
    try:
        return tuple(value.name for value in scales.claim_scale(db, claim_id).active)
    except scales.InvalidScale as error:
        raise InvalidFinalVerdict(str(error)) from None


def set_final_verdict(db, claim_id: int, lead_id: int, verdict: str, reason: str = "") -> bool:
    """A lead's final verdict on a claim, with the reason; the change goes to the history. True if changed."""
    verdict, reason = validate_final_verdict(verdict, reason, _allowed(db, claim_id), require_reason=True)
    now = utc_now()
    with write_transaction(db):
        claim = list(db.query("select retired_at from claims where id = ?", [claim_id]))
        if not claim or claim[0]["retired_at"]:
            raise InvalidFinalVerdict("This claim was replaced when the split was fixed: reload the page.")
        # Again under the lock: an admin may have given the article another scale since the check above.
        validate_final_verdict(verdict, reason, _allowed(db, claim_id))
        old = final_verdicts(db, [claim_id]).get(claim_id)
        if old and (old["verdict"], old["reason"] or "") == (verdict, reason):
            return False
        db["final_verdicts"].upsert({"claim_id": claim_id, "verdict": verdict, "reason": reason,
                                     "adjudicated_by": lead_id, "adjudicated_at": now}, pk="claim_id")
        record(db, claim_id, lead_id, "final verdict", old["verdict"] if old else None,
               f"{verdict}: {reason}" if reason else verdict, changed_at=now)
    return True
