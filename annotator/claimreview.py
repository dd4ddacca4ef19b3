"""schema.org ClaimReview JSON-LD for claims with a final verdict: what fact-checkers publish for search engines."""
import logging

from .text import VERDICTS

log = logging.getLogger(__name__)

# A rating a machine can compare: unverified (1) < speculative (2) < sourced (3). The verdict word itself goes
# in alternateName, which is what search engines show.
RATING_VALUES = {"unverified": 1, "speculative": 2, "sourced": 3}
assert set(RATING_VALUES) == set(VERDICTS)


def claim_review(row: dict, organisation: str, organisation_url: str = "") -> dict:
    """One ClaimReview from a row with claim_text, final_verdict, final_reason, adjudicated_at and the article."""
    author = {"@type": "Organization", "name": organisation}
    if organisation_url:
        author["url"] = organisation_url
    appearance = {"@type": "CreativeWork", "headline": row["article_title"]}
    if row.get("article_url"):
        appearance["url"] = row["article_url"]
    if row.get("article_published"):
        appearance["datePublished"] = row["article_published"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": row["claim_text"],
        "datePublished": row["adjudicated_at"][:10],
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[row["final_verdict"]],
            "bestRating": max(RATING_VALUES.values()),
            "worstRating": min(RATING_VALUES.values()),
            "alternateName": row["final_verdict"],
        },
        "itemReviewed": {"@type": "Claim", "appearance": appearance},
    }
    if row.get("final_reason"):
        review["reviewBody"] = row["final_reason"]
    if row.get("article_published"):
        review["itemReviewed"]["datePublished"] = row["article_published"]
    return review


def final_verdict_rows(db, article_id=None):
    """Claims with a final verdict, with what a ClaimReview needs, in reading order; bad rows logged, left out.

    A row no form could have saved (an unknown verdict, no date, from an import before snapshots were checked)
    would otherwise break the download halfway through, for every claim after it.
    """
    for row in _final_verdict_rows(db, article_id):
        if row["final_verdict"] in RATING_VALUES and isinstance(row["adjudicated_at"], str) \
                and isinstance(row["claim_text"], str) and isinstance(row["article_title"], str):
            yield row
        else:
            log.error("ClaimReview export: claim %s left out, its final verdict row is malformed: %r",
                      row["claim_id"], row)


def _final_verdict_rows(db, article_id=None):
    where, params = ("where a.id = ?", [article_id]) if article_id is not None else ("", [])
    return db.query(
        f"""
        select c.id as claim_id, c.text as claim_text, f.verdict as final_verdict, f.reason as final_reason,
          f.adjudicated_at, a.title as article_title, a.url as article_url, a.published as article_published,
          a.archived_at as article_archived_at
        from final_verdicts f join live_claims c on c.id = f.claim_id join articles a on a.id = c.article_id
        {where} order by a.id, c.start, c.id
        """,
        params,
    )
