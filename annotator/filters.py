"""Which claims of an article a reviewer asked to see: by tag state, verdict, disagreement, or words."""

# The choices of the review page's filter, in the order shown; the key goes in the URL (?show=...).
SHOW_CHOICES = {
    "all": "All claims",
    "untagged": "Untagged by me",
    "tagged": "Tagged by me",
    "sourced": "My verdict: sourced",
    "speculative": "My verdict: speculative",
    "unverified": "My verdict: unverified",
    "differs": "My verdict differs from the suggestion",
    "disagreement": "Reviewers disagree",
}


def show_choices(verdict_names) -> dict:
    """The filter's choices for an article whose scale has these values: "My verdict: X" for each, in order."""
    head = {key: SHOW_CHOICES[key] for key in ("all", "untagged", "tagged")}
    tail = {key: SHOW_CHOICES[key] for key in ("differs", "disagreement")}
    return {**head, **{name: f"My verdict: {name}" for name in verdict_names}, **tail}


# The orders of the review page's list (?sort=...): reading order, most check-worthy first so a desk short of
# time reviews what matters before the rest, or least sure suggestion first, where a reviewer's answer teaches the
# learnt suggestions the most.
SORT_CHOICES = {
    "reading": "Reading order",
    "checkworthy": "Most check-worthy first",
    "unsure": "Least sure suggestion first",
}


def sort_claims(claims, sort: str = "reading") -> list[dict]:
    """The claims in the chosen order; claims with no score (stored before scores existed) go last."""
    if sort == "unsure":
        return sorted(claims, key=lambda claim: (claim.get("confidence") is None, claim.get("confidence") or 0.0,
                                                 claim["position"]))
    if sort != "checkworthy":
        return list(claims)
    return sorted(claims, key=lambda claim: (claim.get("checkworthiness") is None,
                                             -(claim.get("checkworthiness") or 0.0), claim["position"]))


def filter_claims(claims, show: str = "all", query: str = "", disagreeing_ids=frozenset()) -> list[dict]:
    """The claims matching the filter and containing every word of the query (case-insensitive)."""
    words = query.lower().split()
    tests = {
        "all": lambda claim: True,
        "untagged": lambda claim: not claim["verdict"],
        "tagged": lambda claim: bool(claim["verdict"]),
        "differs": lambda claim: bool(claim["verdict"]) and claim["verdict"] != claim["suggestion"],
        "disagreement": lambda claim: claim["id"] in disagreeing_ids,
    }
    keep = tests.get(show) or (lambda claim: claim["verdict"] == show)
    return [claim for claim in claims
            if keep(claim) and all(word in claim["text"].lower() for word in words)]

