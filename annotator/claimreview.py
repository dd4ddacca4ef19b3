"""schema.org ClaimReview JSON-LD for claims with a final verdict: what fact-checkers publish for search engines.

Google's fact-check markup (developers.google.com/search/docs/appearance/structured-data/factcheck) requires
`claimReviewed`, `reviewRating` (with `alternateName`) and `url`, and recommends `author`, `datePublished` and an
`itemReviewed` Claim with its `author`, `datePublished` and `appearance`. A verdict is published as a rating only
when its article's scale maps to ClaimReview: a sourcing verdict says whether a claim has a source, not whether it
is true, so "sourced" is never published as 3 of 3.
"""
import logging

from . import scales
from .publication import resolve

log = logging.getLogger(__name__)

# Google shows claimReviewed in a snippet and advises a short one: under 75 characters. The whole claim goes in
# itemReviewed's `text`, so nothing is lost.
MAX_CLAIM_REVIEWED = 74
ELLIPSIS = "…"


def short_claim(text: str, limit: int = MAX_CLAIM_REVIEWED) -> str:
    """The claim as it is if short enough, else cut at a word boundary with an ellipsis, at most limit characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ELLIPSIS) + 1]
    if " " in cut.strip():
        cut = cut[:cut.rstrip().rfind(" ")]
    return cut[:limit - len(ELLIPSIS)].rstrip(" ,;:-–—") + ELLIPSIS


def review_url(row: dict, url_template: str = "") -> str:
    """The published fact-check's URL: the claim's own, else the config template filled with the claim's ids."""
    if row.get("review_url"):
        return row["review_url"]
    if url_template:
        return url_template.format(claim_id=row["claim_id"], article_id=row["article_id"])
    return ""


def rating(scale: scales.Scale, verdict: str) -> dict | None:
    """The reviewRating of a verdict on a scale that maps to ClaimReview, or None (the scale does not)."""
    value = scale.value(verdict)
    if not scale.publishable or value is None:
        return None
    review_rating = {"@type": "Rating", "alternateName": value.alternate_name or value.shown}
    if value.rating_value is not None:
        # A value with no number (unproven) is published by its name alone: a number would place it on the line.
        review_rating.update(ratingValue=value.rating_value, bestRating=scale.best_rating,
                             worstRating=scale.worst_rating)
    return review_rating


def claim_review(row: dict, organisation: str, organisation_url: str = "", scale: scales.Scale | None = None,
                 url_template: str = "") -> dict:
    """One ClaimReview from a row of final_verdict_rows; scale is the article's (the row's scale_name read if None).

    ValueError if the scale has no ClaimReview mapping: unpublishable() says so for the export instead.
    """
    scale = scale or row.get("scale") or scales.BUILTIN_SCALES.get(row.get("scale_name") or scales.SOURCING)
    review_rating = rating(scale, row["final_verdict"]) if scale else None
    if review_rating is None:
        raise ValueError(f"scale {getattr(scale, 'name', None)!r} has no ClaimReview rating")
    author = {"@type": "Organization", "name": organisation}
    if organisation_url:
        author["url"] = organisation_url
    appearance = {"@type": "CreativeWork", "headline": row["article_title"]}
    if row.get("article_url"):
        appearance["url"] = row["article_url"]
    if row.get("article_published"):
        appearance["datePublished"] = row["article_published"]
    item = {"@type": "Claim", "text": row["claim_text"], "appearance": appearance}
    publication = resolve(row)
    if publication["claimant"]:
        item["author"] = {"@type": publication["claimant_type"], "name": publication["claimant"]}
    if row.get("article_published"):
        item["datePublished"] = row["article_published"]
    review = {"@context": "https://schema.org", "@type": "ClaimReview"}
    url = review_url(row, url_template)
    if url:
        review["url"] = url
    review.update({
        "claimReviewed": short_claim(row["claim_text"]),
        "datePublished": row["adjudicated_at"][:10],
        "author": author,
        "reviewRating": review_rating,
        "itemReviewed": item,
    })
    if row.get("final_reason"):
        review["reviewBody"] = row["final_reason"]
    return review


def final_verdict_rows(db, article_id=None):
    """Claims with a final verdict, with what a ClaimReview needs, in reading order; bad rows logged, left out.

    A row no form could have saved (a verdict its scale lacks, no date, from an import before snapshots were
    checked) would otherwise break the download halfway through, for every claim after it.
    """
    known: dict[str, scales.Scale | None] = {}
    for row in _final_verdict_rows(db, article_id):
        name = row["scale_name"] or scales.SOURCING
        if name not in known:
            try:
                known[name] = scales.get_scale(db, name)
            except scales.InvalidScale:
                known[name] = None
        scale = known[name]
        if scale is not None and scale.value(row["final_verdict"]) is not None \
                and isinstance(row["adjudicated_at"], str) \
                and isinstance(row["claim_text"], str) and isinstance(row["article_title"], str):
            row["scale"] = scale
            yield row
        else:
            log.error("ClaimReview export: claim %s left out, its final verdict row is malformed: %r",
                      row["claim_id"], row)


def publishable_rows(db, article_id=None, keep=lambda row: True):
    """The final-verdict rows a ClaimReview export holds: those whose scale maps to ClaimReview."""
    return (row for row in final_verdict_rows(db, article_id) if keep(row) and row["scale"].publishable)


def unpublishable(db, article_id=None, keep=lambda row: True) -> list[str]:
    """Why claims with a final verdict are left out of the ClaimReview export: one line per scale, with a count."""
    counts: dict[str, int] = {}
    for row in final_verdict_rows(db, article_id):
        if keep(row) and not row["scale"].publishable:
            counts[row["scale"].name] = counts.get(row["scale"].name, 0) + 1
    return [f"{count} final verdict{'s' if count != 1 else ''} on the scale {name!r} left out: it is not a truth "
            "rating and has no ClaimReview mapping (give the article a scale that has one, such as 'rating')."
            for name, count in sorted(counts.items())]


def _final_verdict_rows(db, article_id=None):
    where, params = ("where a.id = ?", [article_id]) if article_id is not None else ("", [])
    return db.query(
        f"""
        select c.id as claim_id, c.article_id, c.text as claim_text, f.verdict as final_verdict,
          f.reason as final_reason, f.adjudicated_at, a.title as article_title, a.url as article_url,
          a.published as article_published, a.archived_at as article_archived_at, a.scale as scale_name,
          c.source, c.source_named, p.claimant, p.claimant_type, p.review_url
        from final_verdicts f join live_claims c on c.id = f.claim_id join articles a on a.id = c.article_id
          left join claim_publication p on p.claim_id = c.id
        {where} order by a.id, c.start, c.id
        """,
        params,
    )
