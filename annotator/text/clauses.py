"""Sentence -> its clauses, when it joins two checkable claims with "; ", ", but", ", yet" or ", and"."""
import re

from .sentences import Sentence

# Where a sentence may carry two claims: a semicolon, "but" or "yet" (with or without a comma), ", and".
_JOINER = re.compile(r"\s*;\s+|,\s+(?:but|yet|and)\s+|\s+but\s+")
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
    guarded = [match.span() for pattern in (QUOTATION, _PARENTHESIS) for match in pattern.finditer(text)]
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


