"""Pieces of an article -> its claims' places: a repeated sentence is one claim with every place it stands,
and a pull quote that also stands inside a longer sentence is part of that sentence's claim, tagged once.
"""
import re
from bisect import bisect_right
from collections import defaultdict
from functools import lru_cache
from itertools import compress

from .sentences import Sentence

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


# A piece that recurs across the articles of an import (boilerplate, wire copy) is tokenised once.
@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Words and single marks, case- and quote-folded; spacing is dropped."""
    return tuple(token.casefold() for token in _TOKEN.findall(text.translate(_QUOTES)))


def _trimmed(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens from the first word to the last, or all of them when there is no word."""
    # Looked for from each end, so only the edge marks are read, not every token.
    first = next((i for i, token in enumerate(tokens) if _IS_WORD(token)), None)
    if first is None:
        return tuple(tokens)
    last = len(tokens) - 1
    while not _IS_WORD(tokens[last]):
        last -= 1
    return tuple(tokens[first:last + 1])


def normalised(text: str) -> tuple[str, ...]:
    """What repeats are compared by: words and marks, ignoring case, spacing, quote style and edge marks."""
    return _trimmed(_tokens(text))


def _embedded_places(sentences: list[Sentence], tokens: list[tuple[str, ...]],
                     keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], list[tuple[int, int]]]:
    """Places where a standalone sentence also appears inside a longer sentence, by the standalone's key."""
    lengths_by_anchor = defaultdict(set)
    known = set(keys)
    for key in known:
        # Too few tokens to hold enough words rules a key out before its words are counted.
        if _MIN_EMBEDDED_WORDS <= len(key) <= _MAX_EMBEDDED_TOKENS \
                and len(list(filter(_IS_WORD, key))) >= _MIN_EMBEDDED_WORDS:
            lengths_by_anchor[key[:_ANCHOR_TOKENS]].add(len(key))
    # Most tokens start no anchor: one set look-up rules them out before a slice of four is built and hashed.
    first_tokens = {anchor[0] for anchor in lengths_by_anchor}
    places = defaultdict(list)
    for sentence, sentence_tokens, own_key in zip(sentences, tokens, keys):
        spans = None
        # Only the tokens that start an anchor are visited: map() and compress() pick them out without a Python
        # step per token.
        for i in compress(range(len(sentence_tokens) - _ANCHOR_TOKENS + 1), map(first_tokens.__contains__,
                                                                                 sentence_tokens)):
            for length in lengths_by_anchor.get(tuple(sentence_tokens[i:i + _ANCHOR_TOKENS]), ()):
                found = tuple(sentence_tokens[i:i + length])
                if len(found) < length or found == own_key or found not in known:
                    continue
                spans = spans or [match.span() for match in _TOKEN.finditer(sentence.text)]
                places[found].append((sentence.start + spans[i][0], sentence.start + spans[i + length - 1][1]))
    return places


def merge_repeats(pieces: list[Sentence]) -> list[tuple[int, list[tuple[int, int]]]]:
    """Each claim as (index of the piece that carries it, every place), in reading order of that piece.

    A piece whose words repeat another's is a place of the first one; a short piece found inside a longer one
    (a pull quote of a body sentence) is a place of the longer one's claim, so it is highlighted and tagged once.
    """
    tokens = [_tokens(piece.text) for piece in pieces]
    keys = [_trimmed(piece_tokens) for piece_tokens in tokens]
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        groups[key].append(index)
    embedded = _embedded_places(pieces, tokens, keys)
    # Which longer piece holds each embedded key: the first piece it was found in.
    holder_of = {}
    starts = [piece.start for piece in pieces]
    for key, spans in embedded.items():
        first_start = spans[0][0]
        holder = bisect_right(starts, first_start) - 1
        holder_of[key] = keys[holder]
    places: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for key, members in groups.items():
        places[key] = [(pieces[i].start, pieces[i].end) for i in members]
    for key, holder_key in holder_of.items():
        if key in places and holder_key in places and holder_key != key and holder_key not in holder_of:
            # The pull quote's own places join the longer claim; the places inside the longer one are in it.
            places[holder_key].extend(places.pop(key))
    # The carrier's own place comes first: it is where the claim is read, the others are where it is repeated.
    result = []
    for key, spans in places.items():
        own = (pieces[groups[key][0]].start, pieces[groups[key][0]].end)
        result.append((groups[key][0], [own] + sorted(span for span in spans if span != own)))
    return result
