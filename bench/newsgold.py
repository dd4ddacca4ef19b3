"""The news gold set (tests/data/newsgold) and how the text core scores on it, beside simple baselines.

Plain functions, no printing: bench/claims_eval.py prints them, bench/train_text_model.py fits on the
development half, and tests/test_newsgold_floors.py holds the figures above floors. A gold unit is one sentence a
person labelled blind (docs/labelling.md); the tool's claims are matched to it by overlap of their spans.
Odd article ids are the development half, even ids the test half (fixed before anyone labelled).
"""
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "newsgold"
VERDICTS = ("sourced", "speculative", "unverified")

# The word-list baseline the claim-intelligence issue measures against: a said-word makes a claim sourced,
# else a hedge word makes it speculative, else it is unverified.
CUE_LIST_SOURCED = ("said", "says", "told", "according to")
CUE_LIST_SPECULATIVE = ("may", "might", "could", "would", "expected", "likely", "possibly", "believe")
_WORDS = re.compile(r"[\w$€£%][\w,.%'’\-]*\w|\w")


@dataclass(frozen=True)
class Unit:
    """One labelled sentence at its place in the article, with the labeller's answers."""

    text: str
    start: int
    end: int
    checkworthy: bool
    reason: str | None
    verdict: str | None
    hedged: bool | None
    source: str | None
    reporting_verb: str | None
    key_phrase: str | None


@dataclass(frozen=True)
class Article:
    """An article's text and its labelled units, in reading order."""

    id: str
    text: str
    units: tuple[Unit, ...]
    labeller: str

    @property
    def half(self) -> str:
        if self.id.startswith("c"):
            return "calibration"
        return "dev" if int(self.id[:3]) % 2 else "test"


def _load(path: Path) -> Article:
    data = json.loads(path.read_text(encoding="utf-8"))
    # The calibration set (ids c01…) lives in its own folder: it is labelled like the rest but only ever used to
    # fit how sure a suggestion says it is, never to write rules and never reported as a result.
    texts = GOLD / "calibration" / "texts" if data["article"].startswith("c") else GOLD / "texts"
    text = (texts / f"{data['article']}.txt").read_text(encoding="utf-8")
    units, at = [], 0
    for unit in data["units"]:
        start = text.index(unit["text"], at)
        at = start + len(unit["text"])
        units.append(Unit(unit["text"], start, at, unit["checkworthy"], unit["reason"], unit["verdict"],
                          unit["hedged"], unit["source"], unit["reporting_verb"], unit["key_phrase"]))
    return Article(data["article"], text, tuple(units), data.get("labeller", ""))


@lru_cache(maxsize=4)
def articles(half: str = "test", folder: str = "labels") -> tuple[Article, ...]:
    """The labelled articles of one half ("dev", "test", "calibration" or "all" of dev and test), in id order."""
    if half == "calibration":
        return tuple(_load(path) for path in sorted((GOLD / "calibration" / folder).glob("*.json")))
    found = tuple(_load(path) for path in sorted((GOLD / folder).glob("*.json")))
    return found if half == "all" else tuple(a for a in found if a.half == half)


# --- Matching the tool's output to the gold units ---------------------------------------------------------

def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matched_claims(article: Article, claims) -> list:
    """For each gold unit, the tool's claim that covers most of it (any of its places), or None."""
    found = []
    for unit in article.units:
        best, best_overlap = None, 0
        for claim in claims:
            overlap = max(_overlap((unit.start, unit.end), place) for place in claim.places)
            if overlap > best_overlap:
                best, best_overlap = claim, overlap
        found.append(best)
    return found


# --- Scores -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, with P / R / F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def binary_score(pairs) -> Score:
    """(expected, predicted) booleans -> Score for the True class."""
    pairs = list(pairs)
    return Score(sum(e and p for e, p in pairs), sum(p and not e for e, p in pairs),
                 sum(e and not p for e, p in pairs))


def accuracy(pairs) -> float:
    pairs = list(pairs)
    return sum(e == p for e, p in pairs) / len(pairs) if pairs else 0.0


def macro_f1(pairs, classes=VERDICTS) -> float:
    """Mean F1 over the classes (sourced / speculative / unverified), each class weighed the same."""
    pairs = list(pairs)
    return sum(binary_score((e == c, p == c) for e, p in pairs).f1 for c in classes) / len(classes)


def boundary_score(article: Article, sentences) -> Score:
    """Sentence ends the tool found against the ends of the gold units (end of text not counted)."""
    gold = {unit.end for unit in article.units} - {article.units[-1].end}
    last = article.units[-1].end
    got = {end for _, end in sentences if end < last}
    # A unit ends where its text ends; the splitter may or may not keep trailing spaces, so compare the
    # position after stripping.
    got = {len(article.text[:end].rstrip()) for end in got}
    return Score(len(gold & got), len(got - gold), len(gold - got))


def _words(text: str | None) -> list[str]:
    return [w.casefold().strip(".,") for w in _WORDS.findall(text or "")]


def word_overlap(got: str | None, gold: str | None) -> float:
    """F1 of the words two phrases share (case-folded): 1 for the same phrase, 0 for nothing in common."""
    a, b = Counter(_words(got)), Counter(_words(gold))
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def cue_list_verdict(text: str) -> str:
    """The 10-word cue list: said/says/told/according to -> sourced; a hedge word -> speculative."""
    folded = text.replace("’", "'").casefold()
    if any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", folded) for cue in CUE_LIST_SOURCED):
        return "sourced"
    if any(re.search(rf"(?<!\w){cue}(?!\w)", folded) for cue in CUE_LIST_SPECULATIVE):
        return "speculative"
    return "unverified"


def cue_list_hedged(text: str) -> bool:
    folded = text.casefold()
    return any(re.search(rf"(?<!\w){cue}(?!\w)", folded) for cue in CUE_LIST_SPECULATIVE)


def first_words_phrase(text: str, count: int = 4) -> str:
    """The key-phrase baseline: the unit's first few words."""
    return " ".join(text.split()[:count])


@dataclass(frozen=True)
class Row:
    """One gold unit beside what the tool (and each baseline) said about it."""

    article: str
    unit: Unit
    claim: object | None  # the matched annotator.text Claim

    @property
    def predicted_claim(self) -> bool:
        return bool(self.claim and self.claim.is_claim)


def rows(found_articles, split_claims) -> list[Row]:
    """Every gold unit of the articles with its matched claim from split_claims(text)."""
    table = []
    for article in found_articles:
        claims = split_claims(article.text)
        table.extend(Row(article.id, unit, claim)
                     for unit, claim in zip(article.units, matched_claims(article, claims)))
    return table


def reliability(pairs_with_confidence, edges=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)):
    """(confidence, right) -> [(low, high, count, mean confidence, share right)], and the expected calibration
    error: the count-weighted gap between what the confidence promised and what happened."""
    table, gap, total = [], 0.0, 0
    for low, high in zip(edges, edges[1:]):
        inside = [(c, r) for c, r in pairs_with_confidence if low <= c < high]
        if not inside:
            continue
        mean_confidence = sum(c for c, _ in inside) / len(inside)
        share = sum(r for _, r in inside) / len(inside)
        table.append((low, min(high, 1.0), len(inside), mean_confidence, share))
        gap += len(inside) * abs(mean_confidence - share)
        total += len(inside)
    return table, (gap / total if total else 0.0)


def cohen_kappa(pairs) -> float:
    """Agreement of two labellers beyond chance on one field."""
    pairs = list(pairs)
    if not pairs:
        return 0.0
    observed = sum(a == b for a, b in pairs) / len(pairs)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / len(pairs) ** 2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def second_labelling_pairs() -> list[tuple[Unit, Unit]]:
    """Units two labellers cut the same way, from the articles labelled twice (labels_second/)."""
    first = {a.id: a for a in articles("all")}
    pairs = []
    for second in articles("all", "labels_second"):
        if second.id not in first:
            continue
        by_span = {(u.start, u.end): u for u in first[second.id].units}
        pairs.extend((by_span[(u.start, u.end)], u) for u in second.units if (u.start, u.end) in by_span)
    return pairs
