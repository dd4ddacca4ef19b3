"""Where the quotations of an article are, which ones continue across a paragraph, and who says each.

News writes a long quotation in several ways: closed on its line, left open at a paragraph's end and reopened
in the next ("“We will fight.¶“We will win,” she said."), in curly or straight double quotes, or in single quotes
(British style). Each quotation found here is a span of the article; a speaker found beside any part of it (the
attribution is outside the quote marks) is carried to every part, and a quotation with no attribution of its own
takes the speaker of the quotation just before it in the same paragraph, or in the paragraph before when it
continues that one.
"""
import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


@dataclass(frozen=True)
class Quotation:
    """A quoted span (quote marks included) of one paragraph; part is its number within a continued quotation."""

    start: int
    end: int
    closed: bool
    continues: bool  # it reopens a quotation left open at the end of the paragraph before


def _opens_single(text: str, at: int) -> bool:
    """A single quote opens a quotation after a space or bracket and before a letter or digit: ‘Go now’."""
    before = text[at - 1] if at else " "
    after = text[at + 1:at + 2]
    return (before.isspace() or before in "([—–-:") and after[:1].isalnum()


def _closes_single(text: str, at: int) -> bool:
    """A single quote closes one when no letter follows: "isn’t" and "Smiths’ house" keep theirs as apostrophes."""
    after = text[at + 1:at + 2]
    return not after[:1].isalnum() and not text[at - 1:at].isspace()


def _paragraph_quotations(text: str, start: int, end: int, continuing: bool) -> list[Quotation]:
    """The quotations of one paragraph; the last may be left open (closed False)."""
    found, opened, mark = [], None, ""
    for at in range(start, end):
        char = text[at]
        if opened is None:
            if char in "“\"" or (char in "‘'" and _opens_single(text, at)):
                opened, mark = at, char
        elif (mark == "“" and char == "”") or (mark == '"' and char == '"') or (
                mark in "‘'" and char in "’'" and _closes_single(text, at)):
            found.append(Quotation(opened, at + 1, True, continuing and opened == start))
            opened = None
    if opened is not None:
        found.append(Quotation(opened, end, False, continuing and opened == start))
    return found


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of the article in order; one left open at a paragraph end continues into the next."""
    quotations, left_open = [], False
    for line in _LINE.finditer(text):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        first = text[start:start + 1]
        continuing = left_open and first in "“\"‘'"
        paragraph = _paragraph_quotations(text, start, end, continuing)
        quotations.extend(paragraph)
        left_open = bool(paragraph) and not paragraph[-1].closed
    return quotations


def _first_ending_after(quotations: list[Quotation], offset: int) -> int:
    """The index of the first quotation that ends after offset (binary search, quotations in order)."""
    lo, hi = 0, len(quotations)
    while lo < hi:
        mid = (lo + hi) // 2
        if quotations[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def masked(text: str, quotations: list[Quotation], offset: int = 0) -> str:
    """text (which starts at offset in the article) with quoted words replaced by "…", marks and length kept.

    Attribution rules then read only the writer's words: a "said" inside someone's quotation is theirs.
    """
    chars = list(text)
    # Quotations are in order and do not overlap: start at the first that ends after offset.
    first = _first_ending_after(quotations, offset)
    for quotation in quotations[first:]:
        if quotation.start >= offset + len(text):
            break
        lo, hi = max(quotation.start - offset + 1, 0), min(quotation.end - offset - 1, len(text))
        for i in range(lo, hi):
            if not chars[i].isspace():
                chars[i] = "…"
    return "".join(chars)


# At most this many characters between quote marks (about four words), inside a longer sentence of the
# writer's, make a quoted term.
_TERM_CHARS = 32


def _is_term(quotation: Quotation, spans: list[tuple[int, int]], touched: list[int]) -> bool:
    """Whether a quotation is a few words inside one sentence, neither opening nor closing it."""
    if len(touched) != 1 or not quotation.closed:
        return False
    start, end = spans[touched[0]]
    if quotation.start <= start + 1 or quotation.end >= end - 2:
        return False
    return quotation.end - quotation.start <= _TERM_CHARS


def carry_speakers(quotations: list[Quotation], spans: list[tuple[int, int]], paragraphs: list[int],
                   introduces: list[bool], own: list) -> list:
    """For each sentence span, its own attribution, else the speaker of the quotation it is part of.

    paragraphs[i] numbers the paragraph of sentence i; introduces[i] says whether it ends in a colon or a comma
    ("She said:", "Rathbun stated,"); own[i] is what the attribution rules found in it (or None); spans and
    quotations are in reading order. A quotation's speaker is the first attribution among the sentences it
    touches. A quotation without one takes the previous quotation's speaker when it is in the same paragraph or
    continues it; else the attribution of the sentence just before it when that sentence introduces it, or names
    its source in the same paragraph and the quotation opens the next sentence. Each value returned is
    (attribution, carried: bool).
    """
    result = [(found, False) for found in own]
    previous_speaker, previous_paragraph = None, -1
    first = 0
    for quotation in quotations:
        # Both lists are in reading order, so the sentences a quotation touches start at or after the last start.
        while first < len(spans) and spans[first][1] <= quotation.start:
            first += 1
        touched = []
        for i in range(first, len(spans)):
            if spans[i][0] >= quotation.end:
                break
            touched.append(i)
        if not touched:
            continue
        speaker = next((own[i] for i in touched if own[i]), None)
        same_paragraph = paragraphs[touched[0]] == previous_paragraph
        # A few quoted words inside the writer's own sentence ('To "route out" in Scientology jargon means ...')
        # are a term or a scare quote, not more of the last speaker's words: they take no one's voice.
        term = _is_term(quotation, spans, touched)
        if speaker is None and previous_speaker is not None and (quotation.continues or same_paragraph) \
                and not term:
            speaker = previous_speaker
        before = touched[0] - 1
        if speaker is None and before >= 0 and own[before] and introduces[before]:
            speaker = own[before]
        # "Cornyn issued a statement on the decision. “Like many Texans, I am disappointed ...”": a quotation that
        # opens a sentence right after a named speaker's sentence in the same paragraph is that speaker's.
        opens_sentence = spans[touched[0]][0] >= quotation.start - 1
        if speaker is None and before >= 0 and own[before] and own[before].named and opens_sentence \
                and paragraphs[before] == paragraphs[touched[0]]:
            speaker = own[before]
        if speaker is not None:
            for i in touched:
                if not own[i]:
                    result[i] = (speaker, True)
        previous_speaker = speaker if speaker is not None else (previous_speaker if quotation.continues else None)
        previous_paragraph = paragraphs[touched[-1]]
    return result
