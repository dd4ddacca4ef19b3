"""Split an article into sentences and claims, merging repeated pull quotes and naming each by a key phrase."""
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from .suggest import suggest


@dataclass(frozen=True)
class Sentence:
    """A sentence with its exact place in the article: text == article[start:end]."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """A checkable claim at its first place, with every other place its text appears."""

    text: str
    start: int
    end: int
    key_phrase: str
    suggestion: str
    cue: str
    reason: str
    places: tuple[tuple[int, int], ...]


def claim_to_dict(claim: Claim) -> dict:
    """The claim as plain JSON-ready values, places as [start, end] lists."""
    return {
        "text": claim.text, "start": claim.start, "end": claim.end, "key_phrase": claim.key_phrase,
        "suggestion": claim.suggestion, "cue": claim.cue, "reason": claim.reason,
        "places": [list(place) for place in claim.places],
    }


# --- Sentences ---------------------------------------------------------------------------------------------

# Every kind of line break ends a sentence: each line of an article is a paragraph or a headline.
_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
# A candidate end: a whole run of end marks with any closing quotes or brackets, then a space.
# Possessive quantifiers and the look-behind keep the scan linear even on a line of a million dots.
_END = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[]*(\S*)")
_LAST_WORD = re.compile(r"\S*\Z")
# The word before an end is only read this far back: enough to recognise any abbreviation.
_LOOK_BACK = 16
# A quotation closed on the same line is kept whole, like "...for Xiaomi. Xiaomi selected ... giant."
_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"]*\"")
_OPENERS = "\"'“‘«(["

# Abbreviations that never end a sentence.
_TITLES = frozenset("""mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr rev hon pres supt st mt
    vs v e.g i.e cf approx""".split())
# Abbreviations that end a sentence unless a number follows: "No. 5", "p. 12".
_BEFORE_NUMBER = frozenset("no nos vol vols p pp fig figs art sec ch op".split())
# Abbreviations that may end a sentence; they do when a word that usually starts one follows.
_AMBIGUOUS = frozenset("""inc ltd corp co llc plc bros jr sr etc al
    jan feb mar apr jun jul aug sep sept oct nov dec""".split())
_INITIAL_OR_ACRONYM = re.compile(r"(?:\w\.)*[A-Za-z]")
_LEADING_WORD = re.compile(r"\w*")
_SENTENCE_STARTERS = frozenset("""the a an it its he she they we i you this that these those there here
    but and or so yet in on at for if when while after before as however meanwhile still also his her their
    our my some many most now then what why how who where one both neither each all last next""".split())


def _is_abbreviation_end(word: str, next_word: str) -> bool:
    """Whether the period after word marks an abbreviation rather than the sentence's end."""
    word = word.lstrip(_OPENERS)
    key = word.casefold()
    if key in _TITLES:
        return True
    if key in _BEFORE_NUMBER:
        return next_word[0].isdigit()
    if key in _AMBIGUOUS or _INITIAL_OR_ACRONYM.fullmatch(word):
        return _LEADING_WORD.match(next_word).group().casefold() not in _SENTENCE_STARTERS
    return False


def _ends_sentence(word: str, marks: str, next_word: str) -> bool:
    """Whether end marks between word and next_word end a sentence."""
    if not next_word:
        return False
    first = next_word[0]
    # "iPhone" and "eBay" start with a lower-case letter but may still start a sentence.
    if (first.islower() and not next_word[1:2].isupper()) or first in ",;:.…":
        return False
    return marks != "." or not _is_abbreviation_end(word, next_word)


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets inside text[start:end] where a sentence ends."""
    quotations = [match.span() for match in _QUOTATION.finditer(text, start, end)]
    quotation_starts = [q_start for q_start, _ in quotations]
    ends = []
    for match in _END.finditer(text, start, end):
        boundary = match.end()
        # Quotations do not overlap, so only the last one opened before the boundary can hold it.
        opened = bisect_right(quotation_starts, boundary - 1) - 1
        if opened >= 0 and boundary < quotations[opened][1]:
            continue
        word = _LAST_WORD.search(text, max(start, match.start() - _LOOK_BACK), match.start()).group()
        next_word = _NEXT_WORD.match(text, boundary, end).group(1)
        if _ends_sentence(word, match.group(), next_word):
            ends.append(boundary)
    return ends


def _stripped(text: str, start: int, end: int) -> Sentence | None:
    """text[start:end] without surrounding whitespace, or None when nothing is left."""
    piece = text[start:end]
    core = piece.strip()
    if not core:
        return None
    start += len(piece) - len(piece.lstrip())
    return Sentence(core, start, start + len(core))


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of text in order, each line ending one; offsets are exact."""
    sentences = []
    for line in _LINE.finditer(text):
        cuts = [line.start(), *_sentence_ends(text, *line.span()), line.end()]
        for start, end in zip(cuts, cuts[1:]):
            sentence = _stripped(text, start, end)
            if sentence:
                sentences.append(sentence)
    return sentences


# --- Claims and repeated pull quotes ---------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")
_IS_WORD = re.compile(r"\w").match
_QUOTES = str.maketrans("‘’‚‛ʼ“”„‟«»", "'''''\"\"\"\"\"\"")
# A standalone sentence is looked for inside longer ones only when it has this many words,
# so a short line such as "It is." is not found inside every sentence that says so ...
_MIN_EMBEDDED_WORDS = 6
# ... and at most this many tokens: a pull quote is one sentence, and the bound keeps the search linear
# even when a long sentence's first tokens recur all over a text.
_MAX_EMBEDDED_TOKENS = 120
# Candidates inside longer sentences are found by their first tokens through a hash map.
_ANCHOR_TOKENS = 4


def _tokens(text: str) -> list[str]:
    """Words and single marks, case- and quote-folded; spacing is dropped."""
    return [token.casefold() for token in _TOKEN.findall(text.translate(_QUOTES))]


def _trimmed(tokens: list[str]) -> tuple[str, ...]:
    """Tokens from the first word to the last, or all of them when there is no word."""
    words = [i for i, token in enumerate(tokens) if _IS_WORD(token)]
    if not words:
        return tuple(tokens)
    return tuple(tokens[words[0]:words[-1] + 1])


def normalised(text: str) -> tuple[str, ...]:
    """What repeats are compared by: words and marks, ignoring case, spacing, quote style and edge marks."""
    return _trimmed(_tokens(text))


def _embedded_places(sentences: list[Sentence], tokens: list[list[str]],
                     keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Places where a standalone sentence also appears inside a longer sentence, by the standalone's key."""
    lengths_by_anchor = defaultdict(set)
    known = set(keys)
    for key in known:
        words = sum(1 for token in key if _IS_WORD(token))
        if words >= _MIN_EMBEDDED_WORDS and len(key) <= _MAX_EMBEDDED_TOKENS:
            lengths_by_anchor[key[:_ANCHOR_TOKENS]].add(len(key))
    places = defaultdict(list)
    for sentence, sentence_tokens, own_key in zip(sentences, tokens, keys):
        spans = None
        for i in range(len(sentence_tokens) - _ANCHOR_TOKENS + 1):
            for length in lengths_by_anchor.get(tuple(sentence_tokens[i:i + _ANCHOR_TOKENS]), ()):
                found = tuple(sentence_tokens[i:i + length])
                if len(found) < length or found == own_key or found not in known:
                    continue
                spans = spans or [match.span() for match in _TOKEN.finditer(sentence.text)]
                places[found].append((sentence.start + spans[i][0], sentence.start + spans[i + length - 1][1]))
    return places


def _claim(sentences: list[Sentence], embedded: list[tuple[int, int]]) -> Claim:
    """One claim from the sentences that repeat it and the places it appears inside longer ones."""
    first = sentences[0]
    others = sorted([(s.start, s.end) for s in sentences[1:]] + embedded)
    suggestion = suggest(first.text)
    return Claim(first.text, first.start, first.end, key_phrase(first.text),
                 suggestion.verdict, suggestion.cue, suggestion.reason, ((first.start, first.end), *others))


def split_claims(text: str) -> list[Claim]:
    """The claims of an article in order of first appearance, each repeat merged into one claim."""
    sentences = split_sentences(text)
    tokens = [_tokens(sentence.text) for sentence in sentences]
    keys = [_trimmed(sentence_tokens) for sentence_tokens in tokens]
    repeats = defaultdict(list)
    for sentence, key in zip(sentences, keys):
        repeats[key].append(sentence)
    embedded = _embedded_places(sentences, tokens, keys)
    return [_claim(group, embedded.get(key, [])) for key, group in repeats.items()]


# --- Key phrases -------------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|‘([^‘’]+)’(?!\w)")
_PHRASE_TOKEN = re.compile(r"(\w(?:[\w'’.\-]*\w)?)|[^\w\s]")
_CURRENCY = "$€£¥₩"
_MAX_PHRASE_WORDS = 5
_STOPWORDS = frozenset("""a an the this that these those its it it's itself their theirs they them he him his
    she her hers we us our you your i me my mine who whom whose which what where when why how whether if
    and or but nor so yet as than then also too very just only even still already always never ever now
    today yesterday tomorrow here there again once however though although while because since until
    of in on at by for from to with without into onto over under about above below between among through
    during before after around against across along away off out up down near beyond within upon per via
    is are was were be been being am has have had having do does did doing will would shall should can
    could may might must not no yes all any both each every few more most other others some such own same
    many much several enough another like unlike says say said told reported according shows show
    makes make made gets get got goes go went""".split())
_MAIN_VERBS = frozenset("""is are was were has have had will would can could may might must should shall
    does do did says say said told reported shows show it's that's there's""".split())
_MARKERS = frozenset("""only first sole largest biggest smallest highest lowest best worst fastest slowest
    most least top leading oldest newest""".split())
_DETERMINERS = frozenset("the its their his her our a an".split())


def _is_content(word: str, key: str) -> bool:
    """Whether a word can be part of a key phrase: not a mark, a stopword, an adverb or a past tense."""
    if not word or key in _STOPWORDS or key.endswith("n't"):
        return False
    # Adverbs ("officially") and past tenses ("inked") rarely name a claim; capitalised names are kept.
    return not (word.islower() and len(key) > 4 and key.endswith(("ly", "ed")))


def _runs(words: list[str], content: list[bool]) -> list[list[int]]:
    """Maximal runs of content words by index, split where a lower-case word meets a name ("giants Gmarket")."""
    runs = []
    for i, word in enumerate(words):
        if not content[i]:
            continue
        if runs and runs[-1][-1] == i - 1 and not (words[i - 1][0].islower() and word[0].isupper()):
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


class _Words:
    """A claim's words and marks (a mark is the word ""), with what the key-phrase rules ask of each."""

    def __init__(self, text: str):
        self.text = text
        self.matches = list(_PHRASE_TOKEN.finditer(text))
        self.words = [match[1] or "" for match in self.matches]
        self.keys = [word.replace("’", "'").casefold() for word in self.words]
        self.content = [_is_content(word, key) for word, key in zip(self.words, self.keys)]
        self.runs = _runs(self.words, self.content)

    def phrase(self, indices: list[int]) -> str:
        """The text from the first to the last of at most five words, with a currency sign just before it."""
        indices = indices[:_MAX_PHRASE_WORDS]
        start = self.matches[indices[0]].start()
        if start and self.text[start - 1] in _CURRENCY:
            start -= 1
        return self.text[start:self.matches[indices[-1]].end()]


def _quoted_phrase(text: str) -> str | None:
    """A short quotation without the punctuation that closes it; a long one is named by its first phrase."""
    for match in _QUOTED.finditer(text):
        quotation = next(group for group in match.groups() if group is not None).strip().rstrip(".,;:!?… ")
        if len(quotation.split()) > _MAX_PHRASE_WORDS:
            words = _Words(quotation)
            run = next((run for run in words.runs if len(run) >= 2), None)
            quotation = run and words.phrase(run)
        if quotation:
            return quotation
    return None


def _number_phrase(words: _Words) -> str | None:
    """A number and the words it counts: "50 million iPhones", "$1.5bn deal"."""
    for run in words.runs:
        for position, i in enumerate(run[:-1]):
            if words.words[i][0].isdigit():
                return words.phrase(run[position:])
    return None


def _marked_phrase(words: _Words) -> str | None:
    """"the only official dealers" -> "only official dealers": a superlative and the words it describes."""
    for i in range(1, len(words.words) - 1):
        if words.keys[i - 1] in _DETERMINERS and words.keys[i] in _MARKERS and words.content[i + 1]:
            end = i + 1
            while end < len(words.words) and words.content[end]:
                end += 1
            return words.phrase(list(range(i, end)))
    return None


def _named_thing(words: _Words) -> str | None:
    """A name of two or more capitalised words and the nouns after it: "Mi Pay patent"."""
    for run in words.runs:
        capitals = 0
        for position, i in enumerate(run):
            if words.words[i][0].isupper():
                capitals += 1
            elif capitals >= 2:
                return words.phrase(run[position - capitals:])
            else:
                capitals = 0
    return None


def _predicate_phrase(words: _Words) -> str | None:
    """The longest run of two or more content words after the main verb, else anywhere; nouns win ties."""
    verb = next((i for i, key in enumerate(words.keys) if key in _MAIN_VERBS or key.endswith("n't")), -1)
    for candidates in ([run for run in words.runs if run[0] > verb], words.runs):
        longest = max(candidates, default=[],
                      key=lambda run: (len(run), any(words.words[i].islower() for i in run)))
        if len(longest) >= 2:
            return words.phrase(longest)
    return None


def key_phrase(text: str) -> str:
    """A short phrase a person names the claim by: a quoted phrase, else the most specific words."""
    quoted = _quoted_phrase(text)
    if quoted:
        return quoted
    words = _Words(text)
    phrase = _number_phrase(words) or _marked_phrase(words) or _named_thing(words) or _predicate_phrase(words)
    if phrase:
        return phrase
    content = [word for word, is_content in zip(words.words, words.content) if is_content]
    fallback = content or [word for word in words.words if word]
    return " ".join(fallback[:_MAX_PHRASE_WORDS])
