"""Store the current method's suggestion on every claim nobody has tagged; a tagged claim's suggestion never changes.

Both scales: the suggested verdict, and whether a line is a claim at all (an untagged line nobody marked).
"""
import re

from ..db import write_transaction
from . import CLAIM, CLAIM_SCALE, SCALE
from .features import describe, phrase
from .model import predict
from .settled import CLAIM_COLUMNS, CLAIMS_FROM, claim_row

# Untagged: live, no reviewer's verdict and no final verdict on it.
_UNTAGGED = f"""
    select * from (select {CLAIM_COLUMNS} from {CLAIMS_FROM}
    where not exists (select 1 from verdicts v where v.claim_id = c.id)
      and not exists (select 1 from final_verdicts f where f.claim_id = c.id)) as c where 1
"""
# Claims re-suggested per write transaction: predicting is done before the lock is taken, and each batch holds it
# for a few milliseconds, so reviewers saving at the same time never wait long (a desk may have 300,000 claims).
BATCH = 500


def active_weights(model: dict | None, scale: str = SCALE) -> dict | None:
    """The weights of one scale of the model if it took over from the built-in rules, else None."""
    entry = (model or {}).get("scales", {}).get(scale) or {}
    return entry.get("weights") if entry.get("active") else None


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


def _because(top) -> str:
    return ", ".join(describe(name) for name, _ in top) or "the verdicts it learnt from"


def learnt_columns(weights: dict, claim: dict) -> dict:
    """The claims columns of a learnt suggestion: verdict, confidence, the cue marked, and the top features."""
    found = predict(weights, claim)
    return {"suggestion": found.verdict, "confidence": round(found.confidence, 2),
            "cue": _cue(claim["text"], found.top, claim["cue"]), "explanation": _because(found.top)}


def learnt_claim_columns(weights: dict, claim: dict, verdict_count: int) -> dict:
    """The claims columns of a learnt "claim or not a claim": is_claim and, for not a claim, why."""
    found = predict(weights, claim)
    if found.verdict == CLAIM:
        return {"is_claim": 1, "reason": ""}
    return {"is_claim": 0, "reason": f"learnt from {verdict_count} of your verdicts and marks: {_because(found.top)}"}



def _plan(claim: dict, model: dict | None, weights, claim_weights) -> tuple:
    """(verdict columns, claim columns) to store for one claim: a dict, "built-in" to restore the rules', or None."""
    if weights is not None:
        verdict = learnt_columns(weights, claim)
    else:
        verdict = "built-in" if claim["model_version"] is not None else None
    if claim["mark"] is not None:
        is_claim = None  # a person said whether it is a claim: never changed
    elif claim_weights is not None:
        is_claim = learnt_claim_columns(claim_weights, claim, model["scales"][CLAIM_SCALE]["verdicts"])
    else:
        is_claim = "built-in" if claim["claim_model_version"] is not None else None
    return verdict, is_claim


def _changes(claim: dict, verdict, is_claim) -> int:
    """How many of the claim's shown answers the plan changes (its verdict, its "not a claim")."""
    new_verdict = claim["suggestion"] if verdict == "built-in" else (verdict or {}).get("suggestion",
                                                                                       claim["shown_suggestion"])
    new_is_claim = claim["builtin_is_claim"] if is_claim == "built-in" else (is_claim or {}).get(
        "is_claim", claim["is_claim"])
    return int(new_verdict != claim["shown_suggestion"] or bool(new_is_claim) != bool(claim["is_claim"]))


def _still_untagged(db, claim_id: int) -> bool:
    return not next(db.query(
        """select exists (select 1 from verdicts where claim_id = :id) or exists (
             select 1 from final_verdicts where claim_id = :id) or exists (
             select 1 from claims where id = :id and retired_at is not null) or exists (
             select 1 from claim_history where claim_id = :id and action in ('not a claim', 'a claim')) as tagged""",
        {"id": claim_id}))["tagged"]


def _write(db, model, claim, verdict, is_claim):
    """Store one claim's new suggestion and "not a claim"; the caller holds the lock."""
    if verdict == "built-in":
        db.execute("update claims set suggestion = ?, confidence = ?, cue = ?, explanation = ? where id = ?",
                   [claim["suggestion"], claim["builtin_confidence"], claim["cue"], claim["explanation"], claim["id"]])
        db.execute("delete from learnt_suggestions where claim_id = ?", [claim["id"]])
    elif verdict:
        # The built-in suggestion is kept the first time a learnt one replaces it (insert or ignore keeps that row).
        db.execute("insert or ignore into learnt_suggestions (claim_id, model_version, verdict_count, "
                   "builtin_suggestion, builtin_confidence, builtin_cue, builtin_explanation) values (?, ?, ?, ?, ?, ?, ?)",
                   [claim["id"], model["version"], model["verdict_count"], claim["suggestion"],
                    claim["builtin_confidence"], claim["cue"], claim["explanation"]])
        db.execute("update learnt_suggestions set model_version = ?, verdict_count = ? where claim_id = ?",
                   [model["version"], model["verdict_count"], claim["id"]])
        db.execute("update claims set suggestion = :suggestion, confidence = :confidence, cue = :cue, "
                   "explanation = :explanation where id = :id", {**verdict, "id": claim["id"]})
    if is_claim == "built-in":
        db.execute("update claims set is_claim = ?, reason = ? where id = ?",
                   [claim["builtin_is_claim"], claim["builtin_reason"] or "", claim["id"]])
        db.execute("delete from learnt_claim_marks where claim_id = ?", [claim["id"]])
    elif is_claim:
        db.execute("insert or ignore into learnt_claim_marks (claim_id, model_version, verdict_count, builtin_is_claim, "
                   "builtin_reason) values (?, ?, ?, ?, ?)",
                   [claim["id"], model["version"], model["verdict_count"], claim["builtin_is_claim"],
                    claim["builtin_reason"] or ""])
        db.execute("update learnt_claim_marks set model_version = ?, verdict_count = ? where claim_id = ?",
                   [model["version"], model["verdict_count"], claim["id"]])
        db.execute("update claims set is_claim = :is_claim, reason = :reason where id = :id",
                   {**is_claim, "id": claim["id"]})


def _scope(model: dict | None, stale_only: bool) -> tuple[str, list]:
    """Which untagged claims need looking at: all, or only those not yet answered by this model."""
    if not stale_only:
        return "", []
    if model is None:
        return "and (model_version is not null or claim_model_version is not null)", []
    version = model["version"]
    verdict = "coalesce(model_version, -1) != ?" if active_weights(model) else "model_version is not null"
    claim = ("(mark is null and coalesce(claim_model_version, -1) != ?)" if active_weights(model, CLAIM_SCALE)
             else "claim_model_version is not null")
    params = ([version] if active_weights(model) else []) + ([version] if active_weights(model, CLAIM_SCALE) else [])
    return f"and ({verdict} or {claim})", params


def stale(db, model: dict | None) -> int:
    """How many untagged claims do not show the current method's answers (new claims, or an older model's)."""
    where, params = _scope(model, True)
    return next(db.query(f"select count(*) as n from ({_UNTAGGED} {where})", params))["n"]


def apply(db, model: dict | None, stale_only: bool = False) -> int:
    """Re-suggest the untagged claims with the model, or the built-in rules where it is None or a scale has not taken
    over; return how many claims' suggestions changed. stale_only: only those not suggested by this model yet."""
    weights, claim_weights = active_weights(model), active_weights(model, CLAIM_SCALE)
    where, params = _scope(model, stale_only)
    planned = []
    for row in db.query(f"{_UNTAGGED} {where}", params):
        claim = claim_row(row)
        verdict, is_claim = _plan(claim, model, weights, claim_weights)
        if verdict or is_claim:
            planned.append((claim, verdict, is_claim))
    changed = 0
    for at in range(0, len(planned), BATCH):
        with write_transaction(db):
            for claim, verdict, is_claim in planned[at:at + BATCH]:
                # Checked under the lock: a reviewer may have tagged or marked the claim since it was read.
                if not _still_untagged(db, claim["id"]):
                    continue
                _write(db, model, claim, verdict, is_claim)
                changed += _changes(claim, verdict, is_claim)
    return changed


def suggested_by(db, claim_ids) -> dict[int, dict]:
    """For each of these claims whose suggestion was learnt: the model version and how many verdicts it saw."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    return {row["claim_id"]: row for row in db.query(
        f"select claim_id, model_version, verdict_count, builtin_suggestion from learnt_suggestions "
        f"where claim_id in ({','.join('?' * len(claim_ids))})", claim_ids)}
