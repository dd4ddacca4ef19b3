"""Evidence a reviewer attaches to their verdict: a URL, the passage that supports it, and where it came from."""
from datetime import date

from .db import utc_now, write_transaction
from .history import record
from .urls import InvalidURL, web_url

SOURCE_TYPES = ("primary document", "official statement", "news report", "social post", "other")
MAX_QUOTE_LENGTH = 2_000


class InvalidEvidence(ValueError):
    """Evidence that cannot be saved; the message says why."""


def _check_url(url: str, label: str, required: bool) -> str:
    try:
        return web_url(url, label, required)
    except InvalidURL as error:
        raise InvalidEvidence(str(error)) from None


def validate_evidence(url: str, quote: str = "", source_type: str = "other", accessed_on: str = "",
                      archive_url: str = "") -> tuple[str, str, str, str, str]:
    """The fields of an evidence form cleaned, (url, quote, source_type, accessed_on, archive_url), or InvalidEvidence."""
    url = _check_url(url, "evidence URL", required=True)
    archive_url = _check_url(archive_url, "archive link", required=False)
    quote = (quote or "").strip()
    if len(quote) > MAX_QUOTE_LENGTH:
        raise InvalidEvidence(f"The quoted passage is longer than {MAX_QUOTE_LENGTH} characters.")
    if source_type not in SOURCE_TYPES:
        raise InvalidEvidence(f"Choose a source type: {', '.join(SOURCE_TYPES)}.")
    accessed_on = (accessed_on or "").strip() or date.today().isoformat()
    try:
        # Any ISO 8601 date (20261120, 2026-W47-5) is stored as YYYY-MM-DD, the one form exports and filters read.
        accessed_on = date.fromisoformat(accessed_on).isoformat()
    except ValueError:
        raise InvalidEvidence("The access date must be a date like 2026-11-25.") from None
    return url, quote, source_type, accessed_on, archive_url


def add_evidence(db, claim_id: int, reviewer_id: int, url: str, quote: str = "", source_type: str = "other",
                 accessed_on: str = "", archive_url: str = "") -> int:
    """Attach one piece of evidence to this reviewer's verdict on the claim; recorded in the history."""
    url, quote, source_type, accessed_on, archive_url = validate_evidence(url, quote, source_type, accessed_on,
                                                                          archive_url)
    with write_transaction(db):
        retired = list(db.query("select retired_at from claims where id = ?", [claim_id]))
        if not retired or retired[0]["retired_at"]:
            raise InvalidEvidence("This claim was replaced when the split was fixed: reload the page.")
        # A double-clicked button or a re-sent form adds nothing: the same item on the same verdict is kept once.
        same = list(db.query(
            """select id from evidence where claim_id = ? and reviewer_id = ? and url = ? and quote = ?
               and source_type = ? and accessed_on = ? and archive_url = ?""",
            [claim_id, reviewer_id, url, quote, source_type, accessed_on, archive_url]))
        if same:
            return same[0]["id"]
        evidence_id = db["evidence"].insert({
            "claim_id": claim_id, "reviewer_id": reviewer_id, "url": url, "quote": quote,
            "source_type": source_type, "accessed_on": accessed_on, "archive_url": archive_url,
            "created_at": utc_now(),
        }).last_pk
        record(db, claim_id, reviewer_id, "evidence added", None, url)
    return evidence_id


def remove_evidence(db, evidence_id: int, reviewer_id: int) -> int | None:
    """Remove a reviewer's own evidence item (the history keeps that it existed); return its claim id."""
    with write_transaction(db):
        rows = list(db.query("select * from evidence where id = ? and reviewer_id = ?", [evidence_id, reviewer_id]))
        if not rows:
            return None
        db.execute("delete from evidence where id = ?", [evidence_id])
        record(db, rows[0]["claim_id"], reviewer_id, "evidence removed", rows[0]["url"], None)
    return rows[0]["claim_id"]


def evidence_for(db, claim_ids, reviewer_id=None) -> dict[int, list[dict]]:
    """Evidence items per claim id (this reviewer's, or everyone's), oldest first, with the reviewer's name."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    placeholders = ",".join("?" * len(claim_ids))
    mine = "and e.reviewer_id = ?" if reviewer_id is not None else ""
    params = claim_ids + ([reviewer_id] if reviewer_id is not None else [])
    found: dict[int, list[dict]] = {}
    for row in db.query(
        f"""select e.*, r.name as reviewer from evidence e join reviewers r on r.id = e.reviewer_id
            where e.claim_id in ({placeholders}) {mine} order by e.id""",
        params,
    ):
        found.setdefault(row["claim_id"], []).append(row)
    return found
