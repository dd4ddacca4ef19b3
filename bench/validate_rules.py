"""Aggregate figures of the suggester on the development half and the calibration set, and nothing else.

Run from the repository root:  python bench/validate_rules.py

The protocol of a rule change (docs/splitter.md): keep it only if the development half does not drop and the
calibration set, which the rules are never written from, does not drop either. Only totals are printed here
(accuracy, macro-F1, per-class F1, check-worthiness and hedge F1), never a sentence: looking at the calibration
set's sentences would make it one more half the rules are fitted to. The test half is not read at all.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.text import split_claims  # noqa: E402
from bench import newsgold  # noqa: E402


def aggregate(half: str) -> dict:
    """Accuracy, macro-F1, per-verdict F1, check-worthiness F1 and hedged F1 of one half (dev or calibration)."""
    if half not in ("dev", "calibration"):
        raise ValueError("only the development half and the calibration set are validated here")
    rows = newsgold.rows(newsgold.articles(half), split_claims)
    worthy = [row for row in rows if row.unit.checkworthy]
    pairs = [(row.unit.verdict, row.claim.suggestion if row.claim else "unverified") for row in worthy]
    out = {"accuracy": newsgold.accuracy(pairs), "macro-F1": newsgold.macro_f1(pairs)}
    for verdict in newsgold.VERDICTS:
        out[f"F1 {verdict}"] = newsgold.binary_score((e == verdict, p == verdict) for e, p in pairs).f1
    out["is_claim F1"] = newsgold.binary_score((row.unit.checkworthy, row.predicted_claim) for row in rows).f1
    out["hedged F1"] = newsgold.binary_score((bool(row.unit.hedged), bool(row.claim and row.claim.hedged))
                                             for row in worthy).f1
    return out


def main() -> None:
    for half in ("dev", "calibration"):
        figures = aggregate(half)
        print(f"{half:12} " + "  ".join(f"{name} {value:.3f}" for name, value in figures.items()))


if __name__ == "__main__":
    main()
