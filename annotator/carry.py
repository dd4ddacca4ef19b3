"""What a fix of the split does with the verdicts on the claims it retires: carry them to the new claims, or flag."""
from dataclasses import dataclass

from . import rechecks
from .history import record
from .store import append_verdict_history

# The flag each kind of edit leaves on the verdicts it carried (or, for a merge of differing verdicts, could not).
RECHECK_REASONS = {"merge": "re-check after merge", "split": "re-check after split",
                   "boundaries": "re-check after new boundaries"}


@dataclass(frozen=True)
class ReviewerCarry:
    """One reviewer's verdicts on the retired claims, and what the new claims get from them."""

    reviewer_id: int
    old: tuple[dict, ...]        # their verdict rows on the retired claims, in reading order
    carried: dict | None         # verdict, evidence_url and note for the new claims; None leaves them untagged
    recheck: str | None          # the flag the new claims get, or None


@dataclass(frozen=True)
class CarryPlan:
    """What an edit will do with every reviewer's verdicts; computed before anything is written."""

    kind: str
    reviewers: tuple[ReviewerCarry, ...]
    final: dict | None = None        # the final verdict the new claim gets (a merge of claims all settled alike)
    finals_left: int = 0             # final verdicts that stay on the retired claims only: the lead decides again

    @property
    def verdicts(self) -> int:
        return sum(len(reviewer.old) for reviewer in self.reviewers)

    def summary(self, new_claims: int) -> str:
        """What happens to the verdicts, in counts only: a reviewer confirming must not learn others' verdicts."""
        target = "the new claim" if new_claims == 1 else f"each of the {new_claims} new claims"
        reason = RECHECK_REASONS[self.kind]
        carried = sum(1 for r in self.reviewers if r.carried and not r.recheck)
        flagged = sum(1 for r in self.reviewers if r.carried and r.recheck)
        differing = sum(1 for r in self.reviewers if not r.carried)
        parts = []
        if carried:
            parts.append(f"for {counted(carried, 'reviewer')} they agree and are carried to {target}")
        if flagged:
            parts.append(f"for {counted(flagged, 'reviewer')} they are carried to {target}, flagged “{reason}”")
        if differing:
            parts.append(f"for {counted(differing, 'reviewer')} they differ: {target} is left untagged, flagged "
                         f"“{reason}”, with the old verdicts beside it")
        if self.final:
            parts.append(f"the final verdict “{self.final['verdict']}” is carried to {target}")
        elif self.finals_left:
            one = self.finals_left == 1
            parts.append(f"{counted(self.finals_left, 'final verdict')} {'stays' if one else 'stay'} on the retired "
                         f"claim{'' if one else 's'}: a lead decides {target} again")
        return (f"{counted(self.verdicts, 'verdict')} by {counted(len(self.reviewers), 'reviewer')} will be carried "
                f"or flagged: " + "; ".join(parts) + ". The retired claims keep their verdicts.")


def counted(number: int, word: str) -> str:
    """'1 verdict', '3 verdicts'."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def plan(db, kind: str, old_claims: list[dict]) -> CarryPlan:
    """The carry for retiring old_claims (in reading order) by an edit of this kind (merge, split, boundaries)."""
    ids = [claim["id"] for claim in old_claims]
    order = {claim_id: index for index, claim_id in enumerate(ids)}
    by_reviewer: dict[int, list[dict]] = {}
    for row in db.query(f"select * from verdicts where claim_id in ({','.join('?' * len(ids))}) order by id", ids):
        by_reviewer.setdefault(row["reviewer_id"], []).append(row)
    reviewers = []
    for reviewer_id, rows in sorted(by_reviewer.items()):
        rows.sort(key=lambda row: order[row["claim_id"]])
        agreed = len({row["verdict"] for row in rows}) == 1
        carried = _combined(rows) if agreed else None
        # A merge whose claims all carry one verdict of the reviewer keeps it as it is. Anything less (verdicts
        # that differ, or a verdict on only part of the new text) asks them to look again; a split or new
        # boundaries always do, since the verdict was given on other text.
        complete = kind == "merge" and agreed and len(rows) == len(old_claims)
        reviewers.append(ReviewerCarry(reviewer_id, tuple(rows), carried, None if complete else RECHECK_REASONS[kind]))
    finals = list(db.query(f"select * from final_verdicts where claim_id in ({','.join('?' * len(ids))})", ids))
    final = _carried_final(kind, finals, ids)
    return CarryPlan(kind, tuple(reviewers), final, 0 if final else len(finals))


def _carried_final(kind: str, finals: list[dict], ids: list[int]) -> dict | None:
    """The final verdict a merge keeps: only where every merged claim was settled with the same verdict.

    A split or new boundaries never carry one: a lead's verdict on the whole text may be wrong for a part of it,
    and a final verdict is what gets published, so the lead decides again (the old one stays on the retired claim).
    """
    if kind != "merge" or len(finals) != len(ids) or len({row["verdict"] for row in finals}) != 1:
        return None
    finals.sort(key=lambda row: ids.index(row["claim_id"]))
    reasons = list(dict.fromkeys(row["reason"] for row in finals if row["reason"]))
    latest = max(finals, key=lambda row: row["adjudicated_at"])
    return {"verdict": finals[0]["verdict"], "reason": "\n\n".join(reasons),
            "adjudicated_by": latest["adjudicated_by"]}


def _combined(rows: list[dict]) -> dict:
    """One verdict from several that agree: the first evidence URL given, every distinct note in reading order."""
    notes = []
    for row in rows:
        if row["note"] and row["note"] not in notes:
            notes.append(row["note"])
    return {"verdict": rows[0]["verdict"],
            "evidence_url": next((row["evidence_url"] for row in rows if row["evidence_url"]), ""),
            "note": "\n\n".join(notes)}


def apply(db, carry_plan: CarryPlan, edit_id: int, new_ids, cause: str, now: str, old_ids=()):
    """Write the plan onto the new claims; the caller owns the transaction, so the edit and its carry commit together."""
    _carry_untagged_notes(db, carry_plan, list(old_ids), new_ids, cause, now)
    if carry_plan.final:
        _carry_final(db, carry_plan.final, new_ids, cause, now)
    for reviewer in carry_plan.reviewers:
        old_ids = [row["claim_id"] for row in reviewer.old]
        for new_id in new_ids:
            if reviewer.carried:
                _carry_verdict(db, new_id, reviewer, old_ids, cause, now)
            if reviewer.recheck:
                rechecks.flag(db, new_id, reviewer.reviewer_id, edit_id, reviewer.recheck, now)


def _carry_verdict(db, new_id: int, reviewer: ReviewerCarry, old_ids: list[int], cause: str, now: str):
    verdict = reviewer.carried
    db.execute("insert into verdicts (claim_id, reviewer_id, verdict, evidence_url, note, created_at, updated_at) "
               "values (?, ?, ?, ?, ?, ?, ?)",
               [new_id, reviewer.reviewer_id, verdict["verdict"], verdict["evidence_url"], verdict["note"], now, now])
    append_verdict_history(db, new_id, reviewer.reviewer_id, now, {}, verdict, cause=f"carried from {cause}")
    # The evidence behind the verdict goes with it (a sourced verdict without it would be warned about); the same
    # item on two merged claims is copied once.
    seen = set()
    for item in db.query(f"select * from evidence where reviewer_id = ? and claim_id in ({','.join('?' * len(old_ids))}) "
                         "order by claim_id, id", [reviewer.reviewer_id, *old_ids]):
        key = (item["url"], item["quote"], item["source_type"], item["accessed_on"], item["archive_url"])
        if key in seen:
            continue
        seen.add(key)
        db["evidence"].insert({**{k: v for k, v in item.items() if k != "id"}, "claim_id": new_id})


def _carry_final(db, final: dict, new_ids, cause: str, now: str):
    """The lead's final verdict goes to the merged claim as theirs; the history says where it came from."""
    for new_id in new_ids:
        db["final_verdicts"].insert({"claim_id": new_id, "verdict": final["verdict"], "reason": final["reason"],
                                     "adjudicated_by": final["adjudicated_by"], "adjudicated_at": now}, pk="claim_id")
        reason = f"{final['reason']} " if final["reason"] else ""
        record(db, new_id, final["adjudicated_by"], "final verdict", None,
               f"{final['verdict']}: {reason}(carried from {cause})", now)


def _carry_untagged_notes(db, carry_plan: CarryPlan, old_ids: list[int], new_ids, cause: str, now: str):
    """A note or URL typed on a retired claim before tagging it goes to the new claims, never left behind hidden.

    A reviewer whose verdict is carried gets the notes added to the carried verdict's note; anyone else keeps them
    as untagged notes on each new claim. The history says where they came from.
    """
    if not old_ids:
        return
    by_reviewer: dict[int, list[dict]] = {}
    for row in db.query(f"select * from untagged_notes where claim_id in ({','.join('?' * len(old_ids))}) "
                        "order by claim_id", old_ids):
        by_reviewer.setdefault(row["reviewer_id"], []).append(row)
    carried = {reviewer.reviewer_id: reviewer for reviewer in carry_plan.reviewers if reviewer.carried}
    for reviewer_id, rows in by_reviewer.items():
        typed = _combined([{**row, "verdict": None} for row in rows])
        if reviewer_id in carried:
            verdict = carried[reviewer_id].carried
            notes = [note for note in (verdict["note"], typed["note"]) if note]
            verdict["note"] = "\n\n".join(dict.fromkeys(notes))
            verdict["evidence_url"] = verdict["evidence_url"] or typed["evidence_url"]
            continue
        for new_id in new_ids:
            db.execute("insert into untagged_notes (claim_id, reviewer_id, evidence_url, note, updated_at) "
                       "values (?, ?, ?, ?, ?)", [new_id, reviewer_id, typed["evidence_url"], typed["note"], now])
            for action, value in (("evidence URL", typed["evidence_url"]), ("note", typed["note"])):
                if value:
                    record(db, new_id, reviewer_id, action, None, value, now)
