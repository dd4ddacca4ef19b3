"""Store the current method's suggestion on every claim nobody has tagged; a tagged claim's suggestion never changes."""
import re

from ..db import write_transaction
from . import SCALE
from .features import describe, phrase
from .model import predict
from .settled import CLAIM_COLUMNS, claim_row

# Untagged: live, no reviewer's verdict and no final verdict on it.
_UNTAGGED = f"""
    select {CLAIM_COLUMNS} from live_claims c left join learnt_suggestions l on l.claim_id = c.id
    where not exists (select 1 from verdicts v where v.claim_id = c.id)
      and not exists (select 1 from final_verdicts f where f.claim_id = c.id)
"""


def _cue(text: str, top, builtin_cue: str) -> str:
    """The claim's own words of the strongest word feature, to mark in the text; else the built-in cue."""
    for name, _ in top:
        words = phrase(name).split()
        if not words:
            continue
        # Matched in the claim's own spelling (case, curly apostrophes, spacing), so the mark covers its words.
        pattern = r"\s+".join(re.escape(word).replace("'", "['’]") for word in words)
        found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
        if found:
            return found.group(0)
    return builtin_cue or ""


def learnt_columns(weights: dict, claim: dict) -> dict:
    """The claims columns of a learnt suggestion: verdict, confidence, the cue marked, and the top features."""
    found = predict(weights, claim)
    because = ", ".join(describe(name) for name, _ in found.top) or "the verdicts it learnt from"
    return {"suggestion": found.verdict, "confidence": round(found.confidence, 2),
            "cue": _cue(claim["text"], found.top, claim["cue"]), "explanation": because}


def active_weights(model: dict | None) -> dict | None:
    """The weights of the model's verdict scale if it took over from the built-in rules, else None."""
    entry = (model or {}).get("scales", {}).get(SCALE) or {}
    return entry.get("weights") if entry.get("active") else None


def stale(db, model: dict | None) -> int:
    """How many untagged claims do not show the current method's suggestion (new claims, or an older model's)."""
    if active_weights(model) is None:
        return next(db.query(f"select count(*) as n from ({_UNTAGGED} and l.claim_id is not null)"))["n"]
    return next(db.query(f"select count(*) as n from ({_UNTAGGED} and coalesce(l.model_version, -1) != ?)",
                         [model["version"]]))["n"]


# Claims re-suggested per write transaction: predicting is done before the lock is taken, and each batch holds it
# for a few milliseconds, so reviewers saving at the same time never wait long (a desk may have 300,000 claims).
BATCH = 500


def _still_untagged(db, claim_id: int) -> bool:
    return not next(db.query(
        """select exists (select 1 from verdicts where claim_id = :id) or exists (
             select 1 from final_verdicts where claim_id = :id) or exists (
             select 1 from claims where id = :id and retired_at is not null) as tagged""", {"id": claim_id}))["tagged"]


def _write(db, model, claim, columns):
    """Store one claim's new suggestion (columns None: back to the built-in one); the caller holds the lock."""
    if columns is None:
        db.execute("update claims set suggestion = ?, confidence = ?, cue = ?, explanation = ? where id = ?",
                   [claim["suggestion"], claim["builtin_confidence"], claim["cue"], claim["explanation"], claim["id"]])
        db.execute("delete from learnt_suggestions where claim_id = ?", [claim["id"]])
        return
    # The built-in suggestion is kept the first time a learnt one replaces it (insert or ignore keeps that row).
    db.execute("insert or ignore into learnt_suggestions (claim_id, model_version, verdict_count, builtin_suggestion, "
               "builtin_confidence, builtin_cue, builtin_explanation) values (?, ?, ?, ?, ?, ?, ?)",
               [claim["id"], model["version"], model["verdict_count"], claim["suggestion"],
                claim["builtin_confidence"], claim["cue"], claim["explanation"]])
    db.execute("update learnt_suggestions set model_version = ?, verdict_count = ? where claim_id = ?",
               [model["version"], model["verdict_count"], claim["id"]])
    db.execute("update claims set suggestion = :suggestion, confidence = :confidence, cue = :cue, "
               "explanation = :explanation where id = :id", {**columns, "id": claim["id"]})


def apply(db, model: dict | None, stale_only: bool = False) -> int:
    """Re-suggest the untagged claims with the model, or the built-in rules when it is None or has not taken over;
    return how many claims' suggestions changed. stale_only: only those not suggested by this model yet."""
    weights = active_weights(model)
    if weights is None:
        where, params = "and l.claim_id is not null", []
    elif stale_only:
        where, params = "and coalesce(l.model_version, -1) != ?", [model["version"]]
    else:
        where, params = "", []
    planned = []
    for row in db.query(f"{_UNTAGGED} {where}", params):
        claim = claim_row(row)
        planned.append((claim, None if weights is None else learnt_columns(weights, claim)))
    changed = 0
    for at in range(0, len(planned), BATCH):
        with write_transaction(db):
            for claim, columns in planned[at:at + BATCH]:
                # Checked under the lock: a reviewer may have tagged the claim since it was read.
                if not _still_untagged(db, claim["id"]):
                    continue
                _write(db, model, claim, columns)
                changed += claim["shown_suggestion"] != (claim["suggestion"] if columns is None
                                                         else columns["suggestion"])
    return changed


def suggested_by(db, claim_ids) -> dict[int, dict]:
    """For each of these claims whose suggestion was learnt: the model version and how many verdicts it saw."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    return {row["claim_id"]: row for row in db.query(
        f"select claim_id, model_version, verdict_count, builtin_suggestion from learnt_suggestions "
        f"where claim_id in ({','.join('?' * len(claim_ids))})", claim_ids)}
