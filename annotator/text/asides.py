"""Claim -> the spans of its asides: clauses that describe something in the claim or say what it is for.

A hedge or hearsay word inside an aside does not make the claim uncertain: "Manning, who is rumored to have played
his final game, completed 13 passes", "a robot, which could then make each unit", "so that hydrogen may be used".
An aside opens with "who/whom/whose/which/where" (with a comma before it or not: "accounts into which taxpayers
could divert", "the level where molecules are likely to remain" describe a noun, not the claim), "so that", or a conjunction that makes the rest subordinate ("because", "although",
"after", "unless" ...: the main clause is the claim, labelling rule 3), and runs to the next comma, semicolon or
dash, or to the end of the claim.
"""
import re

_ASIDE = re.compile(r"(?:,\s+|\b)(?:who|whom|whose|which|where)\b[^,;—–]*|\b(?:so that|because|although|though|whereas|after|before|until|unless)\b[^,;—–]*", re.IGNORECASE)


def aside_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each aside of text, in order."""
    return [match.span() for match in _ASIDE.finditer(text)]


def in_aside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether offset falls inside one of the spans."""
    return any(start <= offset < end for start, end in spans)
