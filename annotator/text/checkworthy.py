"""Claim -> how check-worthy it is (0-1) and the reasons: figures, names, actions vs opinion, hope, filler.

The score is a logistic model over features a reviewer can read ("a figure", "a named source", "an opinion"),
with weights fitted on the development half of the news gold set by bench/train_text_model.py and stored in
model.json beside this file. Questions, date lines and captions are never claims, whatever the score.
"""
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .attribution import Attribution, cues

MODEL_PATH = Path(__file__).with_name("model.json")

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
# "Monday, April 6, 2009" or "6 April 2009" alone on a line: when, not what.
_DATE_LINE = re.compile(rf"(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?|\d{{1,2}}\s+{_MONTH},?)\s+\d{{4}}\.?")
# "Image: NASA.", "Map highlighting the epicenter.", "The marker shows the epicenter of the earthquake."
_CAPTION = re.compile(r"(?:(?:Image|Photo|Picture|Video|Map|Chart|Graphic|Credit|Caption)s?\s*:"
                      r"|(?:Map|Photo|Image|Picture|Chart|Graphic)s?\s+(?:of|showing|highlighting|shows)\b"
                      r"|The\s+(?:map|marker|image|photo|picture|chart|graphic)\s+(?:shows|highlights)\b)")
_BYLINE = re.compile(r"(?i)(?:by|reporting by|written by|additional reporting by|edited by)\s+[A-Z]\w+(?:\s+\w+){0,3}\.?")
_CLOSING = "\"'”’»)] "

_WORD = re.compile(r"\w[\w'’\-]*")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
                     r"fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|"
                     r"half|quarter|third|first|second)\b", re.I)
_AMOUNT = re.compile(r"[$€£¥₩]\s?\d|\d\s?%|\bper ?cent\b|\bpercent\b", re.I)
_DATE = re.compile(rf"\b(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|"
                   r"(?:19|20)\d\d|last (?:week|month|year|night)|this (?:week|month|year))\b")
_COMPARISON = re.compile(r"(?i)\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|greater|than|most|least|"
                         r"record|largest|biggest|highest|lowest|first|only|worst|best|deadliest|increase[ds]?|"
                         r"decrease[ds]?|rose|fell|doubled|tripled|surged|dropped|grew|declined)\b")
_FIRST_PERSON = re.compile(r"(?i)\b(?:i|i'm|i’m|i've|i’ve|we|we're|we’re|we've|we’ve|our|us|my|me)\b")
_SECOND_PERSON = re.compile(r"(?i)\b(?:you|your|you're|you’re)\b")
_PAST = frozenset("""was were had did made took gave went came got found killed died won lost began became left
    held met sold bought paid built led ran sent brought fell rose struck broke hit cut set put""".split())
_DEICTIC_START = re.compile(r"(?i)(?:this|that|it|these|those|there)\b(?!\s+(?:\w+\s+){0,2}\d)")


@dataclass(frozen=True)
class Checkworthiness:
    """A score in 0-1, the reasons behind it (strongest first), and why it is not a claim ("" when it is)."""

    score: float
    reasons: tuple[str, ...]
    not_a_claim: str
    features: dict = field(default_factory=dict, compare=False)


@lru_cache(maxsize=1)
def model() -> dict:
    """The fitted weights, threshold and feature descriptions (model.json)."""
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


# The word lists of cues.json that mark a claim as not check-worthy, each a feature of the same name.
_LEXICONS = ("opinion", "hope", "exhortation", "reaction", "boilerplate")
_RUN = re.compile(r"\w+")
# What a lexicon phrase wants on neither side of it.
_WORD_OR_HYPHEN = re.compile(r"[\w-]")


@lru_cache(maxsize=1)
def _lexicon_index() -> dict[str, tuple[tuple[str, str], ...]]:
    """The first run of word characters of every lexicon phrase -> (kind, phrase) of each phrase it starts."""
    kinds = cues()
    index: dict[str, list[tuple[str, str]]] = {}
    for kind in _LEXICONS:
        for phrase in sorted(kinds[kind]):
            index.setdefault(_RUN.match(phrase)[0], []).append((kind, phrase))
    return {first: tuple(entries) for first, entries in index.items()}


def _lexicons_found(folded: str) -> set[str]:
    """The lexicons with a phrase in the folded text, as a whole phrase: no word character or hyphen on either side.

    Every phrase starts with a word character and wants no word character or hyphen before it, so a match starts
    a run of word characters, and that run is the phrase's own first run: only the phrases that start with one of
    the text's runs are tried, where the run stands, with the two boundaries.
    """
    found, index = set(), _lexicon_index()
    for run in _RUN.finditer(folded):
        entries = index.get(run[0])
        if not entries:
            continue
        start = run.start()
        if start and _WORD_OR_HYPHEN.match(folded, start - 1):
            continue
        for kind, phrase in entries:
            if kind not in found and folded.startswith(phrase, start) \
                    and not _WORD_OR_HYPHEN.match(folded, start + len(phrase)):
                found.add(kind)
    return found


# Patterns that match only whole runs of word characters (or, for _NUMBER, a digit, which is inside one): each
# matches a claim exactly when it matches one of the claim's runs, so it is tried once per distinct run (the same
# few thousand words recur in every article) instead of at every character of every claim. _FIRST_PERSON and
# _SECOND_PERSON also list "i'm", "you're": wherever those match, "i" and "you" match too, as whole runs.
_RUN_PATTERNS = (_NUMBER, _COMPARISON, _FIRST_PERSON, _SECOND_PERSON)
# Bounded, so a stream of never-repeated words cannot grow the caches without end.
_MAX_FACTS = 50_000


@lru_cache(maxsize=_MAX_FACTS)
def _run_facts(run: str) -> tuple[bool, ...]:
    """Which of _RUN_PATTERNS match a run of word characters."""
    return tuple(bool(pattern.search(run)) for pattern in _RUN_PATTERNS)


@lru_cache(maxsize=_MAX_FACTS)
def _word_facts(word: str) -> tuple[bool, bool]:
    """(a capitalised word that is not a demonym, a past action) for one word of _WORD."""
    key = word.casefold()
    return (word[:1].isupper() and key not in cues()["demonyms"],
            key in _PAST or (word.islower() and len(word) > 4 and word.endswith("ed")))


def features(text: str, attribution: Attribution | None, hedged: bool, quoted: bool,
             headline: bool = False) -> dict[str, float]:
    """The features of one claim, each 0 or 1 (or a small count), named as in model.json."""
    return _features(text, _named(attribution), hedged, quoted, headline)


def _named(attribution: Attribution | None) -> bool | None:
    """All that check-worthiness reads of a claim's attribution: whether its source is identified (None: no
    attribution)."""
    return None if attribution is None else bool(attribution.named)


def _features(text: str, named: bool | None, hedged: bool, quoted: bool, headline: bool) -> dict[str, float]:
    folded = text.replace("’", "'").casefold()
    words = _WORD.findall(text)
    word_facts = [_word_facts(word) for word in words]
    capitals = sum(capital for capital, _ in word_facts[1:])
    runs = _RUN.findall(text)
    number, comparison, first_person, second_person = (
        [any(column) for column in zip(*[_run_facts(run) for run in runs])] if runs
        else [False] * len(_RUN_PATTERNS))
    lexicons = _lexicons_found(folded)
    content = sum(len(w) > 3 for w in words)
    found = {
        "number": number,
        "amount": bool(_AMOUNT.search(text)),
        "date": bool(_DATE.search(text)),
        "name": bool(capitals),
        "names": min(capitals, 4) / 4,
        "past_action": any(past for _, past in word_facts),
        "comparison": comparison,
        "named_source": named is True,
        "vague_source": named is False,
        "hedged": hedged,
        "quoted": quoted,
        "first_person": first_person,
        "second_person": second_person,
        "opinion": "opinion" in lexicons,
        "hope": "hope" in lexicons,
        "exhortation": "exhortation" in lexicons,
        "reaction": "reaction" in lexicons,
        "boilerplate": "boilerplate" in lexicons,
        "short": len(words) < 8,
        "long": len(words) > 25,
        "few_content_words": content < 4,
        "deictic_start": bool(_DEICTIC_START.match(text)),
        "exclamation": text.rstrip(_CLOSING).endswith("!"),
        "headline": headline,
    }
    return {name: float(value) for name, value in found.items()}


def _fixed_reason(text: str) -> str:
    """Why a unit can never be a claim: a question, a date line, a caption or a byline; "" otherwise."""
    if text.rstrip(_CLOSING).endswith("?"):
        return "a question"
    if _DATE_LINE.fullmatch(text):
        return "a date line"
    if _CAPTION.match(text):
        return "a caption or credit"
    if _BYLINE.fullmatch(text):
        return "a byline"
    if not any(char.isalnum() for char in text):
        return "nothing checkable"
    return ""


def score(text: str, attribution: Attribution | None, hedged: bool, quoted: bool,
          headline: bool = False) -> Checkworthiness:
    """How check-worthy a claim is, with its reasons; below the model's threshold it is not a claim."""
    return _score(text, _named(attribution), hedged, quoted, headline)


# A claim that recurs (wire copy, boilerplate, a pull quote, the same sentence in the next article of an import)
# is read once: the step is a pure function of its arguments, and its result is not changed by anyone;
# model() is read once per process too. It is keyed by whether the source is named, not by the attribution,
# whose offsets are the article's: the same sentence in the next article would miss the cache.
@lru_cache(maxsize=4096)
def _score(text: str, named: bool | None, hedged: bool, quoted: bool, headline: bool) -> Checkworthiness:
    fixed = _fixed_reason(text)
    if fixed:
        return Checkworthiness(0.0, (fixed,), fixed)
    fitted = model()["checkworthy"]
    values = _features(text, named, hedged, quoted, headline)
    contributions = {name: fitted["weights"].get(name, 0.0) * value for name, value in values.items() if value}
    z = fitted["bias"] + sum(contributions.values())
    probability = 1 / (1 + math.exp(-z))
    described = fitted["describe"]
    # The reasons a reviewer sees: the features that pushed hardest, in the direction of the decision.
    is_claim = probability >= fitted["threshold"]
    pushing = sorted((c for c in contributions.items() if (c[1] > 0) == is_claim and c[0] in described),
                     key=lambda c: -abs(c[1]))
    reasons = tuple(described[name] for name, _ in pushing[:3])
    not_a_claim = "" if is_claim else (reasons[0] if reasons else "nothing checkable")
    return Checkworthiness(round(probability, 2), reasons, not_a_claim, values)
