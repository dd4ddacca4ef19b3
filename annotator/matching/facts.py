"""The facts a claim states that wording cannot change: its numbers, dates, named actors and direction of change.

Two claims worded alike are not the same claim when one says "63,000 vehicles" and the other "36,000", or one says
prices "rose" and the other "fell": similarity scores see one digit or one word changed and call them near-copies.
"""
import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel
from functools import lru_cache

from .candidates import STOPWORDS

# A number as news text writes it: 63,000 · 4.5 · 1 200 (thin space) · 12%; "million"/"bn" scale it, so
# "6.3 million" and "6,300,000" are the same fact.
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[, \u00a0\u2009\u202f]\d{3}(?!\d))+|\d+(?:\.\d+)?)(\s*(?:%|per ?cent|percent))?"
                     r"(?:\s*(million|m|billion|bn|thousand|k|trillion|tn)\b)?", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12,
           "tn": 1e12}
# Written-out numbers a claim often carries instead of digits ("fourteen", "forty thousand", "sixty-three").
# "one" is left out: far more often a pronoun ("one of the") than a count.
_UNITS = {word: value for value, word in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen".split()) if word != "_"}
_TENS = {word: 10 * value for value, word in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
         if word != "_"}
_WORD_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
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
# "no" and "without" are left out: "at no cost", "without injuries" are how a claim is worded, not its denial.
_NEGATIONS = {"not", "never", "neither", "nor"}
_WORD = re.compile(r"[A-Za-z]+")
# A capitalised word that does not open its sentence: a name (a person, a country, a company), roughly. Kept rough
# on purpose: names only ever veto a match when each claim has a name the other does not mention at all. A
# sentence's first word is left out (it is capitalised anyway: "Spending", "Rainfall").
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)(?<!^[\"'‘“])\b((?:[A-Z][a-z]+|[A-Z]{2,}s?)\b(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,}s?)\b)*)")
# A month that is also a word: May only counts next to a day number.
_MONTH = re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December)\b|"
                    r"(?<=\d )May\b|\bMay(?= \d)")
# Words of opposite meaning the direction words do not cover; a word and its un-/in-/il-/dis-/non- form too.
_OPPOSITES = [("approved", "rejected"), ("approve", "reject"), ("approves", "rejects"), ("lifted", "issued"),
              ("lift", "issue"), ("scrap", "impose"), ("scrapped", "imposed"), ("scraps", "imposes"),
              ("backed", "rejected"), ("backs", "rejects"), ("accepted", "rejected"), ("won", "lost"),
              ("win", "lose"), ("allowed", "banned"), ("opened", "closed"), ("open", "closed"),
              ("reopened", "closed"), ("guilty", "innocent"), ("passed", "rejected"), ("pass", "rejected"), ("pass", "reject"), ("support", "oppose"),
              ("supported", "opposed"), ("before", "after"), ("added", "removed"), ("hired", "fired"),
              ("legal", "illegal"), ("confirmed", "denied"), ("included", "excluded"), ("ahead", "behind")]
_PREFIXES = ("un", "in", "il", "im", "ir", "dis", "non")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "Its", "It", "He", "She", "They", "We", "I", "This", "That",
              "These", "Those", "But", "And", "Or", "Mr", "Mrs", "Ms", "Dr", "Last", "Next", "According", "Some",
              "Most", "More", "Many", "Per", "Of", "For", "By", "To", "From", "With", "As", "Our", "Their", "His",
              "Her", "There", "After", "Before", "Since", "Over", "Under", "All", "Every", "Each", "No", "Not",
              *(month.capitalize() for month in _MONTHS), "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Saturday", "Sunday", "Prime", "Minister", "President", "Government", "Chancellor", "Secretary"}


@dataclass(frozen=True)
class Facts:
    numbers: frozenset = frozenset()
    tokens: tuple = ()  # the words as written, capitals kept
    months: frozenset = frozenset()
    names: frozenset = frozenset()
    words: tuple = ()
    direction: int = 0  # +1 up, -1 down, 0 neither or both
    negated: bool = False


def _number(digits: str, percent: str, scale: str) -> float:
    value = float(re.sub(r"[, \u00a0\u2009\u202f]", "", digits))
    if scale:
        value *= _SCALES[scale.lower()]
    return round(value, 6)


def _word_numbers(words: list[str]) -> set[float]:
    """The values of runs of number words: "forty thousand" 40,000, "sixty three" 63."""
    found, total, current, in_run = set(), 0.0, 0.0, False
    for word in [*words, ""]:
        if word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
            in_run = True
        elif word in _WORD_SCALES and in_run:
            if word == "hundred":
                current *= 100
            else:
                total, current = total + current * _WORD_SCALES[word], 0.0
        elif in_run:
            found.add(float(total + current))
            total, current, in_run = 0.0, 0.0, False
    return found


# The same earlier claims are candidates for claim after claim of an import: their facts are read once.
@lru_cache(maxsize=50_000)
def facts_of(text: str) -> Facts:
    """The numbers (scaled), months, names, direction and negation a claim states."""
    numbers = {_number(*found.groups()) for found in _NUMBER.finditer(text)}
    words = [word.lower() for word in _WORD.findall(text)]
    numbers |= _word_numbers(words)
    months = frozenset(found.group(0).lower() for found in _MONTH.finditer(text))
    # Each name as a phrase of its words ("mayor ines calder"), common capitalised words left out.
    names = frozenset(phrase for phrase in (
        tuple(word.lower() for word in name.split() if word not in _NOT_NAMES and word.lower() not in STOPWORDS)
        for name in _NAME.findall(text)) if phrase)
    up = sum(word in _UP for word in words)
    down = sum(word in _DOWN for word in words)
    negated = any(word in _NEGATIONS for word in words) or "n't" in text or "n’t" in text
    return Facts(frozenset(numbers), tuple(_WORD.findall(text)), months, names, tuple(words),
                 (up > down) - (down > up), negated)


# Each word of _OPPOSITES with the words opposite it.
_OPPOSITE = {}
for _x, _y in _OPPOSITES:
    _OPPOSITE.setdefault(_x, set()).add(_y)
    _OPPOSITE.setdefault(_y, set()).add(_x)


def _opposite_words(a: set, b: set) -> bool:
    """Whether one claim has a word whose opposite the other has instead ("approved" / "rejected", "lawful" /
    "unlawful")."""
    a, b = a | {word[:-2] for word in a if word.endswith("ly")}, b | {word[:-2] for word in b if word.endswith("ly")}
    only_a, only_b = a - b, b - a
    for word in only_a:
        opposites = _OPPOSITE.get(word, set()) | {prefix + word for prefix in _PREFIXES}
        opposites |= {word[len(prefix):] for prefix in _PREFIXES if word.startswith(prefix)}
        if opposites & only_b:
            return True
    return False


def _content(words) -> tuple:
    return tuple(word for word in words if word not in STOPWORDS and len(word) > 1)


def _swapped(a: Facts, b: Facts) -> bool:
    """Two stretches of the same words traded places, all else the same: "A buys B" / "B buys A", "ordered X to
    pay Y" / "ordered Y to pay X". A passive paraphrase moves words around too, but not as one exchange."""
    x, y = _content(a.words), _content(b.words)
    if len(x) != len(y) or x == y or sorted(x) != sorted(y):
        return False
    first = next(i for i in range(len(x)) if x[i] != y[i])
    last = max(i for i in range(len(x)) if x[i] != y[i]) + 1
    left, right = x[first:last], y[first:last]
    for size_a in range(1, len(left)):
        for size_b in range(1, len(left) - size_a + 1):
            one, middle, other = left[:size_a], left[size_a:len(left) - size_b], left[len(left) - size_b:]
            # Something stands between the two ("buy", "to pay"): two words merely traded ("recalled cars" /
            # "cars were recalled") is the passive voice.
            if middle and one != other and right == other + middle + one:
                return True
    return False


def _changes(x, y) -> list[tuple]:
    """The stretches where two word sequences differ, as (x from, x to, y from, y to): a word replaced by another
    is one stretch with words on both sides; one only added or dropped has words on one side."""
    blocks = []
    for op in Indel.opcodes(x, y):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1] = (blocks[-1][0], op.src_end, blocks[-1][2], op.dest_end)
        else:
            blocks.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return blocks


def _unmentioned(names, words) -> set:
    """The name phrases none of whose words the other claim has."""
    return {phrase for phrase in names if not set(phrase) & words}


def _name_swapped(a: Facts, b: Facts) -> bool:
    """The same sentence but for one capitalised word or two replaced by another: "Eskaland exported" / "Castria
    exported" (a sentence's first word, which names miss)."""
    changes = _changes(a.tokens, b.tokens)
    if len(changes) != 1:
        return False
    i1, i2, j1, j2 = changes[0]
    return i1 < i2 and j1 < j2 and i2 - i1 <= 2 and j2 - j1 <= 2 and all(word[0].isupper() and word not in _NOT_NAMES
                                                 for word in a.tokens[i1:i2] + b.tokens[j1:j2])


def reworded(a: Facts, b: Facts) -> bool:
    """Whether a content word of one claim stands where the other has another word ("students" / "pensioners").

    Such a pair may be a synonym ("shut" / "close") or another actor: a person decides, so it is never linked
    automatically. Words added or dropped (an attribution, "He said") and a changed quote style or digit
    separator do not count.
    """
    for i1, i2, j1, j2 in _changes(a.words, b.words):
        if i1 < i2 and j1 < j2 and any(word not in STOPWORDS for word in a.words[i1:i2] + b.words[j1:j2]):
            return True
    return False


def _stems(words) -> set:
    return {word[:5] for word in _content(words)}


def conflicts(a: Facts, b: Facts) -> list[str]:
    """Why two claims state different facts ([] when nothing they state disagrees)."""
    reasons = []
    # A number only one claim gives is often wording ("the two companies", "in the twelve months to"); a number
    # each gives that the other lacks is another value: 63,000 / 36,000, "about 60,000" / 63,000.
    if a.numbers - b.numbers and b.numbers - a.numbers:
        reasons.append("different numbers")
    if a.months and b.months and a.months.isdisjoint(b.months):
        reasons.append("different dates")
    # A name only one of them has is often a paraphrase ("the minister" / "Smith"); a name each has that the
    # other does not mention is a substitution: another actor.
    if (_unmentioned(a.names, set(b.words)) and _unmentioned(b.names, set(a.words))) or _name_swapped(a, b):
        reasons.append("different names")
    if _swapped(a, b):
        reasons.append("roles swapped")
    if a.direction and b.direction and a.direction != b.direction:
        reasons.append("opposite directions")
    # A denial of the same words ("approved" / "did not approve"); a paraphrase that words a negation its own
    # way ("did not consider" / "failed to assess") shares too few words to be read as one.
    stems_a, stems_b = _stems(a.words), _stems(b.words)
    if a.negated != b.negated and len(stems_a & stems_b) >= 0.5 * len(stems_a | stems_b):
        reasons.append("one is negated")
    elif _opposite_words(set(a.words), set(b.words)):
        reasons.append("opposite words")
    return reasons
