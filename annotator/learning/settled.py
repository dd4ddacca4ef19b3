"""The verdicts a desk has settled, read from the store: a lead's final verdict, else the one all reviewers agree on."""
import json

from . import CLAIM, NOT_A_CLAIM
from .model import Example

# A verdict saved by "accept every suggestion above X %" and not changed since repeats the suggestion: learning
# from it would teach the model what it already said, so it counts only once a person changes or confirms it.
ACCEPTED_CAUSE = "accepted with every suggestion"

# Only articles on the sourcing scale teach the suggestions, which are sourcing verdicts: a truth rating ("false")
# says nothing about whether a claim has a source.
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
      and c.article_id in (select id from articles where scale = 'sourcing')
"""

# A person's "not a claim" mark, or its reversal (edits.set_not_a_claim / set_a_claim), in claim_history.
MARK_ACTIONS = "('not a claim', 'a claim')"
# What the splitter said before anyone marked the claim: the first mark's from_value ("claim", or its reason).
_FIRST_MARK = f"""(select x.from_value from claim_history x where x.claim_id = c.id and x.action in {MARK_ACTIONS}
                  order by x.id limit 1)"""
_LAST_MARK = f"""(select x.action from claim_history x where x.claim_id = c.id and x.action in {MARK_ACTIONS}
                 order by x.id desc limit 1)"""

# A claim as the features see it: the built-in suggestion and "not a claim", read back where a learnt model or a
# person's mark replaced them.
CLAIM_COLUMNS = f"""c.id, c.article_id, c.position, c.text, c.is_claim, c.reason, c.checkworthy_reasons, c.hedged,
    c.source, c.source_named, c.reporting_verb, c.confidence as shown_confidence, c.suggestion as shown_suggestion,
    coalesce(l.builtin_suggestion, c.suggestion) as suggestion,
    coalesce(l.builtin_confidence, c.confidence) as builtin_confidence,
    coalesce(l.builtin_cue, c.cue) as cue, coalesce(l.builtin_explanation, c.explanation) as explanation,
    l.model_version, k.model_version as claim_model_version, {_LAST_MARK} as mark,
    coalesce(k.builtin_is_claim, case when {_FIRST_MARK} is null then c.is_claim
                                      when {_FIRST_MARK} = 'claim' then 1 else 0 end) as builtin_is_claim,
    coalesce(k.builtin_reason, case when {_FIRST_MARK} is null then c.reason
                                    when {_FIRST_MARK} = 'claim' then '' else {_FIRST_MARK} end) as builtin_reason"""
CLAIMS_FROM = """live_claims c left join learnt_suggestions l on l.claim_id = c.id
    left join learnt_claim_marks k on k.claim_id = c.id"""


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
        select {CLAIM_COLUMNS}, s.settled from {CLAIMS_FROM} join ({_SETTLED}) s on s.id = c.id
        order by c.article_id, c.position""")
    return [Example(claim_row(row), row["article_id"], row["settled"]) for row in rows]


def claim_examples(db) -> list[Example]:
    """Every claim the desk has said is or is not a claim, in article and reading order.

    A person's latest mark ("not a claim", or back to a claim) says so; a claim with a settled verdict and no mark
    counts as a claim. The built-in answer is the splitter's, from before any mark.
    """
    rows = db.query(f"""
        select * from (select {CLAIM_COLUMNS}, s.settled from {CLAIMS_FROM} left join ({_SETTLED}) s on s.id = c.id)
        where mark is not null or settled is not null order by article_id, position""")
    found = []
    for row in rows:
        label = NOT_A_CLAIM if row["mark"] == "not a claim" else CLAIM
        found.append(Example(claim_row(row), row["article_id"], label,
                             CLAIM if row["builtin_is_claim"] else NOT_A_CLAIM))
    return found
