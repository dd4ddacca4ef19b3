"""How fast suggestions learnt from a desk's own verdicts beat the built-in rules, replaying a labelled set as a desk.

Run from the repository root:  python bench/learning_curve.py  (--half all replays both halves, so 400 is reached).

The development half of tests/data/newsgold (odd ids) is tagged article by article, in id order, as a desk would.
After 50, 100, 200 and 400 verdicts, the learning step (annotator.learning.model.train: article-grouped
cross-validation against the built-in rules, take-over only on a significant win) runs on the verdicts seen so far,
and the suggestions the app would then show are scored on the articles not yet seen, beside the built-in rules on
the same claims, in the same run. Four simulated desks: one that labels as the gold set does (the built-in rules
were written from it), one that counts an unnamed source ("officials said") as sourced, and a stricter one that
also counts a hedged claim as speculative even from a named source and an unsourced claim about the future
("will", "plans") as speculative, and a "figures desk" that counts an unnamed source as sourced and a figure with no
source as speculative until checked.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.learning import CLAIM, CLAIM_SCALE, NOT_A_CLAIM, SCALE, SCALES  # noqa: E402
from annotator.learning.model import Example, accuracy, fit, macro_f1, predict, train  # noqa: E402
from annotator.text import claim_to_dict, split_claims  # noqa: E402
from bench import newsgold  # noqa: E402

CHECKPOINTS = (50, 100, 200, 400)
# The target: 5 points of accuracy over the built-in rules by 200 verdicts on a desk whose rules differ.
TARGET_GAIN, TARGET_AT = 0.05, 200
_FUTURE = re.compile(r"\b(will|would|is to|are to|plans?|planned|expected)\b", re.IGNORECASE)


def as_labelled(unit) -> str:
    return unit.verdict


def officials_said(unit) -> str:
    """A desk that counts an unnamed source ("officials said", "critics say") as sourced."""
    return "sourced" if unit.verdict == "speculative" and unit.source else unit.verdict


def strict_desk(unit) -> str:
    """officials_said, and a hedge makes a claim speculative even from a named source, as does an unsourced future."""
    verdict = officials_said(unit)
    if verdict == "sourced" and unit.hedged:
        return "speculative"
    if verdict == "unverified" and _FUTURE.search(unit.text):
        return "speculative"
    return verdict


_FIGURE = re.compile(r"\d")


def figures_desk(unit) -> str:
    """officials_said, and a figure with no source is speculative until someone checks it (the desk's house rule)."""
    verdict = officials_said(unit)
    return "speculative" if verdict == "unverified" and _FIGURE.search(unit.text) else verdict


DESKS = {"as labelled (the built-in rules' own)": as_labelled, "officials said = sourced": officials_said,
         "strict desk": strict_desk, "figures desk": figures_desk}


def examples_of(articles, desk) -> list[Example]:
    """Each labelled unit with a verdict, matched to the tool's claim, in reading order, article by article."""
    found = []
    for article in articles:
        claims = split_claims(article.text)
        for unit, claim in zip(article.units, newsgold.matched_claims(article, claims)):
            if unit.verdict and claim is not None:
                found.append(Example(claim_to_dict(claim), article.id, desk(unit)))
    return found


def mark_examples(articles) -> list[Example]:
    """Each labelled unit as the desk's "claim" or "not a claim" (the labellers' check-worthy), beside the splitter's."""
    found = []
    for article in articles:
        claims = split_claims(article.text)
        for unit, claim in zip(article.units, newsgold.matched_claims(article, claims)):
            if claim is not None:
                found.append(Example(claim_to_dict(claim), article.id, CLAIM if unit.checkworthy else NOT_A_CLAIM,
                                     CLAIM if claim.is_claim else NOT_A_CLAIM))
    return found


def curve(examples, checkpoints=CHECKPOINTS, classes=SCALES[SCALE]) -> list[dict]:
    """At each checkpoint: train on the first N verdicts, score the app's suggestion and the rules on unseen articles."""
    rows = []
    for count in checkpoints:
        seen = examples[:count]
        seen_articles = {example.article for example in seen}
        unseen = [example for example in examples if example.article not in seen_articles]
        if len(seen) < count or not unseen:
            rows.append({"verdicts": count, "reached": False})
            continue
        model = train(seen, classes)
        builtin = [example.rules for example in unseen]
        learnt_weights = model["weights"] or fit(seen)
        learnt = [predict(learnt_weights, example.claim).verdict if learnt_weights else example.rules
                  for example in unseen]
        shown = learnt if model["active"] else builtin
        truth = [example.verdict for example in unseen]
        rows.append({
            "verdicts": count, "reached": True, "unseen_claims": len(unseen),
            "unseen_articles": len({example.article for example in unseen}), "takes_over": model["active"],
            "held_out": model["held_out"],
            "shown_accuracy": accuracy(zip(truth, shown)), "builtin_accuracy": accuracy(zip(truth, builtin)),
            "learnt_accuracy": accuracy(zip(truth, learnt)),
            "shown_macro_f1": macro_f1(zip(truth, shown), classes),
            "builtin_macro_f1": macro_f1(zip(truth, builtin), classes),
        })
    return rows


class Rows:
    """The figures as bench/run_all.py's table rows (benchlib.Results without its CPU-load watch: nothing is timed)."""

    def __init__(self):
        self.rows = []

    def add(self, what, value, unit="", baseline="", ratio=None, target="", met=None):
        self.rows.append({"benchmark": "learning curve", "what": what, "value": value, "unit": unit,
                          "baseline": baseline, "ratio": ratio, "target": target, "met": met})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("dev", "all"), default="dev",
                        help="dev: the development half (odd ids); all: both halves, dev first")
    parser.add_argument("--quick", action="store_true", help="the same run (it takes seconds); for run_all.py")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON (run_all.py's rows)")
    args = parser.parse_args(argv)
    articles = newsgold.articles("dev")
    if args.half == "all":
        articles = articles + newsgold.articles("test")
    results = Rows()
    # The verdict scale on four desks, then the "not a claim" scale on the labellers' own check-worthiness.
    runs = [(name, desk, examples_of(articles, desk), SCALES[SCALE]) for name, desk in DESKS.items()]
    runs.append(("not a claim marks (the labellers' check-worthy)", None, mark_examples(articles),
                 SCALES[CLAIM_SCALE]))
    for name, desk, examples, classes in runs:
        changed = sum(example.verdict != example.rules for example in examples)
        print(f"\n{name}: {len(examples)} answers on {len(articles)} articles "
              f"({changed} differ from the built-in rules)")
        print(f"  {'verdicts':>8}  {'unseen':>18}  {'shown':>6}  {'built-in':>8}  {'gain':>6}  "
              f"{'learnt':>6}  {'F1 shown':>8}  {'F1 rules':>8}  suggesting (held-out learnt / rules, p)")
        rows = curve(examples, classes=classes)
        for row in rows:
            if not row["reached"]:
                print(f"  {row['verdicts']:>8}  not reached: no unseen article left after that many verdicts")
                continue
            held = row["held_out"]
            why = (f"{held['learnt']['accuracy']:.3f} / {held['built-in']['accuracy']:.3f}, p {held['p']:.3f}"
                   if held else "too few verdicts to compare")
            print(f"  {row['verdicts']:>8}  {row['unseen_claims']:>4} claims, {row['unseen_articles']:>2} art.  "
                  f"{row['shown_accuracy']:.3f}  {row['builtin_accuracy']:>8.3f}  "
                  f"{100 * (row['shown_accuracy'] - row['builtin_accuracy']):>+5.1f}  {row['learnt_accuracy']:.3f}  "
                  f"{row['shown_macro_f1']:>8.3f}  {row['builtin_macro_f1']:>8.3f}  "
                  f"{'learnt' if row['takes_over'] else 'built-in'} ({why})", flush=True)
        reached = [row for row in rows if row["reached"]]
        at = next((row for row in reached if row["verdicts"] == TARGET_AT), None)
        if at:
            gain = at["shown_accuracy"] - at["builtin_accuracy"]
            results.add(f"{name}: accuracy on unseen articles after {TARGET_AT} verdicts", round(at["shown_accuracy"], 3),
                        baseline=f"built-in rules {at['builtin_accuracy']:.3f}",
                        ratio=round(at["shown_accuracy"] / at["builtin_accuracy"], 3),
                        target="" if desk in (as_labelled, None) else "+5 points",
                        met=None if desk in (as_labelled, None) else gain >= TARGET_GAIN)
        worse = [row["verdicts"] for row in reached if row["shown_accuracy"] < row["builtin_accuracy"]]
        results.add(f"{name}: checkpoints worse than the built-in rules", len(worse),
                    target="0", met=not worse)
    print("\nshown: what the app would suggest (learnt only where it took over); gain: shown - built-in, in points; "
          "learnt: the learnt model alone, had it been forced to take over.")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": results.rows, "notes": []}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
