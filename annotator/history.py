"""The append-only record of every change to a claim: verdicts, evidence, final verdicts, edits, re-check flags."""
from . import rechecks
from .db import utc_now


def record(db, claim_id: int, actor_id: int, action: str, from_value=None, to_value=None, changed_at=None):
    """Append one change; the caller owns the transaction, so the change and its record commit together."""
    db["claim_history"].insert({
        "claim_id": claim_id, "actor_id": actor_id, "changed_at": changed_at or utc_now(), "action": action,
        "from_value": from_value, "to_value": to_value,
    })


def history_for(db, claim_id: int, reviewer_id=None) -> list[dict]:
    """Every change to the claim, oldest first, as (changed_at, who, action, from, to, detail).

    With reviewer_id, only that reviewer's own verdict, evidence and note changes are included, with every
    final-verdict and claim change: a reviewer does not see other reviewers' work in progress.
    """
    only_mine = "and h.reviewer_id = :reviewer" if reviewer_id is not None else ""
    changes = list(db.query(
        f"""
        select h.changed_at as changed_at, r.name as who, 'verdict' as action, h.from_verdict as from_value,
          h.to_verdict as to_value,
          trim(coalesce(h.cause || ' ', '') || coalesce('evidence ' || nullif(h.to_evidence_url, ''), '') || ' ' ||
               coalesce('note: ' || nullif(h.to_note, ''), '')) as detail,
          0 as kind, h.id as id
        from verdict_history h join reviewers r on r.id = h.reviewer_id
        where h.claim_id = :claim {only_mine}
        union all
        select c.changed_at, r.name, c.action, c.from_value, c.to_value, '' as detail, 1 as kind, c.id
        from claim_history c join reviewers r on r.id = c.actor_id
        where c.claim_id = :claim
          and (:reviewer is null or (c.action not like 'evidence%' and c.action != 'note') or c.actor_id = :reviewer)
        order by changed_at, kind, id
        """,
        {"claim": claim_id, "reviewer": reviewer_id},
    ))
    # Re-check flags are a reviewer's own business, like their verdicts: a reviewer sees only theirs.
    flags = [{**row, "kind": 2, "id": number}
             for number, row in enumerate(rechecks.history_rows(db, claim_id, reviewer_id))]
    return sorted(changes + flags, key=lambda change: (change["changed_at"], change["kind"], change["id"]))
