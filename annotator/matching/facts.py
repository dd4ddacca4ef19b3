"""The facts a claim states that wording cannot change: its numbers, dates, named actors and direction of change.

Two claims worded alike are not the same claim when one says "63,000 vehicles" and the other "36,000", or one says
prices "rose" and the other "fell": similarity scores see one digit or one word changed and call them near-copies.
"""
import re
from dataclasses import dataclass

from .candidates import STOPWORDS

# A number as news text writes it: 63,000 · 4.5 · 1 200 (thin space) · 12%; "million"/"bn" scale it, so
# "6.3 million" and "6,300,000" are the same fact.
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[,\u2009\u202f]\d{3})+|\d+(?:\.\d+)?)(\s*(?:%|per ?cent|percent))?"
                     r"(?:\s*(million|m|billion|bn|thousand|k|trillion|tn)\b)?", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
           "tn": 1e12}
# Written-out numbers a claim often carries instead of digits.
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "hundred": 100, "dozen": 12, "half": 0.5, "double": 2, "doubled": 2, "tripled": 3,
                 "halved": 0.5}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# Words of direction: a claim that something went up is not the claim that it went down.
_UP = {"rose", "rise", "rises", "rising", "risen", "increase", "increased", "increases", "increasing", "grew",
       "grow", "grows", "growing", "grown", "up", "higher", "more", "climbed", "climb", "climbs", "jumped", "jump",
       "soared", "surged", "gained", "gain", "doubled", "tripled", "expanded", "boosted", "raised", "raise",
       "above", "over", "most", "highest", "gains", "gaining"}
_DOWN = {"fell", "fall", "falls", "falling", "fallen", "decrease", "decreased", "decreases", "decreasing",
         "declined", "decline", "declines", "declining", "dropped", "drop", "drops", "down", "lower", "less",
         "fewer", "shrank", "shrink", "shrinks", "shrunk", "cut", "cuts", "slashed", "plunged", "plummeted",
         "lost", "halved", "reduced", "reduce", "below", "under", "least", "lowest", "slumped", "sank", "losses"}
_NEGATIONS = {"not", "no", "never", "n't", "none", "nobody", "nothing", "neither", "nor", "without"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# A capitalised word: a name (a person, a country, a company), roughly. A sentence's first word is capitalised
# anyway, so the common ones are listed below; kept rough on purpose, as a name only ever vetoes a match when each
# claim has a name the other does not mention at all.
_NAME = re.compile(r"\b([A-Z][a-z]+(?:[A-Z][a-z]+)?|[A-Z]{2,})\b")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "Its", "It", "He", "She", "They", "We", "I", "This", "That",
              "These", "Those", "But", "And", "Or", "Mr", "Mrs", "Ms", "Dr", "Last", "Next", "According", "Some",
              "Most", "More", "Many", "Per", "Of", "For", "By", "To", "From", "With", "As", "Our", "Their", "His",
              "Her", "There", "After", "Before", "Since", "Over", "Under", "All", "Every", "Each", "No", "Not",
              *(month.capitalize() for month in _MONTHS), "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "Prime", "Minister", "President", "Government", "Chancellor", "Secretary"}


@dataclass(frozen=True)
class Facts:
    numbers: frozenset = frozenset()
    months: frozenset = frozenset()
    names: frozenset = frozenset()
    words: frozenset = frozenset()
    direction: int = 0  # +1 up, -1 down, 0 neither or both
    negated: bool = False


def _number(digits: str, percent: str, scale: str) -> float:
    value = float(re.sub(r"[,\u2009\u202f]", "", digits))
    if scale:
        value *= _SCALES[scale.lower()]
    return round(value, 6)


def facts_of(text: str) -> Facts:
    """The numbers (scaled), months, names, direction and negation a claim states."""
    numbers = {_number(*found.groups()) for found in _NUMBER.finditer(text)}
    words = [word.lower() for word in _WORD.findall(text)]
    numbers |= {float(_NUMBER_WORDS[word]) for word in words if word in _NUMBER_WORDS}
    months = frozenset(word for word in words if word in _MONTHS and word != "may")
    names = frozenset(name.lower() for name in _NAME.findall(text)
                      if name not in _NOT_NAMES and name.lower() not in STOPWORDS)
    up = sum(word in _UP for word in words)
    down = sum(word in _DOWN for word in words)
    negated = any(word in _NEGATIONS or word.endswith("n't") for word in words)
    return Facts(frozenset(numbers), months, names, frozenset(words), (up > down) - (down > up), negated)


def conflicts(a: Facts, b: Facts) -> list[str]:
    """Why two claims state different facts ([] when nothing they state disagrees)."""
    reasons = []
    # Numbers only conflict when both claims give some: "rose by 63,000" and "rose sharply" may be the same claim.
    if a.numbers and b.numbers and a.numbers != b.numbers:
        reasons.append("different numbers")
    if a.months and b.months and a.months.isdisjoint(b.months):
        reasons.append("different dates")
    # A name only one of them has is often a paraphrase ("the minister" / "Smith"); a name each has that the
    # other lacks is a substitution: another actor.
    if a.names - b.words and b.names - a.words:
        reasons.append("different names")
    if a.direction and b.direction and a.direction != b.direction:
        reasons.append("opposite directions")
    if a.negated != b.negated:
        reasons.append("one is negated")
    return reasons
