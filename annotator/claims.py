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
    """A claim at its first place, with every other place its text appears, and the verdict suggested for it.

    A sentence that is not a claim (a question, a date line, a caption) is kept with is_claim False and the
    reason, so it can be shown in place but left out of the review count.
    """

    text: str
    start: int
    end: int
    key_phrase: str
    suggestion: str
    confidence: float
    cue: str
    explanation: str
    places: tuple[tuple[int, int], ...]
    is_claim: bool = True
    reason: str = ""


def claim_to_dict(claim: Claim) -> dict:
    """The claim as plain JSON-ready values, places as [start, end] lists."""
    return {
        "text": claim.text, "start": claim.start, "end": claim.end, "key_phrase": claim.key_phrase,
        "suggestion": claim.suggestion, "confidence": claim.confidence, "cue": claim.cue,
        "explanation": claim.explanation, "places": [list(place) for place in claim.places],
        "is_claim": claim.is_claim, "reason": claim.reason,
    }


# --- Sentences ---------------------------------------------------------------------------------------------

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
# A quotation closed on the same line is kept whole, like "...for Xiaomi. Xiaomi selected ... giant."
_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"]*\"")
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
    quotations = [match.span() for match in _QUOTATION.finditer(text, start, end)]
    quotation_starts = [q_start for q_start, _ in quotations]
    item_starts, marker_marks = _list_items(text, start, end)
    ends, ellipses = _spaced_ellipsis_ends(text, start, end)
    ellipsis_starts = [e_start for e_start, _ in ellipses]
    sentence_start = start
    for match in _END.finditer(text, start, end):
        boundary = match.end()
        # Quotations do not overlap, so only the last one opened before the boundary can hold it.
        opened = bisect_right(quotation_starts, boundary - 1) - 1
        if opened >= 0 and boundary < quotations[opened][1]:
            continue
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
    """The sentences of text in order, each line ending one; offsets are exact."""
    sentences = []
    for line in _LINE.finditer(text):
        cuts = [line.start(), *_sentence_ends(text, *line.span()), line.end()]
        for start, end in zip(cuts, cuts[1:]):
            sentence = _stripped(text, start, end)
            if sentence:
                sentences.append(sentence)
    return sentences


# --- Clauses -----------------------------------------------------------------------------------------------

# Where a sentence may carry two claims: a semicolon, "but" or "yet" (with or without a comma), ", and".
_JOINER = re.compile(r"\s*;\s+|,\s+(?:but|yet|and)\s+|\s+but\s+")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"\w[\w'’.\-]*")
# Each side of a split keeps at least this many words: "It is, but so what" stays whole.
_MIN_CLAUSE_WORDS = 4
# The subject of a right-hand clause is at most this many words before its verb: "the Central Weather Bureau
# in Taiwan says ...". A longer run is more likely a list than a subject.
_MAX_SUBJECT_WORDS = 6
_AUXILIARIES = frozenset("""is are was were be been am has have had will would can could may might must shall
    should does do did isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't
    mustn't shouldn't doesn't don't didn't""".split())
_COMMON_VERBS = frozenset("""say says said tell tells told report reports reported show shows showed look looks
    looked seem seems seemed appear appears appeared remain remains remained become becomes became plan plans
    planned expect expects expected sell sells sold make makes made get gets got go goes went take takes took
    give gives gave know knows knew think thinks thought find finds found keep keeps kept hold holds held
    lead leads led need needs needed want wants wanted come comes came leave leaves left win wins won lose
    loses lost pay pays paid buy buys bought cost costs rise rises rose fall falls fell grow grows grew
    believe believes believed claim claims claimed""".split())
_PRONOUNS = frozenset("he she it they we i you there this that these those".split())
# Words that open a phrase but never a subject: "but still has not ...", "and if the proposal ...".
_NOT_SUBJECT = frozenset("""to that which who whom whose if when whether because although though while
    as since until unless so then still also only even just yet not never already again""".split())


def _words(text: str) -> list[str]:
    """The words of text, lower case, with straight apostrophes."""
    return [word.replace("’", "'").casefold() for word in _WORD.findall(text)]


def _is_verb(word: str) -> bool:
    """Whether a lower-case word is one of the verbs a clause is recognised by."""
    return word in _AUXILIARIES or word in _COMMON_VERBS


def _has_verb(words: list[str]) -> bool:
    """Whether words look like a clause: a known verb, or a past tense such as "inked"."""
    return any(_is_verb(word) or (len(word) > 4 and word.endswith("ed")) for word in words)


def _starts_with_subject(words: list[str]) -> bool:
    """Whether words open with a subject and its verb: "they will ...", "the paper says ..."."""
    if not words or words[0] in _NOT_SUBJECT:
        return False
    if words[0] in _PRONOUNS:
        # After a pronoun comes the verb, perhaps after one adverb: "they still have".
        return any(_is_verb(word) or word.endswith(("s", "ed")) for word in words[1:3])
    for word in words[1:_MAX_SUBJECT_WORDS + 1]:
        if _is_verb(word):
            return True
        if word in _NOT_SUBJECT:
            return False
    return False


def _is_clause_split(joiner: str, left: str, right: str) -> bool:
    """Whether the two sides of a joiner are each a claim with its own subject and verb."""
    left_words, right_words = _words(left), _words(right)
    if len(left_words) < _MIN_CLAUSE_WORDS or len(right_words) < _MIN_CLAUSE_WORDS or not _has_verb(left_words):
        return False
    # A semicolon joins whole clauses by definition, so a verb on the right is enough; after "but" or "and"
    # the right side must open with its own subject ("but they will ...", not "but had to close ...").
    if ";" in joiner:
        return _has_verb(right_words)
    return _starts_with_subject(right_words)


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence as one piece, or as its clauses when it joins two checkable claims; offsets are exact."""
    text = sentence.text
    # A joiner inside a quotation or parenthesis belongs to what is quoted, not to the claim's structure.
    guarded = [match.span() for pattern in (_QUOTATION, _PARENTHESIS) for match in pattern.finditer(text)]
    pieces, piece_start = [], 0
    for joiner in _JOINER.finditer(text):
        if any(start < joiner.start() < end for start, end in guarded):
            continue
        left, right = text[piece_start:joiner.start()], text[joiner.end():]
        if _is_clause_split(joiner.group(), left, right):
            pieces.append((piece_start, joiner.start()))
            piece_start = joiner.end()
    if not pieces:
        return [sentence]
    pieces.append((piece_start, len(text)))
    return [Sentence(text[start:end], sentence.start + start, sentence.start + end) for start, end in pieces]


# --- Not a claim -------------------------------------------------------------------------------------------

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
# "Monday, April 6, 2009" or "6 April 2009" alone on a line: when, not what.
_DATE_LINE = re.compile(rf"(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?|\d{{1,2}}\s+{_MONTH},?)\s+\d{{4}}\.?")
# "Image: NASA.", "Map highlighting the epicenter.", "The marker shows the epicenter of the earthquake."
_CAPTION = re.compile(r"(?:(?:Image|Photo|Picture|Video|Map|Chart|Graphic|Credit|Caption)s?\s*:"
                      r"|(?:Map|Photo|Image|Picture|Chart|Graphic)s?\s+(?:of|showing|highlighting|shows)\b"
                      r"|The\s+(?:map|marker|image|photo|picture|chart|graphic)\s+(?:shows|highlights)\b)")
_CLOSING = "\"'”’»)] "
# A line with fewer content words than this ("Sources", "It is.", "Here's why.") has nothing to check.
_MIN_CONTENT_WORDS = 2


def not_a_claim_reason(text: str) -> str:
    """Why a sentence is not a claim to check ("a question", "a date line" ...), or "" when it is one."""
    if text.rstrip(_CLOSING).endswith("?"):
        return "a question"
    if _DATE_LINE.fullmatch(text):
        return "a date line"
    if _CAPTION.match(text):
        return "a caption or credit"
    content = [word for word in _words(text) if word not in _STOPWORDS]
    if len(content) < _MIN_CONTENT_WORDS and not any(char.isdigit() for char in text):
        return "nothing checkable"
    return ""


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


def _claim(pieces: list[Sentence], embedded: list[tuple[int, int]]) -> Claim:
    """One claim from the pieces that repeat it and the places it appears inside longer ones."""
    first = pieces[0]
    others = sorted([(piece.start, piece.end) for piece in pieces[1:]] + embedded)
    suggestion = suggest(first.text)
    reason = not_a_claim_reason(first.text)
    return Claim(first.text, first.start, first.end, key_phrase(first.text), suggestion.verdict,
                 suggestion.confidence, suggestion.cue, suggestion.explanation,
                 ((first.start, first.end), *others), is_claim=not reason, reason=reason)


def split_claims(text: str) -> list[Claim]:
    """The claims of an article in order of first appearance: clauses of sentences, each repeat merged."""
    # Clauses are split before repeats are merged: a pull quote is split exactly like the sentence it
    # repeats, so each of its clauses merges with its twin.
    pieces = [clause for sentence in split_sentences(text) for clause in split_clauses(sentence)]
    tokens = [_tokens(piece.text) for piece in pieces]
    keys = [_trimmed(piece_tokens) for piece_tokens in tokens]
    repeats = defaultdict(list)
    for piece, key in zip(pieces, keys):
        repeats[key].append(piece)
    embedded = _embedded_places(pieces, tokens, keys)
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
    makes make made gets get got goes go went forever
    clear unclear look looks seem seems appear appears likely unlikely probably possibly perhaps
    certainly exactly rare""".split())
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
        # A single quoted word is a scare quote or a nickname ("issues", "hoverboard"), too vague to name a claim.
        if len(quotation.split()) == 1:
            continue
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


# "It’s not clear if ...", "It is likely that ...": the claim is what follows the frame.
_HEDGE_FRAME = re.compile(r"(?i)(?:but\s+|and\s+)?it(?:[’']s|\s+is|\s+was)\s+(?:not\s+)?"
                          r"(?:clear|unclear|likely|unlikely|possible|rare|certain)\s+(?:if|whether|that|to)\s+")


def _framed_phrase(text: str) -> str | None:
    """What a hedge frame is about, when it is short: "Xiaomi officially backed those sales"."""
    frame = _HEDGE_FRAME.match(text)
    if not frame:
        return None
    rest = text[frame.end():].rstrip(_CLOSING + ".!…")
    return rest if 2 <= len(rest.split()) <= _MAX_PHRASE_WORDS else None


def _subject_phrase(words: _Words) -> str | None:
    """The subject after a determiner when the rest names nothing: "their embargo"."""
    verb = next((i for i, key in enumerate(words.keys) if key in _MAIN_VERBS or key.endswith("n't")), 0)
    for i in range(verb - 1):
        if words.keys[i] in _DETERMINERS and words.content[i + 1]:
            end = i + 1
            while end < verb and words.content[end]:
                end += 1
            return words.phrase(list(range(i, end)))
    return None


def _content_span(words: _Words) -> str:
    """The text from the first to the last content word when short ("Samsung and LG"), else the first ones."""
    content = [i for i, is_content in enumerate(words.content) if is_content]
    if content and content[-1] - content[0] < _MAX_PHRASE_WORDS:
        return words.phrase(list(range(content[0], content[-1] + 1)))
    fallback = [words.words[i] for i in content] or [word for word in words.words if word]
    return " ".join(fallback[:_MAX_PHRASE_WORDS])


def key_phrase(text: str) -> str:
    """A short phrase a person names the claim by: a quoted phrase, else the most specific words."""
    quoted = _quoted_phrase(text)
    if quoted:
        return quoted
    words = _Words(text)
    return (_number_phrase(words) or _marked_phrase(words) or _named_thing(words) or _predicate_phrase(words)
            or _framed_phrase(text) or _subject_phrase(words) or _content_span(words))
