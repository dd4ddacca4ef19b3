"""What the review page shows about learning: who suggested each claim, and a lead's latest accept-above action."""
from .. import scales
from ..accounts import LEAD_ROLES
from .accept import last_acceptance
from .resuggest import suggested_by

# The accept-above form's starting threshold: the built-in rules' surest paths (named source, no cue) are fitted
# at 96-98 %, so 90 % takes those and leaves every hedge and vague source to a person.
DEFAULT_ACCEPT_PERCENT = 90


def mark_suggesters(db, claims) -> None:
    """Set claim["learnt"] on each claim: {verdict_count, model_version} if a learnt model suggested it, else None."""
    learnt = suggested_by(db, [claim["id"] for claim in claims])
    for claim in claims:
        claim["learnt"] = learnt.get(claim["id"])


def review_extras(db, article_id: int, user: dict, claims) -> dict:
    """The review page's learning context; marks each claim with who suggested it."""
    mark_suggesters(db, claims)
    # Suggestions are sourcing verdicts: on an article with another scale there is nothing to accept.
    may_accept = user["role"] in LEAD_ROLES and scales.article_scale(db, article_id).name == scales.SOURCING
    return {"may_accept": may_accept, "accept_percent": DEFAULT_ACCEPT_PERCENT,
            "last_acceptance": last_acceptance(db, article_id, user["id"]) if may_accept else None}
