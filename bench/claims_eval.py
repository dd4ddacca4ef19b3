"""Score the text core on the news gold set and the boundary cases, beside simple baselines, in one run.

Run from the repository root:  python bench/claims_eval.py  (add --quick to skip the speed run).

The figures that count are those of the **test half** of tests/data/newsgold (even article ids), labelled blind
and never tuned on. The development half (odd ids) is what the rules and the fitted weights were tuned on: its
figures are regression floors, printed so a change that helps one half and hurts the other shows. Every figure is
printed beside a baseline on the same units: the 10-word cue list and the majority class for verdicts, "flag
every sentence" for check-worthiness, the cue list's hedge words for hedges, the first four words for key phrases,
pySBD and a naive regex for sentence boundaries. tests/test_newsgold_floors.py holds the same figures above floors.
"""
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.text import split_claims, split_sentences  # noqa: E402
from bench import newsgold  # noqa: E402
from bench.newsgold import Score  # noqa: E402

DATA = ROOT / "tests" / "data"
# About 2 MB of news text for the speed run: pySBD is timed on a slice and its rate extrapolated, as it would take
# minutes on the whole corpus.
SPEED_BYTES = 2_000_000
SLOW_SLICE_BYTES = 200_000

Splitter = Callable[[str], list[tuple[int, int]]]


# --- Sentence splitters, as (start, end) spans of the text ---------------------------------------------------

def ours(text: str) -> list[tuple[int, int]]:
    """Our rules (annotator.text.split_sentences)."""
    return [(sentence.start, sentence.end) for sentence in split_sentences(text)]


_NAIVE_END = re.compile(r"(?<=[.!?])\s+")
_LINE = re.compile(r"[^\n]+")


def _per_line(segment: Callable[[str], list[tuple[int, int]]]) -> Splitter:
    """A splitter run line by line, as ours is: each line of an article is a paragraph."""
    def split(text: str) -> list[tuple[int, int]]:
        return [(line.start() + start, line.start() + end)
                for line in _LINE.finditer(text) for start, end in segment(line.group())]
    return split


def _naive_line(line: str) -> list[tuple[int, int]]:
    cuts = [0, *(match.end() for match in _NAIVE_END.finditer(line)), len(line)]
    return [(start, end) for start, end in zip(cuts, cuts[1:]) if line[start:end].strip()]


naive_regex = _per_line(_naive_line)


def pysbd_splitter() -> Splitter | None:
    """pySBD's English rules without cleaning, as character spans, or None when pySBD is not installed."""
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return _per_line(lambda line: [(span.start, span.end) for span in segmenter.segment(line)])


def splitters() -> dict[str, Splitter]:
    found = {"ours": ours, "pySBD": pysbd_splitter(), "naive regex": naive_regex}
    return {name: splitter for name, splitter in found.items() if splitter}


# --- Boundary cases (golden rules, hard news) ----------------------------------------------------------------

def boundary_cases(name: str) -> list[tuple[str, list[str]]]:
    """(text, expected sentences) pairs of a JSON boundary file in tests/data."""
    import json
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return [(case["text"], case["sentences"]) for case in data["cases"]]


def _inner_ends(text: str, spans) -> set[int]:
    """Sentence ends inside a line (trailing space stripped); line ends and the text's end come free."""
    ends = set()
    for _, end in spans:
        stripped = len(text[:end].rstrip())
        rest = text[stripped:]
        if rest.strip() and "\n" not in rest[:len(rest) - len(rest.lstrip())]:
            ends.add(stripped)
    return ends


def _expected_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, at = [], 0
    for sentence in sentences:
        start = text.index(sentence, at)
        at = start + len(sentence)
        spans.append((start, at))
    return spans


def boundary_scores(splitter: Splitter, cases) -> tuple[Score, int]:
    """Boundary P/R/F1 over the cases, and how many cases the splitter cuts exactly right."""
    total, exact = Score(0, 0, 0), 0
    for text, expected in cases:
        got = splitter(text)
        want = _expected_spans(text, expected)
        gold, found = _inner_ends(text, want), _inner_ends(text, got)
        total += Score(len(gold & found), len(found - gold), len(gold - found))
        exact += [text[s:e].strip() for s, e in got] == expected
    return total, exact


# --- The news gold set ----------------------------------------------------------------------------------------

def _verdict(row) -> str:
    return row.claim.suggestion if row.claim else "unverified"


def majority_verdict() -> str:
    """The most common gold verdict on the development half: the majority-class baseline for both halves."""
    counts = Counter(unit.verdict for article in newsgold.articles("dev") for unit in article.units
                     if unit.checkworthy)
    return counts.most_common(1)[0][0] if counts else "unverified"


def figures(half: str) -> dict:
    """Every figure of one half of the news gold set, ours beside its baselines, as numbers."""
    found = newsgold.articles(half)
    rows = newsgold.rows(found, split_claims)
    worthy = [row for row in rows if row.unit.checkworthy]
    majority = majority_verdict()
    out = {"articles": len(found), "units": len(rows), "checkworthy": len(worthy),
           "verdicts": dict(Counter(row.unit.verdict for row in worthy))}
    ours_pairs = [(row.unit.verdict, _verdict(row)) for row in worthy]
    cue_pairs = [(row.unit.verdict, newsgold.cue_list_verdict(row.unit.text)) for row in worthy]
    majority_pairs = [(row.unit.verdict, majority) for row in worthy]
    for name, pairs in (("ours", ours_pairs), ("cue list", cue_pairs), (f"majority ({majority})", majority_pairs)):
        out[f"accuracy/{name}"] = newsgold.accuracy(pairs)
        out[f"macro-F1/{name}"] = newsgold.macro_f1(pairs)
    out["is_claim/ours"] = newsgold.binary_score((row.unit.checkworthy, row.predicted_claim) for row in rows)
    out["is_claim/flag all"] = newsgold.binary_score((row.unit.checkworthy, True) for row in rows)
    out["hedged/ours"] = newsgold.binary_score((row.unit.hedged, bool(row.claim and row.claim.hedged))
                                               for row in worthy)
    out["hedged/cue list"] = newsgold.binary_score((row.unit.hedged, newsgold.cue_list_hedged(row.unit.text))
                                                   for row in worthy)
    out["source/ours"] = newsgold.binary_score((bool(row.unit.source), bool(row.claim and row.claim.source))
                                               for row in worthy)
    out["source words/ours"] = _mean(newsgold.word_overlap(row.claim.source if row.claim else "", row.unit.source)
                                     for row in worthy if row.unit.source)
    out["key phrase/ours"] = _mean(newsgold.word_overlap(row.claim.key_phrase if row.claim else "",
                                                         row.unit.key_phrase) for row in worthy)
    out["key phrase/first 4 words"] = _mean(newsgold.word_overlap(newsgold.first_words_phrase(row.unit.text),
                                                                  row.unit.key_phrase) for row in worthy)
    for name, splitter in splitters().items():
        out[f"boundaries/{name}"] = sum(
            (newsgold.boundary_score(article, splitter(article.text)) for article in found), Score(0, 0, 0))
    confidence = [(row.claim.confidence, row.claim.suggestion == row.unit.verdict) for row in worthy if row.claim]
    out["reliability"], out["ECE"] = newsgold.reliability(confidence)
    return out


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def agreement() -> dict:
    """How two labellers agree on the articles labelled twice: the ceiling a tool can be held to."""
    pairs = newsgold.second_labelling_pairs()
    both_worthy = [(a, b) for a, b in pairs if a.checkworthy and b.checkworthy]
    return {
        "units": len(pairs),
        "checkworthy kappa": newsgold.cohen_kappa((a.checkworthy, b.checkworthy) for a, b in pairs),
        "verdict kappa": newsgold.cohen_kappa((a.verdict, b.verdict) for a, b in both_worthy),
        "verdict agreement": newsgold.accuracy((a.verdict, b.verdict) for a, b in both_worthy),
        "key phrase overlap": _mean(newsgold.word_overlap(a.key_phrase, b.key_phrase) for a, b in both_worthy),
    }


# --- Report ---------------------------------------------------------------------------------------------------

def _print_half(half: str, title: str) -> None:
    f = figures(half)
    print(f"\n{title}: {f['articles']} articles, {f['units']} units, {f['checkworthy']} check-worthy "
          f"({f['verdicts']})")
    if not f["units"]:
        return
    print("  verdict suggestion on the check-worthy units")
    for name in [key.split("/", 1)[1] for key in f if key.startswith("accuracy/")]:
        print(f"    {name:24} accuracy {f['accuracy/' + name]:.3f}  macro-F1 {f['macro-F1/' + name]:.3f}")
    print("  check-worthy (is_claim) on every unit")
    for name in ("ours", "flag all"):
        print(f"    {name:24} {f['is_claim/' + name]}")
    print("  hedged, on the check-worthy units")
    for name in ("ours", "cue list"):
        print(f"    {name:24} {f['hedged/' + name]}")
    print(f"  source found, on the check-worthy units\n    {'ours':24} {f['source/ours']}"
          f"   words shared with the labeller's source {f['source words/ours']:.3f}")
    print("  key phrase: words shared with the labeller's phrase (token F1, mean)")
    for name in ("ours", "first 4 words"):
        print(f"    {name:24} {f['key phrase/' + name]:.3f}")
    print("  sentence boundaries inside lines (gold units; quotations cut at their sentences)")
    for name in splitters():
        print(f"    {name:24} {f['boundaries/' + name]}")
    print(f"  confidence of the suggestion against how often it is right (expected calibration error "
          f"{f['ECE']:.3f})")
    for low, high, count, mean, share in f["reliability"]:
        print(f"    {low:.1f}-{high:.1f}: {count:4} suggestions, mean confidence {mean:.2f}, right {share:.2f}")


def report_accuracy() -> None:
    engines = splitters()
    if "pySBD" not in engines:
        print("(pySBD not installed, its columns skipped: pip install -r requirements-test.txt)")
    for title, cases in (("pySBD English Golden Rules", boundary_cases("golden_rules_en.json")),
                         ("Hard news boundary cases", boundary_cases("hard_news_boundaries.json"))):
        print(f"\n{title} ({len(cases)} texts): boundaries inside lines")
        for name, splitter in engines.items():
            score, exact = boundary_scores(splitter, cases)
            print(f"  {name:12} {score}   texts exactly right {exact}/{len(cases)}")
    _print_half("test", "NEWS GOLD, TEST HALF (labelled blind, never tuned on: the result)")
    _print_half("dev", "News gold, development half (tuned on: a regression floor, not a result)")
    if newsgold.articles("calibration"):
        _print_half("calibration", "News gold, calibration set (never read by the rules; the confidences are "
                                   "fitted on it, so its calibration error is in-sample, its other figures are not)")
    a = agreement()
    print(f"\nTwo labellers on the articles labelled twice ({a['units']} units): check-worthy kappa "
          f"{a['checkworthy kappa']:.2f}, verdict kappa {a['verdict kappa']:.2f} (agreement "
          f"{a['verdict agreement']:.2f}), key phrase words shared {a['key phrase overlap']:.2f}")


def _corpus(size: int) -> str:
    """The gold articles repeated to about size characters, each copy made distinct so repeats do not merge."""
    texts = [article.text for article in newsgold.articles("all")] or ["No gold articles."]
    copies, total, n = [], 0, 0
    while total < size:
        for text in texts:
            copy = re.sub(r"(?m)^(?=.)", f"Copy {n}: ", text)
            copies.append(copy)
            total += len(copy)
            n += 1
    return "\n".join(copies)


def _seconds(function, text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


def start_up_seconds() -> float:
    """Wall time of a fresh Python that imports the text core and splits one sentence (best of three)."""
    code = "from annotator.text import split_claims; split_claims('The minister said taxes would rise.')"
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def bare_python_seconds() -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        best = min(best, time.perf_counter() - started)
    return best


def report_speed() -> None:
    corpus = _corpus(SPEED_BYTES)
    size_mb = len(corpus) / 1_000_000
    claims_seconds = _seconds(split_claims, corpus)
    sentences_seconds = _seconds(ours, corpus)
    print(f"\nSpeed on the gold articles repeated to {size_mb:.1f} MB")
    print(f"  ours, whole claims pipeline: {claims_seconds:.2f} s ({claims_seconds / size_mb:.3f} s/MB)")
    print(f"  ours, sentences only:        {sentences_seconds:.2f} s ({sentences_seconds / size_mb:.3f} s/MB)")
    pysbd = pysbd_splitter()
    if pysbd:
        sliced = corpus[:SLOW_SLICE_BYTES]
        per_mb = _seconds(pysbd, sliced) / (len(sliced) / 1_000_000)
        print(f"  pySBD sentences:             {per_mb:.3f} s/MB (timed on the first {len(sliced) / 1e6:.1f} MB)")
        print(f"  ours vs pySBD: whole pipeline {per_mb / (claims_seconds / size_mb):.1f}x faster, sentences "
              f"{per_mb / (sentences_seconds / size_mb):.1f}x faster")
    start_up, bare = start_up_seconds(), bare_python_seconds()
    print(f"  start-up (fresh Python, import the text core, one sentence): {start_up:.3f} s "
          f"(bare Python {bare:.3f} s)")


def main(argv: list[str]) -> None:
    report_accuracy()
    if "--quick" not in argv:
        report_speed()


if __name__ == "__main__":
    main(sys.argv[1:])
