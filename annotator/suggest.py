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


@dataclass(frozen=True)
class Suggestion:
    """A suggested verdict with the cue words that led to it."""

    verdict: str
    cue: str
    reason: str


def _fold(text: str) -> str:
    """Lower-case text with straight apostrophes, exactly as long as the text."""
    return text.translate(_FOLD).lower()


def _cue_pattern(phrases: list[str]) -> re.Pattern:
    """A regex matching any phrase as whole words in folded text, any run of spaces between words."""
    # Longest first, so "it's not clear" wins over "not clear" where both start.
    alternatives = sorted((_fold(phrase).split() for phrase in phrases), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, words)) for words in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _load_cues(path: Path) -> dict[str, list[tuple[str, re.Pattern]]]:
    """Each verdict's cue kinds, in file order, with one compiled pattern per kind."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {verdict: [(kind, _cue_pattern(phrases)) for kind, phrases in kinds.items()]
            for verdict, kinds in data.items()}


_CUES = _load_cues(Path(__file__).with_name("cues.json"))


def _first_cue(text: str, folded: str, verdict: str) -> tuple[str, str] | None:
    """The kind and words of the verdict's first cue in the text, trying kinds in file order."""
    for kind, pattern in _CUES[verdict]:
        match = pattern.search(folded)
        if match:
            return kind, text[match.start():match.end()]
    return None


def suggest(text: str) -> Suggestion:
    """Suggest a verdict for a claim: a hedge makes it speculative, else a source makes it sourced."""
    folded = _fold(text)
    source = _first_cue(text, folded, "sourced")
    hedge = _first_cue(text, folded, "speculative")
    if hedge:
        kind, cue = hedge
        reason = f'{kind} "{cue}"'
        if source:
            reason += f' outweighs {source[0]} "{source[1]}"'
        return Suggestion("speculative", cue, reason)
    if source:
        kind, cue = source
        return Suggestion("sourced", cue, f'{kind} "{cue}"')
    return Suggestion("unverified", "", "no source or hedge found")
