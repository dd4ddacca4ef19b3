"""What a published fact-check needs beyond the verdict: its own URL and who made the claim (the claimant)."""
from .db import utc_now, write_transaction
from .history import record
from .urls import InvalidURL, web_url

MAX_CLAIMANT_LENGTH = 200
CLAIMANT_TYPES = ("Person", "Organization")


class InvalidPublication(ValueError):
    """A claimant or fact-check URL that cannot be saved; the message says why."""


def publication_for(db, claim_id: int) -> dict:
    """The claimant (a lead's, else the source span the splitter found) and the fact-check URL ('' if none)."""
    rows = list(db.query(
        """select c.source, c.source_named, p.claimant, p.claimant_type, p.review_url
           from claims c left join claim_publication p on p.claim_id = c.id where c.id = ?""", [claim_id]))
    if not rows:
        return {"claimant": "", "claimant_type": "Person", "review_url": "", "edited": False}
    return resolve(rows[0])


def resolve(row: dict) -> dict:
    """From a row with source, source_named, claimant, claimant_type and review_url: what ClaimReview uses."""
    edited = row.get("claimant") is not None
    claimant = row["claimant"] if edited else (row.get("source") or "")
    # An unnamed source ("officials", "the ministry") is a body more often than a person.
    kind = row.get("claimant_type") or ("Person" if row.get("source_named") else "Organization")
    return {"claimant": claimant, "claimant_type": kind if kind in CLAIMANT_TYPES else "Person",
            "review_url": row.get("review_url") or "", "edited": edited}


def validate(claimant: str, claimant_type: str, review_url: str) -> tuple[str, str, str]:
    """The claimant, its type and the fact-check URL cleaned, or InvalidPublication with a message for the lead."""
    claimant = " ".join((claimant or "").split())
    if len(claimant) > MAX_CLAIMANT_LENGTH:
        raise InvalidPublication(f"The claimant is longer than {MAX_CLAIMANT_LENGTH} characters.")
    if claimant_type not in CLAIMANT_TYPES:
        raise InvalidPublication(f"The claimant is a {' or an '.join(CLAIMANT_TYPES)}.")
    try:
        review_url = web_url(review_url, "fact-check URL")
    except InvalidURL as error:
        raise InvalidPublication(str(error)) from None
    return claimant, claimant_type, review_url


def save_publication(db, claim_id: int, actor_id: int, claimant: str, claimant_type: str, review_url: str) -> bool:
    """A lead's claimant and fact-check URL for a claim, each change in the claim's history; True if changed."""
    claimant, claimant_type, review_url = validate(claimant, claimant_type, review_url)
    with write_transaction(db):
        if not db["claims"].count_where("id = ?", [claim_id]):
            raise InvalidPublication(f"Claim {claim_id} does not exist.")
        old = publication_for(db, claim_id)
        if (old["claimant"], old["claimant_type"], old["review_url"]) == (claimant, claimant_type, review_url):
            return False
        now = utc_now()
        db["claim_publication"].upsert({"claim_id": claim_id, "claimant": claimant, "claimant_type": claimant_type,
                                        "review_url": review_url, "updated_by": actor_id, "updated_at": now},
                                       pk="claim_id")
        if old["claimant"] != claimant or old["claimant_type"] != claimant_type:
            record(db, claim_id, actor_id, "claimant", old["claimant"], f"{claimant} ({claimant_type})", now)
        if old["review_url"] != review_url:
            record(db, claim_id, actor_id, "fact-check URL", old["review_url"], review_url, now)
    return True
