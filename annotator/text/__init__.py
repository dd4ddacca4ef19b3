"""The text core: split_claims(text) -> [Claim], by calling the pipeline's steps in order, and nothing else.

sentences -> clauses -> quotations and their speakers -> attribution -> hedges -> suggestion ->
check-worthiness -> key phrase -> merged repeats. Each step is a pure function in its own module.

How well it does, on news it was never tuned on: bench/claims_eval.py (the test half of tests/data/newsgold).
"""
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from .attribution import Attribution, find_attribution
from .checkworthy import score as checkworthiness
from .clauses import split_clauses
from .hedges import find_hedge
from .key_phrases import key_phrase
from .quotations import carry_speakers, find_quotations, masked
from .repeats import merge_repeats, normalised
from .sentences import Sentence, split_sentences
from .suggest import VERDICTS, Suggestion, suggest_verdict

__all__ = ["Claim", "Sentence", "VERDICTS", "analyse", "claim_to_dict", "describe_span", "key_phrase", "normalised",
           "split_claims", "split_sentences"]

_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Claim:
    """A claim at its first place, with every other place it appears, and what the pipeline says about it.

    A unit that is not check-worthy (a question, a date line, an opinion) is kept with is_claim False and the
    reason, so it can be shown in place but left out of the review count. source_start/source_end are offsets
    into the article of who the claim comes from (for a quotation, the speaker named beside it), or None.
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
    checkworthiness: float = 1.0
    checkworthy_reasons: tuple[str, ...] = ()
    hedged: bool = False
    source: str = ""
    source_start: int | None = None
    source_end: int | None = None
    source_named: bool | None = None
    reporting_verb: str = ""
    # Which rule gave the suggestion ("named source", "hedge"...) and the check-worthiness features: what
    # bench/train_text_model.py fits the confidences and weights from. Not stored, not compared.
    path: str = field(default="", compare=False)
    features: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)


def claim_to_dict(claim: Claim) -> dict:
    """The claim as plain JSON-ready values, places as [start, end] lists."""
    return {
        "text": claim.text, "start": claim.start, "end": claim.end, "key_phrase": claim.key_phrase,
        "suggestion": claim.suggestion, "confidence": claim.confidence, "cue": claim.cue,
        "explanation": claim.explanation, "places": [list(place) for place in claim.places],
        "is_claim": claim.is_claim, "reason": claim.reason, "checkworthiness": claim.checkworthiness,
        "checkworthy_reasons": list(claim.checkworthy_reasons), "hedged": claim.hedged, "source": claim.source,
        "source_start": claim.source_start, "source_end": claim.source_end, "source_named": claim.source_named,
        "reporting_verb": claim.reporting_verb,
    }


def _absolute(found: Attribution | None, offset: int) -> Attribution | None:
    return found and replace(found, start=found.start + offset, end=found.end + offset)


def _analyse(piece: Sentence, attribution: Attribution | None, carried: bool, quoted: bool,
             headline: bool, places) -> Claim:
    """One claim from a piece of the article and who it comes from (offsets absolute)."""
    own_span = (attribution.start - piece.start, attribution.end - piece.start) if attribution and not carried \
        else (0, 0)
    hedge = find_hedge(piece.text, skip=own_span)
    suggestion: Suggestion = suggest_verdict(attribution, hedge, carried)
    worth = checkworthiness(piece.text, attribution, suggestion.hedged, quoted, headline)
    masked_spans = [own_span]
    if attribution and not carried and attribution.verb:
        at = piece.text.find(attribution.verb, own_span[1] if attribution.source else 0)
        if at < 0:
            at = piece.text.find(attribution.verb)
        if at >= 0:
            masked_spans.append((at, at + len(attribution.verb)))
    has_source = bool(attribution and attribution.source)
    return Claim(
        piece.text, piece.start, piece.end, key_phrase(piece.text, masked_spans), suggestion.verdict,
        suggestion.confidence, suggestion.cue, suggestion.explanation, tuple(places),
        is_claim=not worth.not_a_claim, reason=worth.not_a_claim, checkworthiness=worth.score,
        checkworthy_reasons=worth.reasons, hedged=suggestion.hedged,
        source=attribution.source if attribution else "",
        source_start=attribution.start if has_source else None, source_end=attribution.end if has_source else None,
        source_named=attribution.named if attribution else None,
        reporting_verb=attribution.verb if attribution else "", path=suggestion.path,
        features=tuple(worth.features.items()))


def _line_starts(text: str) -> list[int]:
    """Where each line starts: a claim's paragraph is the last line start at or before it."""
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)]


def _is_quoted(piece: Sentence, piece_masked: str) -> bool:
    """Whether most of a piece is someone's quoted words (masked to "…")."""
    return piece_masked.count("…") > len(piece.text) / 2


def split_claims(text: str) -> list[Claim]:
    """The claims of an article in order of first appearance: clauses of sentences, each repeat merged."""
    # Clauses are split before repeats are merged: a pull quote is split exactly like the sentence it
    # repeats, so each of its clauses merges with its twin.
    pieces = [clause for sentence in split_sentences(text) for clause in split_clauses(sentence)]
    quotations = find_quotations(text)
    masked_pieces = [masked(piece.text, quotations, piece.start) for piece in pieces]
    own = [_absolute(find_attribution(piece_masked), piece.start) for piece, piece_masked in zip(pieces, masked_pieces)]
    line_starts = _line_starts(text)
    paragraphs = [bisect_right(line_starts, piece.start) - 1 for piece in pieces]
    # "She said:" or "Rathbun stated," closing a paragraph introduces the quotation that opens the next.
    introduces = [piece.text.rstrip().endswith((":", ",")) for piece in pieces]
    spans = [(piece.start, piece.end) for piece in pieces]
    speakers = carry_speakers(quotations, spans, paragraphs, introduces, own)
    claims = []
    for index, places in merge_repeats(pieces):
        piece = pieces[index]
        attribution, carried = speakers[index]
        headline = paragraphs[index] == paragraphs[0] and not piece.text.rstrip(" \"'”’").endswith((".", "!", "?"))
        claims.append(_analyse(piece, attribution, carried, _is_quoted(piece, masked_pieces[index]), headline,
                               places))
    return claims


def describe_span(text: str, start: int, end: int) -> Claim:
    """The claim a reviewer made by hand from text[start:end], analysed with its quotations in context."""
    piece = Sentence(text[start:end], start, end)
    quotations = find_quotations(text)
    piece_masked = masked(piece.text, quotations, start)
    attribution = _absolute(find_attribution(piece_masked), start)
    return _analyse(piece, attribution, False, _is_quoted(piece, piece_masked), False, [(start, end)])


def analyse(text: str) -> Claim:
    """One sentence on its own, as the pipeline would see it in an article of just that sentence."""
    return describe_span(text, 0, len(text))
