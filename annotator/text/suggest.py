"""Claim + attribution + hedge -> a suggested verdict, a calibrated confidence, and the cue a reviewer is shown.

The rules (docs/labelling.md, section 3): an identified source makes a claim sourced even when it is hedged (both
cues shown); an unnamed or vague source, or a hedge with no source, makes it speculative; a plain assertion is
unverified. The confidence of each path is the share of right suggestions on that path on the news calibration
set (model.json), articles the rules were never written from, so "80 %" means right about four times in five on
news like it; no path says more than 95 %.
"""
from dataclasses import dataclass

from .attribution import Attribution
from .checkworthy import model
from .hedges import Hedge

VERDICTS = ("sourced", "speculative", "unverified")


@dataclass(frozen=True)
class Suggestion:
    """A suggested verdict, how sure it is (0-1), the cue words shown, why, which rule fired, and the hedge flag."""

    verdict: str
    confidence: float
    cue: str
    explanation: str
    path: str
    hedged: bool


def _confidence(path: str) -> float:
    return float(model()["confidence"][path])


def suggest_verdict(attribution: Attribution | None, hedge: Hedge | None, carried: bool = False) -> Suggestion:
    """The verdict for a claim from who says it (attribution, perhaps carried from its quotation) and its hedge."""
    hedged = hedge is not None or bool(attribution and attribution.hedged_verb)
    hedge_cue = hedge.cue if hedge else (attribution.verb if attribution and attribution.hedged_verb else "")
    if attribution and attribution.named:
        who = f'{attribution.source} ({attribution.verb})' if attribution.source else attribution.verb
        if carried:
            return Suggestion("sourced", _confidence("quoted speaker"), attribution.source,
                              f"a quotation by {attribution.source}, named with the quotation", "quoted speaker",
                              hedged)
        if hedged:
            return Suggestion("sourced", _confidence("named source, hedged"), attribution.verb,
                              f'named source {who}; hedged "{hedge_cue}", but the source owns it',
                              "named source, hedged", True)
        return Suggestion("sourced", _confidence("named source"), attribution.verb, f"named source {who}",
                          "named source", False)
    if attribution:
        if not attribution.source:
            return Suggestion("speculative", _confidence("hearsay"), attribution.verb,
                              f'hearsay with no source: "{attribution.verb}"', "hearsay", True)
        return Suggestion("speculative", _confidence("vague source"), attribution.verb,
                          f'unnamed source "{attribution.source} {attribution.verb}"', "vague source", hedged)
    if hedge:
        return Suggestion("speculative", _confidence("hedge"), hedge.cue, f'hedge "{hedge.cue}", no source',
                          "hedge", True)
    return Suggestion("unverified", _confidence("no cue"), "", "no source or hedge found", "no cue", False)
