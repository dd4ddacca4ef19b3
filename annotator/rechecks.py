"""Re-check flags: a reviewer's verdict that a fix of the split carried to a new claim, or could not carry."""


def flag(db, claim_id: int, reviewer_id: int, edit_id: int, reason: str, now: str):
    """Ask this reviewer to look at the claim again; the caller owns the transaction."""
    db.execute("insert into rechecks (claim_id, reviewer_id, edit_id, reason, created_at) values (?, ?, ?, ?, ?)",
               [claim_id, reviewer_id, edit_id, reason, now])


def clear(db, claim_id: int, reviewer_id: int, now: str) -> bool:
    """The reviewer has looked again (saved a verdict on the claim); True if a flag was open. The caller locks."""
    # The row stays, with the time it was cleared: the history page shows both moments.
    cursor = db.execute("update rechecks set cleared_at = ? where claim_id = ? and reviewer_id = ? "
                        "and cleared_at is null", [now, claim_id, reviewer_id])
    return cursor.rowcount > 0


def open_for(db, claim_ids, reviewer_id) -> dict[int, dict]:
    """{claim_id: {reason, edit_id, old: [the reviewer's verdicts on the claims the edit retired]}} of open flags."""
    claim_ids = list(claim_ids)
    if not claim_ids or reviewer_id is None:
        return {}
    placeholders = ",".join("?" * len(claim_ids))
    flags: dict[int, dict] = {}
    for row in db.query(
        f"""select k.claim_id, k.reason, k.edit_id, old.id as old_id, old.text as old_text, v.verdict as old_verdict,
              v.note as old_note
            from rechecks k
              join claim_replacements r on r.edit_id = k.edit_id and r.new_claim_id = k.claim_id
              join claims old on old.id = r.old_claim_id
              left join verdicts v on v.claim_id = old.id and v.reviewer_id = k.reviewer_id
            where k.claim_id in ({placeholders}) and k.reviewer_id = ? and k.cleared_at is null
            order by k.claim_id, k.id, old.start, old.id""",
        [*claim_ids, reviewer_id],
    ):
        found = flags.setdefault(row["claim_id"], {"reason": row["reason"], "edit_id": row["edit_id"], "old": []})
        if row["edit_id"] == found["edit_id"]:
            found["old"].append({"claim_id": row["old_id"], "text": row["old_text"], "verdict": row["old_verdict"],
                                 "note": row["old_note"]})
    return flags


def history_rows(db, claim_id: int, reviewer_id=None) -> list[dict]:
    """The flags raised and cleared on a claim as history rows; only this reviewer's when reviewer_id is given."""
    only_mine = "and k.reviewer_id = :reviewer" if reviewer_id is not None else ""
    rows = []
    for flag_row in db.query(
        f"""select k.*, r.name from rechecks k join reviewers r on r.id = k.reviewer_id
            where k.claim_id = :claim {only_mine} order by k.id""",
        {"claim": claim_id, "reviewer": reviewer_id},
    ):
        rows.append({"changed_at": flag_row["created_at"], "who": flag_row["name"], "action": flag_row["reason"],
                     "from_value": None, "to_value": None, "detail": "flagged by the fix of the split"})
        if flag_row["cleared_at"]:
            rows.append({"changed_at": flag_row["cleared_at"], "who": flag_row["name"], "action": "re-checked",
                         "from_value": None, "to_value": None, "detail": "a verdict saved after the fix"})
    return rows
