"""A claim -> the nameable facts a model learns from: the built-in suggestion and its cue, attribution, hedges,
check-worthiness reasons and the claim's words, each a feature name a reviewer can read."""
import re

# Words of a claim: runs of letters and digits (apostrophes kept inside a word: "isn't"), case-folded.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A feature name is "kind: value"; the kinds the page describes in words (DESCRIBE) are fixed here.
DESCRIBE = {
    "built-in": "the built-in rules say {}",
    "built-in claim": "the built-in rules {} it a claim",
    "built-in reason": "the built-in rules: {}",
    "cue": "cue: {}",
    "source": "{} source",
    "verb": "reporting verb “{}”",
    "hedged": "hedged",
    "reason": "{}",
    "word": "the word “{}”",
    "words": "the words “{}”",
}


def cue_kind(claim: dict) -> str:
    """Which of the built-in rules fired, read back from the stored columns (suggest.py's paths)."""
    named, source, verb = claim.get("source_named"), claim.get("source") or "", claim.get("reporting_verb") or ""
    if (claim.get("explanation") or "").startswith("a quotation by"):
        return "quoted speaker"
    if named:
        return "named source, hedged" if claim.get("hedged") else "named source"
    if verb and not source:
        return "hearsay"
    if source:
        return "vague source"
    if claim.get("suggestion") == "speculative":
        return "hedge"
    return "no cue"


def words(text: str) -> list[str]:
    return [word.replace("’", "'") for word in _WORD.findall(text.casefold())]


def claim_features(claim: dict) -> list[str]:
    """The names of the features a claim has (each present once), from a stored claim row or claim_to_dict().

    claim["suggestion"] must be the built-in rules' suggestion (the caller reads it back from learnt_suggestions
    when a learnt one replaced it).
    """
    found = [f"built-in: {claim.get('suggestion')}", f"cue: {cue_kind(claim)}"]
    # The splitter's own "not a claim" and its reason (a person's mark is read back out: settled.py).
    is_claim = claim.get("builtin_is_claim", claim.get("is_claim"))
    found.append(f"built-in claim: {'yes' if is_claim or is_claim is None else 'no'}")
    reason = claim.get("builtin_reason", claim.get("reason"))
    if reason:
        found.append(f"built-in reason: {reason}")
    if claim.get("source_named") is None and not claim.get("source"):
        found.append("source: no")
    else:
        found.append("source: named" if claim.get("source_named") else "source: unnamed")
    verb = (claim.get("reporting_verb") or "").casefold().split()
    if verb:
        found.append(f"verb: {verb[-1]}")
    if claim.get("hedged"):
        found.append("hedged: yes")
    reasons = claim.get("checkworthy_reasons") or []
    found += [f"reason: {reason}" for reason in reasons]
    # Single words and pairs of words, so a desk's own phrases ("officials said", "will") can be learnt.
    tokens = words(claim.get("text") or "")
    found += [f"word: {token}" for token in tokens]
    found += [f"words: {a} {b}" for a, b in zip(tokens, tokens[1:])]
    return list(dict.fromkeys(found))


def describe(feature: str) -> str:
    """A feature name in the reviewer's words: "words: officials said" -> 'the words “officials said”'."""
    kind, _, value = feature.partition(": ")
    if kind == "hedged":
        return "hedged"
    if kind == "built-in claim":
        return "the built-in rules count it a claim" if value == "yes" else "the built-in rules say not a claim"
    template = DESCRIBE.get(kind)
    if kind == "source":
        return {"no": "no source", "named": "a named source", "unnamed": "an unnamed source"}.get(value, feature)
    return template.format(value) if template else feature


def phrase(feature: str) -> str:
    """The words of a word feature ("officials said"), to highlight in the claim; '' for any other feature."""
    kind, _, value = feature.partition(": ")
    return value if kind in ("word", "words") else ""
