"""Claim -> the first word that states it as uncertain ("may", "is expected to", "it is not clear"), if any.

Words that only look like hedges are passed over: the month May, "could not" (a past fact), approximations
("an estimated 2,000"), and compounds that carry a hedge word without doubting the claim ("worse-than-expected",
"widely watched", "unable to estimate").
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from .asides import aside_spans
from .attribution import cues

# "May 14", "14 May", "in May", "May 2021": the month, not the modal.
_MAY_BEFORE = re.compile(r"May,?\s+\d")
_WORD_BEFORE = re.compile(r"(\w+)\s*\Z")
_MONTH_WORDS_BEFORE = frozenset("in of since until by early late mid last next this from through".split())


def _is_month(text: str, start: int) -> bool:
    """Whether "May" at start is the month: "May 14", "14 May", "in May", "May 2021"."""
    if _MAY_BEFORE.match(text, start):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(before) and (before[1].isdigit() or before[1].lower() in _MONTH_WORDS_BEFORE)


@dataclass(frozen=True)
class Hedge:
    """A hedge cue and its offsets in the claim text."""

    cue: str
    start: int
    end: int


# Curly apostrophes become straight and "İ" (whose lower case is two characters) becomes "I", so the folded
# text is as long as the text and match offsets point into it.
_FOLD = str.maketrans("‘’ʼİ", "'''I")


def _fold(text: str) -> str:
    """Lower case with straight apostrophes, as long as the text (so offsets carry over)."""
    return text.translate(_FOLD).lower()


def _pattern(phrases) -> re.Pattern:
    alternatives = sorted((phrase.split() for phrase in phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, words)) for words in alternatives)
    # A hyphen on either side makes a compound ("worse-than-expected"), not a hedge.
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    kinds = cues()
    return _pattern(kinds["hedges"]), _pattern(kinds["not_hedges"])


# A claim that recurs (wire copy, boilerplate, a pull quote, the same sentence in the next article of an import)
# is read once: the step is a pure function of its arguments, and its result is immutable.
@lru_cache(maxsize=4096)
def find_hedge(text: str, skip: tuple[int, int] = (0, 0)) -> Hedge | None:
    """The first hedge of text outside the span skip (the source's own words) and outside asides, or None."""
    hedges, not_hedges = _patterns()
    folded = _fold(text)
    # Most claims hold no hedge word at all: they are done before the false hedges and asides are looked for.
    found = hedges.finditer(folded)
    first = next(found, None)
    if first is None:
        return None
    blocked = [match.span() for match in not_hedges.finditer(folded)]
    blocked += aside_spans(folded)
    for match in chain((first,), found):
        start, end = match.span()
        # A longer hedge that starts where a false one does wins: "could not be confirmed" over "could not".
        if skip[0] <= start < skip[1] or any(b_start <= start < b_end and not (start == b_start and end > b_end)
                                             for b_start, b_end in blocked):
            continue
        if text[start:end] == "May" and _is_month(text, start):
            continue
        return Hedge(text[start:end], start, end)
    return None
