"""The verdicts a desk has settled, read from the store: a lead's final verdict, else the one all reviewers agree on."""
import json

from .model import Example

# A verdict saved by "accept every suggestion above X %" and not changed since repeats the suggestion: learning
# from it would teach the model what it already said, so it counts only once a person changes or confirms it.
ACCEPTED_CAUSE = "accepted with every suggestion"

_SETTLED = f"""
    with reviewer_verdicts as (
      select v.claim_id, v.verdict from verdicts v
      where coalesce((select h.cause from verdict_history h where h.claim_id = v.claim_id
                        and h.reviewer_id = v.reviewer_id order by h.id desc limit 1), '')
            not like '{ACCEPTED_CAUSE}%'),
    agreed as (
      select claim_id, min(verdict) as verdict from reviewer_verdicts group by claim_id
      having count(distinct verdict) = 1)
    select c.id, c.article_id, coalesce(f.verdict, a.verdict) as settled
    from live_claims c left join final_verdicts f on f.claim_id = c.id left join agreed a on a.claim_id = c.id
    where coalesce(f.verdict, a.verdict) is not null
"""

# A claim as the features see it: the built-in suggestion, read back where a learnt one replaced it.
CLAIM_COLUMNS = """c.id, c.article_id, c.position, c.text, c.is_claim, c.checkworthy_reasons, c.hedged, c.source,
    c.source_named, c.reporting_verb, c.confidence as shown_confidence, c.suggestion as shown_suggestion,
    coalesce(l.builtin_suggestion, c.suggestion) as suggestion,
    coalesce(l.builtin_confidence, c.confidence) as builtin_confidence,
    coalesce(l.builtin_cue, c.cue) as cue, coalesce(l.builtin_explanation, c.explanation) as explanation,
    l.model_version"""


def claim_row(row: dict) -> dict:
    """A claims row with its check-worthiness reasons as a list, as features.claim_features reads it."""
    row = dict(row)
    reasons = row.get("checkworthy_reasons")
    row["checkworthy_reasons"] = reasons if isinstance(reasons, list) else json.loads(reasons or "[]")
    return row


def settled_count(db) -> int:
    """How many live claims have a settled verdict."""
    return next(db.query(f"select count(*) as n from ({_SETTLED})"))["n"]


def examples(db) -> list[Example]:
    """Every settled verdict as a training example, in article and reading order."""
    rows = db.query(f"""
        select {CLAIM_COLUMNS}, s.settled from ({_SETTLED}) s join claims c on c.id = s.id
          left join learnt_suggestions l on l.claim_id = c.id
        order by c.article_id, c.position""")
    return [Example(claim_row(row), row["article_id"], row["settled"]) for row in rows]
