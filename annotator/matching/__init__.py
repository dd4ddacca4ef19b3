"""Seen before: the earlier claims of other articles that state the same claim, scored and read against thresholds.

The steps read as the pipeline: candidates (FTS5 BM25) -> scoring (wording) -> facts (numbers, names, direction
must agree) -> thresholds (link, suggest). Plain Python over the database; the store of matches is in stored.py.
"""
from dataclasses import dataclass
from functools import lru_cache

from .candidates import candidates
from .facts import conflicts, facts_of, reworded
from .scoring import MEASURES
from .thresholds import CONFLICT_FACTOR, DEFAULT, Thresholds

# The measure used: chosen on the dev half of the gold set (README, "Seen before"; bench/match_eval.py).
MEASURE = "blend"
# The earlier claims shown for one claim at most: a reviewer weighs a handful, and reading the facts of every
# look-alike of a much-repeated sentence (wire copy in every article) made an import of 200 such articles take
# minutes. The best-worded ones are judged; the others score 0.
MAX_MATCHES = 10


@dataclass(frozen=True)
class Match:
    claim_id: int
    text: str
    article_id: int
    score: float
    auto_link: bool
    conflicts: tuple = ()


# An import holds the same sentences again and again (pull quotes, boilerplate, wire copy): each pair is judged once.
@lru_cache(maxsize=100_000)
def judge(text: str, other: str) -> tuple[tuple, bool]:
    """Why two claims' facts disagree, and whether the pair may be linked automatically (no word replaced)."""
    if text == other:
        return (), True
    mine, theirs = facts_of(text), facts_of(other)
    return tuple(conflicts(mine, theirs)), not reworded(mine, theirs)


def score_candidates(text: str, found: list[dict], measure: str = MEASURE, use_facts: bool = True,
                     floor: float = 0.0, limit: int = MAX_MATCHES) -> list[tuple]:
    """(candidate, score, conflicts, linkable) for each candidate, best first.

    The facts rule scales a conflicting score down; a pair where a word was replaced by another may be suggested
    but never linked automatically (linkable False). The facts of a candidate worded less alike than floor are not
    read: they could only lower a score already too low to show. Only the limit best worded are judged.
    """
    similarities = MEASURES[measure](text, [row["text"] for row in found])
    best = set(sorted(range(len(found)), key=lambda i: -similarities[i])[:limit])
    scored = []
    for index, (row, similarity) in enumerate(zip(found, similarities)):
        if index not in best:
            scored.append((row, 0.0, (), False))
            continue
        if similarity < floor:
            scored.append((row, round(similarity, 4), (), False))
            continue
        why, linkable = judge(text, row["text"]) if use_facts else ((), True)
        scored.append((row, round(similarity * (CONFLICT_FACTOR if why else 1.0), 4), why, linkable))
    # Ties keep BM25's order (sorted is stable), which already put the closer wording first.
    return sorted(scored, key=lambda item: -item[1])


def match_text(db, text: str, thresholds: Thresholds = DEFAULT, before_article=None, exclude_article=None,
               measure: str = MEASURE, use_facts: bool = True) -> list[Match]:
    """The stored claims at or above the suggestion threshold, best first."""
    found = candidates(db, text, before_article=before_article, exclude_article=exclude_article)
    return [Match(row["id"], row["text"], row["article_id"], score, linkable and score >= thresholds.auto_link, why)
            for row, score, why, linkable in score_candidates(text, found, measure, use_facts, thresholds.suggest)
            if thresholds.decide(score)]
