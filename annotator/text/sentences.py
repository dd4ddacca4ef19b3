"""Text -> sentence spans: each line a paragraph, sentences inside a quotation each their own unit."""
import re
from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence with its exact place in the article: text == article[start:end]."""

    text: str
    start: int
    end: int


# Every kind of line break ends a sentence: each line of an article is a paragraph or a headline.
_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# A candidate end: a whole run of end marks with any closing quotes or brackets, then a space.
# Possessive quantifiers and the look-behind keep the scan linear even on a line of a million dots.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)")
_CLOSERS = re.compile(r"[\"'”’»)\]]*+")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[]*(\S*)")
# The last two words before an end, read only this far back: enough for any abbreviation and the name before it.
_LAST_WORDS = re.compile(r"(?:(\S+)\s+)?(\S*)\Z")
_LOOK_BACK = 40
_OPENERS = "\"'“‘«(["
# ". . ." is an ellipsis typed with spaces; its dots are judged together, not one by one.
_SPACED_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]\.){2,}")
# A list written on one line: "1. The first item 2. The second item", "• The first • The second".
_BULLETS = "•⁃▪‣◦"
_LIST_MARKER = re.compile(rf"([{_BULLETS}])?[ \t]*(?:(\d{{1,3}}|[a-z])(\.\)|\.|\)))?(?=\s)")

# Abbreviations that never end a sentence.
_TITLES = frozenset("""mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr rev hon pres supt st mt
    vs v e.g i.e cf approx""".split())
# Abbreviations that end a sentence unless a number follows: "No. 5", "p. 12", "N°. 1026".
_BEFORE_NUMBER = frozenset("no nos n° vol vols p pp fig figs art sec ch op".split())
# Abbreviations that may end a sentence; they do when a word that usually starts one follows.
_AMBIGUOUS = frozenset("""inc ltd corp co llc plc bros jr sr etc al
    jan feb mar apr jun jul aug sep sept oct nov dec""".split())
_INITIAL_OR_ACRONYM = re.compile(r"(?:\w\.)*[A-Za-z]")
_LEADING_WORD = re.compile(r"\w*")
_SENTENCE_STARTERS = frozenset("""the a an it its he she they we i you this that these those there here
    but and or so yet in on at for if when while after before as however meanwhile still also his her their
    our my some many most now then what why how who where one both neither each all last next
    did does do is are was were has have had""".split())
# "at 6 p.m. Mr. Smith left" ends after "p.m." unless a time zone, day or month goes on with the time ...
_TIMES = frozenset(["a.m", "p.m"])
_TIME_WORDS = frozenset("""et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet local eastern central
    pacific mountain monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split())
# ... or the sentence so far is only an opening phrase: "At 5 a.m. Mr. Smith went to the bank."
_OPENING_PHRASE = re.compile(r"(?i)(?:at|by|from|until|till|after|before|around|about|since)\s+\S+\s+\S+\Z")


def _is_abbreviation_end(word: str, previous: str, next_word: str, opening: bool) -> bool:
    """Whether the period after word marks an abbreviation rather than the sentence's end."""
    word = word.lstrip(_OPENERS)
    key = word.casefold()
    next_key = _LEADING_WORD.match(next_word).group().casefold()
    if key in _TITLES:
        return True
    # A capital letter alone is an initial ("J. P. Morgan"), not "p." for page.
    if key in _BEFORE_NUMBER and not (len(word) == 1 and word.isupper()):
        return next_word[0].isdigit()
    if key in _TIMES:
        return opening or next_key in _TIME_WORDS
    if word == "I":
        # "Albert I. Jones" is a name, but "you and I. Did you ..." ends with the pronoun.
        return previous[:1].isupper() and next_key not in _SENTENCE_STARTERS
    if key in _AMBIGUOUS or _INITIAL_OR_ACRONYM.fullmatch(word):
        return next_key not in _SENTENCE_STARTERS
    return False


def _ends_sentence(previous: str, word: str, marks: str, next_word: str, opening: bool) -> bool:
    """Whether end marks between word and next_word end a sentence."""
    if not next_word:
        return False
    first = next_word[0]
    # "iPhone" and "eBay" start with a lower-case letter but may still start a sentence.
    if (first.islower() and not next_word[1:2].isupper()) or first in ",;:.…":
        return False
    return marks != "." or not _is_abbreviation_end(word, previous, next_word, opening)


def _successor(label: str) -> str:
    """The label of the next list item: "2" after "1", "b" after "a"."""
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _list_items(text: str, start: int, end: int) -> tuple[list[int], set[int]]:
    """Where the items of a list written on one line start, and the offsets of their markers' marks."""
    first = _LIST_MARKER.match(text, start, end)
    if not first or not (first[1] or first[2]):
        return [], set()
    bullet, close = first[1], first[3]
    starts, marks = [], set()
    marker = first
    while marker:
        starts.append(marker.start())
        if marker[2]:
            marks.update(range(marker.start(3), marker.end(3)))
        # The next item starts after a space with the same bullet, or with the next label closed the same way.
        pattern = re.escape(bullet) if bullet else rf"{re.escape(_successor(marker[2]))}{re.escape(close)}(?=\s)"
        found = re.compile(rf"(?<=\s){pattern}").search(text, marker.end(), end)
        marker = found and _LIST_MARKER.match(text, found.start(), end)
    return starts, marks


def _spaced_ellipsis_ends(text: str, start: int, end: int) -> tuple[list[int], list[tuple[int, int]]]:
    """Ends made by ellipses typed with spaces, and the spans of those ellipses.

    "compounds. . . . The" ends after the first dot, "a period . . . . Next" after the fourth;
    three spaced dots before a capital leave the sentence open ("the thing is . . . I didn’t").
    """
    ends, spans = [], []
    for run in _SPACED_ELLIPSIS.finditer(text, start, end):
        spans.append(run.span())
        if run.group().count(".") < 4:
            continue
        after = _CLOSERS.match(text, run.end(), end).end()
        next_word = _NEXT_WORD.match(text, after, end).group(1)
        if not next_word[:1].isupper():
            continue
        attached = run.start() > start and not text[run.start() - 1].isspace()
        ends.append(run.start() + 1 if attached else after)
    return ends, spans


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets inside text[start:end] where a sentence ends."""
    item_starts, marker_marks = _list_items(text, start, end)
    ends, ellipses = _spaced_ellipsis_ends(text, start, end)
    ellipsis_starts = [e_start for e_start, _ in ellipses]
    sentence_start = start
    for match in _END.finditer(text, start, end):
        boundary = match.end()
        inside = bisect_right(ellipsis_starts, match.start()) - 1
        if inside >= 0 and match.start() < ellipses[inside][1]:
            continue
        # A list marker's dot ("1.") and an elision in brackets ("[...]") never end a sentence.
        if match.start() in marker_marks or text[match.start() - 1] in "[(":
            continue
        previous, word = _LAST_WORDS.search(text, max(start, match.start() - _LOOK_BACK), match.start()).groups()
        next_word = _NEXT_WORD.match(text, boundary, end).group(1)
        opening = bool(_OPENING_PHRASE.fullmatch(text, sentence_start, match.end()))
        if _ends_sentence(previous or "", word, match.group(), next_word, opening):
            ends.append(boundary)
            sentence_start = _NEXT_WORD.match(text, boundary, end).start(1)
    return sorted({*ends, *item_starts})


def _stripped(text: str, start: int, end: int) -> Sentence | None:
    """text[start:end] without surrounding whitespace, or None when nothing is left."""
    piece = text[start:end]
    core = piece.strip()
    if not core:
        return None
    start += len(piece) - len(piece.lstrip())
    return Sentence(core, start, start + len(core))


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of text in order, each line ending one; offsets are exact.

    A quotation of several sentences is cut at its sentences (docs/labelling.md rule 1.3).
    """
    sentences = []
    for line in _LINE.finditer(text):
        cuts = [line.start(), *_sentence_ends(text, *line.span()), line.end()]
        for start, end in zip(cuts, cuts[1:]):
            sentence = _stripped(text, start, end)
            if sentence:
                sentences.append(sentence)
    return sentences


