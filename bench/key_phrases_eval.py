"""Key phrases on the news gold set: words shared with the labeller's phrase, ours beside baselines and libraries.

Prints, for the check-worthy units of the development half (the half the weights were fitted on, so a floor, not a
result), the mean word overlap (token F1, bench/newsgold.word_overlap) and the share of phrases sharing no word
with the labeller's, for: ours; the first four words; YAKE's top keyword (unsupervised keywords, if installed); the
rarest stretch by wordfreq's English word frequencies (if installed). --test prints the same on the test half,
which nothing was tuned on: run it once, at the end. --show prints ours beside the labeller's, development half
only. --fit refits the weights of annotator/text/key_phrases.py on the development half (needs numpy and scipy).

Example:
    PYTHONPATH=. python bench/key_phrases_eval.py
    PYTHONPATH=. python bench/key_phrases_eval.py --test
"""
import sys
from contextlib import contextmanager
from dataclasses import dataclass

import annotator.text as text_core
from annotator.text import key_phrases
from bench import newsgold

_YAKE_MAX_WORDS = 3


@dataclass(frozen=True)
class Case:
    """A check-worthy gold unit, the claim the pipeline matched to it and what its key phrase was computed from."""

    article: str
    gold: str
    text: str
    masked_spans: tuple[tuple[int, int], ...]
    ours: str


@contextmanager
def _recording_key_phrase_calls(calls: dict):
    """The pipeline's key_phrase, recording the masked spans it was given per claim text."""
    original = text_core.key_phrase

    def recording(text, masked_spans=()):
        calls[text] = tuple(masked_spans)
        return original(text, masked_spans)

    text_core.key_phrase = recording
    try:
        yield
    finally:
        text_core.key_phrase = original


def cases(half: str) -> list[Case]:
    """The check-worthy units of one half with their matched claims (an unmatched unit gets an empty claim)."""
    found, calls = [], {}
    with _recording_key_phrase_calls(calls):
        for article in newsgold.articles(half):
            claims = text_core.split_claims(article.text)
            for unit, claim in zip(article.units, newsgold.matched_claims(article, claims)):
                if unit.checkworthy:
                    found.append(Case(article.id, unit.key_phrase, claim.text if claim else "",
                                      calls.get(claim.text, ()) if claim else (), claim.key_phrase if claim else ""))
    return found


def _unmasked(case: Case) -> str:
    """The claim's text with its source blanked, for the libraries (ours gets the spans themselves)."""
    return key_phrases._masking(case.text, case.masked_spans).replace("·", " ")


def yake_phrase():
    """YAKE's best keyword of up to three words, or None when yake is not installed."""
    try:
        import yake
    except ImportError:
        return None
    extractor = yake.KeywordExtractor(lan="en", n=_YAKE_MAX_WORDS, top=1)

    def phrase(case: Case) -> str:
        found = extractor.extract_keywords(_unmasked(case))
        return found[0][0] if found else ""
    return phrase


def rarest_phrase():
    """Our candidate stretch of 3 to 5 words whose words are rarest in English (wordfreq), or None without it."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None

    def rarity(stretch: str) -> float:
        words = stretch.split()
        return sum(8 - zipf_frequency(word, "en") for word in words) / len(words) + 0.5 * min(len(words), 4)

    def phrase(case: Case) -> str:
        stretches = [case.text[start:end] for start, end, _ in key_phrases.candidates(case.text, case.masked_spans)]
        return max(stretches, key=rarity, default="")
    return phrase


def methods() -> dict:
    """Name -> function of a Case giving a phrase: ours, the first-words baseline, and each installed library."""
    found = {"ours": lambda case: case.ours,
             "first 4 words": lambda case: newsgold.first_words_phrase(case.text)}
    for name, make in (("YAKE top keyword", yake_phrase), ("wordfreq rarest stretch", rarest_phrase)):
        phrase = make()
        if phrase:
            found[name] = phrase
    return found


def figures(half: str) -> dict[str, tuple[float, float]]:
    """Name -> (mean word overlap, share of phrases sharing no word) on the half's check-worthy units."""
    found = cases(half)
    out = {}
    for name, phrase in methods().items():
        overlaps = [newsgold.word_overlap(phrase(case), case.gold) for case in found]
        out[name] = (sum(overlaps) / len(overlaps), sum(o == 0 for o in overlaps) / len(overlaps))
    return out


def report(half: str) -> None:
    label = {"dev": "development half (fitted on: a floor)", "test": "test half (never tuned on: the result)"}[half]
    units = len(cases(half))
    print(f"Key phrases, {label}, {units} check-worthy units: words shared with the labeller's phrase")
    for name, (overlap, none) in figures(half).items():
        print(f"  {name:26} overlap {overlap:.3f}   sharing no word {none:.0%}")


def show() -> None:
    """Ours beside the labeller's on the development half, worst first."""
    scored = sorted(((newsgold.word_overlap(case.ours, case.gold), case) for case in cases("dev")),
                    key=lambda pair: pair[0])
    for overlap, case in scored:
        print(f"{overlap:.2f}  {case.ours!r:40} {case.gold!r:40} {case.text[:100]}")


def fit(folds: int = 4) -> dict[str, float]:
    """Weights that maximise the expected overlap of a softmax over each claim's candidates, on the development
    half only; the temperature and L2 strength are chosen by cross-validation across its articles."""
    import numpy as np
    from scipy.optimize import minimize

    found = cases("dev")
    tables = []
    for case in found:
        stretches = key_phrases.candidates(case.text, case.masked_spans)
        features = np.array([f for _, _, f in stretches]).reshape(len(stretches), len(key_phrases.FEATURES))
        overlaps = np.array([newsgold.word_overlap(case.text[s:e], case.gold) for s, e, _ in stretches])
        tables.append((case.article, features, overlaps))

    def loss(weights, rows, temperature, strength):
        total, gradient = 0.0, np.zeros_like(weights)
        for _, features, overlaps in rows:
            if not len(overlaps):
                continue
            scores = features @ weights / temperature
            p = np.exp(scores - scores.max())
            p /= p.sum()
            expected = p @ overlaps
            total += expected
            gradient += features.T @ (p * (overlaps - expected)) / temperature
        n = len(rows)
        return -total / n + strength * weights @ weights, -gradient / n + 2 * strength * weights

    def train(rows, temperature, strength):
        start = np.zeros(len(key_phrases.FEATURES))
        return minimize(loss, start, args=(rows, temperature, strength), jac=True, method="L-BFGS-B").x

    def chosen_overlap(weights, rows):
        return sum(overlaps[np.argmax(features @ weights)] if len(overlaps) else 0.0
                   for _, features, overlaps in rows) / len(rows)

    articles = sorted({article for article, _, _ in tables})
    best = None
    for temperature in (0.1, 0.3, 1.0):
        for strength in (0.001, 0.003, 0.01, 0.03):
            held_out = 0.0
            for fold in range(folds):
                inside = {a for k, a in enumerate(articles) if k % folds != fold}
                train_rows = [row for row in tables if row[0] in inside]
                test_rows = [row for row in tables if row[0] not in inside]
                held_out += chosen_overlap(train(train_rows, temperature, strength), test_rows) * len(test_rows)
            held_out /= len(tables)
            print(f"  temperature {temperature}  L2 {strength}: cross-validated overlap {held_out:.3f}")
            if best is None or held_out > best[0]:
                best = (held_out, temperature, strength)
    _, temperature, strength = best
    weights = train(tables, temperature, strength)
    print(f"chosen temperature {temperature}, L2 {strength}; fitted on the whole development half: "
          f"{chosen_overlap(weights, tables):.3f}")
    return {name: round(float(w), 2) for name, w in zip(key_phrases.FEATURES, weights)}


def main(argv: list[str]) -> None:
    if "--fit" in argv:
        for name, weight in fit().items():
            print(f"    {name!r}: {weight:.2f},")
    elif "--show" in argv:
        show()
    else:
        report("test" if "--test" in argv else "dev")


if __name__ == "__main__":
    main(sys.argv[1:])
