"""Text-core quality on the news gold set, as rows of the benchmark table: each figure beside its baseline and target.

The figures are bench/claims_eval.py's (which prints them in full); the targets are those tests/test_newsgold_floors.py
holds: on the test half (labelled blind, never tuned on) ours beats each simple baseline on the same units, plus
the issues' own targets; on the development half (tuned on) the regression floors. --quick changes nothing: the
gold set is small.

Example: python bench/text_quality.py
"""
import benchlib

from bench import claims_eval

# The development half's floors, as tests/test_newsgold_floors.py holds them.
DEV_FLOORS = {"accuracy/ours": 0.92, "macro-F1/ours": 0.83, "boundaries/ours": 0.98, "key phrase/ours": 0.50,
              "source/ours": 0.88, "is_claim/ours": 0.93}


def _value(figure):
    """A float, or a Score's F1."""
    return getattr(figure, "f1", figure)


def main(argv=None):
    args = benchlib.parse_args(__doc__.split("\n")[0], argv)
    results = benchlib.Results("text quality")
    test = claims_eval.figures("test")
    majority = next(key for key in test if key.startswith("accuracy/majority"))
    units = f"{test['articles']} articles, {test['checkworthy']} check-worthy units"
    for what, ours, baseline, extra_target in (
            ("verdict suggestion accuracy", "accuracy/ours", "accuracy/cue list", None),
            ("  … against the majority class", "accuracy/ours", majority, None),
            ("verdict suggestion macro-F1", "macro-F1/ours", "macro-F1/cue list", None),
            ("check-worthy F1 (every unit)", "is_claim/ours", "is_claim/flag all", None),
            ("hedged F1", "hedged/ours", "hedged/cue list", None),
            ("key phrase word overlap (token F1)", "key phrase/ours", "key phrase/first 4 words", 0.45),
            ("sentence boundaries F1", "boundaries/ours", "boundaries/pySBD", 0.97)):
        if baseline not in test:
            results.note(f"{baseline} not measured (pySBD not installed?): {what} has no baseline")
            continue
        value, base = _value(test[ours]), _value(test[baseline])
        target = f"> {baseline.split('/', 1)[1]}" + (f", ≥ {extra_target}" if extra_target else "")
        met = value > base and (extra_target is None or value >= extra_target)
        results.add(f"test half ({units}): {what}", value, "", f"{baseline.split('/', 1)[1]} {base:.3f}",
                    value / base if base else None, target, met)
    recall = test["is_claim/ours"].recall
    results.add("test half: check-worthy recall (a claim folded away is worse than an opinion shown)", recall, "",
                "flag all 1.000", recall, "≥ 0.95", recall >= 0.95)
    results.add("test half: source found F1", _value(test["source/ours"]), "")
    results.add("test half: expected calibration error of the suggestion's confidence", test["ECE"], "")
    dev = claims_eval.figures("dev")
    for key, floor in DEV_FLOORS.items():
        value = _value(dev[key])
        results.add(f"development half (tuned on): {key.split('/')[0]}", value, "", "", None, f"≥ {floor} (floor)",
                    value >= floor)
    results.finish(args)


if __name__ == "__main__":
    main()
