"""Sentence -> its clauses, when it joins two checkable claims with "; ", ", but", ", yet" or ", and"."""
import re
from bisect import bisect_left

from .sentences import Sentence

# Where a sentence may carry two claims: a semicolon, "but" or "yet" (with or without a comma), ", and".
# Each alternative starts only where a run of spaces starts ((?<!\s)): tried at every space of a long run, "\s*;"
# re-read the rest of the run each time, quadratic in the run's length.
_JOINER = re.compile(r"(?<!\s)\s*;\s+|,\s+(?:but|yet|and)\s+|(?<!\s)\s+but\s+")
_PARENTHESIS = re.compile(r"\([^()]*\)")
# A quotation closed inside the sentence: a joiner in it belongs to what is quoted, not to the claim.
QUOTATION = re.compile(r"“[^“”]*”|\"[^\"]*\"")
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


def _is_verb(word: str) -> bool:
    """Whether a lower-case word is one of the verbs a clause is recognised by."""
    return word in _AUXILIARIES or word in _COMMON_VERBS


def _looks_like_verb(word: str) -> bool:
    """Whether a lower-case word marks a clause: a known verb, or a past tense such as "inked"."""
    return _is_verb(word) or (len(word) > 4 and word.endswith("ed"))


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


class _Tokens:
    """The words of a sentence once, with where each starts, so each joiner asks about its sides in O(log n)."""

    def __init__(self, text: str):
        matches = list(_WORD.finditer(text))
        self.starts = [match.start() for match in matches]
        self.words = [match[0].replace("’", "'").casefold() for match in matches]
        # verbs_before[i]: how many of the first i words look like a clause's verb.
        self.verbs_before = [0]
        for word in self.words:
            self.verbs_before.append(self.verbs_before[-1] + _looks_like_verb(word))

    def index(self, offset: int) -> int:
        """The index of the first word at or after offset."""
        return bisect_left(self.starts, offset)

    def has_verb(self, first: int, last: int) -> bool:
        """Whether words[first:last] hold a verb."""
        return self.verbs_before[last] > self.verbs_before[first]


def _is_clause_split(joiner: str, tokens: _Tokens, left_start: int, left_end: int, right_start: int) -> bool:
    """Whether the two sides of a joiner are each a claim with its own subject and verb."""
    first, left_last, right_first, last = (tokens.index(left_start), tokens.index(left_end),
                                           tokens.index(right_start), len(tokens.words))
    if (left_last - first < _MIN_CLAUSE_WORDS or last - right_first < _MIN_CLAUSE_WORDS
            or not tokens.has_verb(first, left_last)):
        return False
    # A semicolon joins whole clauses by definition, so a verb on the right is enough; after "but" or "and"
    # the right side must open with its own subject ("but they will ...", not "but had to close ...").
    if ";" in joiner:
        return tokens.has_verb(right_first, last)
    return _starts_with_subject(tokens.words[right_first:right_first + _MAX_SUBJECT_WORDS + 1])


def _guarded_mask(text: str) -> bytearray:
    """1 at each offset inside a quotation or parenthesis: a joiner there belongs to what is quoted."""
    mask = bytearray(len(text))
    for pattern in (QUOTATION, _PARENTHESIS):
        for match in pattern.finditer(text):
            # Matches of one pattern never overlap, so marking them costs at most the text's length twice.
            mask[match.start() + 1:match.end()] = b"\x01" * max(0, match.end() - match.start() - 1)
    return mask


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence as one piece, or as its clauses when it joins two checkable claims; offsets are exact."""
    text = sentence.text
    if not _JOINER.search(text):
        return [sentence]
    guarded, tokens = _guarded_mask(text), _Tokens(text)
    pieces, piece_start = [], 0
    for joiner in _JOINER.finditer(text):
        if guarded[joiner.start()]:
            continue
        if _is_clause_split(joiner.group(), tokens, piece_start, joiner.start(), joiner.end()):
            pieces.append((piece_start, joiner.start()))
            piece_start = joiner.end()
    if not pieces:
        return [sentence]
    pieces.append((piece_start, len(text)))
    return [Sentence(text[start:end], sentence.start + start, sentence.start + end) for start, end in pieces]
