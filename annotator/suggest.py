"""Suggest a verdict for a claim from its cue words: sourced, speculative or unverified."""
import json
import re
from dataclasses import dataclass
from pathlib import Path

VERDICTS = ("sourced", "speculative", "unverified")

# Text is folded before matching: curly apostrophes become straight, so "it’s not clear" matches the cue
# "it's not clear", and letters become lower case, which is much faster than case-insensitive patterns.
# "İ" is the one character whose lower case is two characters; mapping it first keeps the folded text
# as long as the original, so match offsets point at the cue in the original text.
_FOLD = str.maketrans("‘’ʼİ", "'''I")
# Confidences are the share of right suggestions measured on the gold claims of tests/data
# (bench/claims_eval.py prints them), rounded down because that gold is small: 63 of 65 claims without a cue
# were read as unverified by a person ...
_NO_CUE_CONFIDENCE = 0.85
# ... and a hedge beside a source ("The Herald speculates ...") was right only about half the time, so the
# hedge's own confidence is lowered by this factor when a source is there too.
_MIXED_FACTOR = 0.65
# A sentence that is all one quotation is someone's words, even when the speaker was named a sentence before.
_WHOLE_QUOTATION = re.compile(r"“[^“”]+”|\"[^\"]+\"")
_QUOTATION_CONFIDENCE = 0.7
# "May 14" and "14 May" are dates, not the hedge "may"; "could not reach" is a past fact, not a possibility.
_NOT_A_HEDGE = re.compile(r"May(?=\s+\d)|(?<=\d\s)May|(?i:could(?=\s+not\b)|couldn't)")


@dataclass(frozen=True)
class Suggestion:
    """A suggested verdict, how sure it is (0-1), the cue words that led to it and why."""

    verdict: str
    confidence: float
    cue: str
    explanation: str


@dataclass(frozen=True)
class _Kind:
    """One kind of cue from the cue file: its verdict, name, confidence and compiled phrases."""

    verdict: str
    name: str
    confidence: float
    pattern: re.Pattern


def _fold(text: str) -> str:
    """Lower-case text with straight apostrophes, exactly as long as the text."""
    return text.translate(_FOLD).lower()


def _cue_pattern(phrases: list[str]) -> re.Pattern:
    """A regex matching any phrase as whole words in folded text, any run of spaces between words."""
    # Longest first, so "it's not clear" wins over "not clear" where both start.
    alternatives = sorted((_fold(phrase).split() for phrase in phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, words)) for words in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def load_cues(path: Path) -> dict[str, list[_Kind]]:
    """Each verdict's cue kinds, in file order, with one compiled pattern per kind."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {verdict: [_Kind(verdict, name, float(kind["confidence"]), _cue_pattern(kind["phrases"]))
                      for name, kind in kinds.items()]
            for verdict, kinds in data.items()}


CUES_PATH = Path(__file__).with_name("cues.json")
_CUES = load_cues(CUES_PATH)


def _is_false_cue(text: str, start: int) -> bool:
    """Whether a cue found at start is a word that only looks like one, such as the month in "May 14"."""
    return bool(_NOT_A_HEDGE.match(text, start))


def _first_cue(text: str, folded: str, verdict: str) -> tuple[_Kind, str] | None:
    """The kind and words of the verdict's first cue in the text, trying kinds in file order."""
    for kind in _CUES[verdict]:
        for match in kind.pattern.finditer(folded):
            if not _is_false_cue(text, match.start()):
                return kind, text[match.start():match.end()]
    return None


def suggest(text: str) -> Suggestion:
    """Suggest a verdict for a claim: a hedge makes it speculative, else a source makes it sourced."""
    folded = _fold(text)
    source = _first_cue(text, folded, "sourced")
    hedge = _first_cue(text, folded, "speculative")
    if hedge and source:
        (hedge_kind, hedge_cue), (source_kind, source_cue) = hedge, source
        return Suggestion("speculative", round(hedge_kind.confidence * _MIXED_FACTOR, 2), hedge_cue,
                          f'both: {hedge_kind.name} "{hedge_cue}" and {source_kind.name} "{source_cue}"; '
                          "the source speculates, so the hedge decides")
    if hedge or source:
        kind, cue = hedge or source
        return Suggestion(kind.verdict, kind.confidence, cue, f'{kind.name} "{cue}"')
    if _WHOLE_QUOTATION.fullmatch(text.strip()):
        return Suggestion("sourced", _QUOTATION_CONFIDENCE, text.strip(), "a quotation: someone's own words")
    return Suggestion("unverified", _NO_CUE_CONFIDENCE, "", "no source or hedge found")
