"""Linearity: CPU seconds to split pastes that repeat one hostile pattern, from 125 KB to 1 MB, each doubling's ratio.

A step of the text pipeline that re-reads its input for every clause joiner, open quotation or line break takes
four times as long for twice the text: "x; " * 20000 (60 KB) once took 30 s and froze a web worker. Here every
pattern is doubled three times; a linear pipeline takes about 2x per doubling. The baseline in the same run is
the plain sentence regex of bench/claims_eval.py on the same text, which is linear by construction.
tests/test_text_linearity.py holds the same property on smaller texts by counting calls, not seconds.

Example: python bench/text_linearity.py --quick
"""
import re
import time

import benchlib

from annotator.text import split_claims

PATTERNS = ["x; ", " ", "x, and ", "x but ", "x\n", "“x ", '"', "(", "x - ", "Mr. X said. ", "x, but he said ",
            "“x,” he said, “y.” ", "officials said x. ", "The company may sell 1,000 cars. "]
FULL_SIZES = (125_000, 250_000, 500_000, 1_000_000)
QUICK_SIZES = (30_000, 60_000, 120_000)
# Twice the text may take a little more than twice the time (allocation, caches); four times is quadratic.
TARGET_GROWTH = 2.2
_NAIVE_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def seconds(split, text: str) -> float:
    """CPU seconds, the best of three runs: other work on the machine disturbs wall time and some runs."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        split(text)
        best = min(best, time.process_time() - start)
    return best


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    results = benchlib.Results("linearity")
    split_claims("warm up")
    worst = 0.0
    for pattern in PATTERNS:
        times = [seconds(split_claims, pattern * max(1, size // len(pattern))) for size in sizes]
        growths = [later / earlier for earlier, later in zip(times, times[1:])]
        worst = max(worst, max(growths))
        naive = seconds(_NAIVE_SENTENCE.split, pattern * max(1, sizes[-1] // len(pattern)))
        results.add(f"{pattern!r} at {sizes[-1] / 1e6:g} MB", times[-1], "s", "naive sentence regex",
                    times[-1] / naive if naive else None, f"each doubling ≤ {TARGET_GROWTH}x "
                    f"(got {', '.join(f'{g:.2f}' for g in growths)})", max(growths) <= TARGET_GROWTH)
    results.add("worst growth per doubling", worst, "x", target=f"≤ {TARGET_GROWTH}x", met=worst <= TARGET_GROWTH)
    results.finish(args)


if __name__ == "__main__":
    main()
