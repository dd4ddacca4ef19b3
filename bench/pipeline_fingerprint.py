"""Fingerprint of the claims pipeline's output: one SHA-256 over every field of every Claim, and its speed.

A change that is meant to make split_claims faster without changing what it says must leave the fingerprint as it
was. The texts are every gold article (tests/data/newsgold/texts), every demo article (seeds/) and the generated
news of benchlib.news_corpus(2_000_000), each split on its own as an import splits it. Every field of each Claim
goes in, those that are not compared too (path, the check-worthiness features), as its repr, so a float that
changed in its last digit changes the fingerprint. The time is CPU seconds (time.process_time, the best of
--repeat runs, 3 unless told, each in a fresh Python so nothing the text core caches is warm from the run before)
per MB of text (10^6 characters, as bench/claims_eval.py counts them). --check also checks, on every claim, that
the key phrase the pipeline scores inline is the best of key_phrases.candidates' feature vectors, the path
bench/key_phrases_eval.py --fit reads.

Example: PYTHONPATH=. python bench/pipeline_fingerprint.py
"""
import argparse
import dataclasses
import hashlib
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import annotator.text as text_core  # noqa: E402
from annotator.text import key_phrases, split_claims  # noqa: E402
from bench import benchlib  # noqa: E402

GENERATED_BYTES = 2_000_000


def texts() -> list[tuple[str, str]]:
    """(name, text) of every text fingerprinted, in a fixed order."""
    found = []
    for folder in (ROOT / "tests" / "data" / "newsgold" / "texts", ROOT / "seeds"):
        found += [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.txt"))]
    found += [(f"news_corpus #{n}", text) for n, text in enumerate(benchlib.news_corpus(GENERATED_BYTES))]
    return found


def fingerprint(named_texts) -> tuple[str, int]:
    """The SHA-256 over every claim of every text (with the text's name and the claim's index), and the claim count."""
    digest, count = hashlib.sha256(), 0
    for name, text in named_texts:
        for index, claim in enumerate(split_claims(text)):
            digest.update(repr((name, index, dataclasses.astuple(claim))).encode("utf-8"))
            digest.update(b"\n")
            count += 1
    return digest.hexdigest(), count


def check_key_phrases(named_texts) -> int:
    """How many claims' inline-scored key phrase differs from the best of their candidates' feature vectors."""
    calls, original = set(), text_core.key_phrase

    def recording(text, masked_spans=()):
        calls.add((text, tuple(masked_spans)))
        return original(text, masked_spans)

    text_core.key_phrase = recording
    try:
        for _, text in named_texts:
            split_claims(text)
    finally:
        text_core.key_phrase = original
    differ = 0
    for text, masked_spans in calls:
        words = key_phrases._Words(text, key_phrases._masking(text, masked_spans))
        found = key_phrases._candidates(words)
        expected = None
        if found:
            start, end, _ = max(found, key=lambda c: key_phrases._score(c[2], key_phrases._WEIGHT_VECTOR))
            expected = (start, end)
        differ += key_phrases._best(words, key_phrases._WEIGHT_VECTOR) != expected
    print(f"key phrases: {len(calls)} distinct claims, inline score differs from the feature vectors' on {differ}")
    return differ


def cpu_seconds() -> float:
    """CPU seconds to split every text once, in a fresh Python: nothing the text core caches is warm from before."""
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from bench.pipeline_fingerprint import texts, split_claims;"
            " named = texts(); split_claims('Warm up.'); started = time.process_time();"
            " [split_claims(text) for _, text in named]; print(time.process_time() - started)")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True, capture_output=True, text=True)
    return float(done.stdout)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="also check inline key-phrase scores (see above)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the fingerprint run (best is shown)")
    args = parser.parse_args(argv)
    named_texts = texts()
    size_mb = sum(len(text) for _, text in named_texts) / 1_000_000
    split_claims("Warm up: the word lists load and the patterns compile here, not in the timed runs.")
    sha, count = fingerprint(named_texts)
    print(f"texts: {len(named_texts)} ({size_mb:.2f} MB), claims: {count}")
    print(f"fingerprint: {sha}")
    if args.check and check_key_phrases(named_texts):
        sys.exit(1)
    if args.repeat > 0:
        times = [cpu_seconds() for _ in range(args.repeat)]
        best = min(times)
        print(f"CPU time: best {best:.2f} s of {', '.join(f'{t:.2f}' for t in times)}: {best / size_mb:.3f} s/MB")


if __name__ == "__main__":
    main()
