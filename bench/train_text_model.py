"""Fit the text core's numbers on the development half of the news gold set, and write annotator/text/model.json.

Run from the repository root:  python bench/train_text_model.py  (add --dry-run to print without writing).

Two things are fitted, on the development half only (odd article ids; the test half is never read here):
- the check-worthiness score: Platt scaling (a logistic regression, scikit-learn) of the hand-set weighted sum of
  the features of annotator.text.checkworthy, one row per labelled unit, and the threshold: 0.5 of the calibrated probability, lowered if needed to keep
  RECALL_FLOOR of the check-worthy units (folding a claim away costs a desk more than showing an opinion);
- the confidence of each suggestion path ("named source", "hedge", ...): how often that path was right on the
  calibration set (tests/data/newsgold/calibration: articles labelled blind like the rest but never read while the
  rules were written, so the rate is not the optimistic one of the half the rules came from), smoothed towards the
  development half's rate by PRIOR_WEIGHT pseudo-counts, so a rare path does not jump to 0 or 1. Without
  calibration labels the development half's own rate is used.
bench/claims_eval.py then reports the test half with these numbers.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotator.text import split_claims  # noqa: E402
from annotator.text.checkworthy import MODEL_PATH  # noqa: E402
from bench import newsgold  # noqa: E402

RECALL_FLOOR = 0.97
PRIOR_WEIGHT = 4
# No rule is right every time on text it has not seen: a path that was right on all of the few claims it met
# (5 of 5 on the calibration set) would otherwise be shown as 100 % sure.
CONFIDENCE_CEILING = 0.95
# L2 strength of the regression: features are few and the half is small, so weights are kept modest.
REGULARISATION_C = 1.0


def training_rows():
    """(feature names, feature rows, labels) of the development half's units that the model scores."""
    rows = newsgold.rows(newsgold.articles("dev"), split_claims)
    scored = [row for row in rows if row.claim and row.claim.features]
    names = [name for name, _ in scored[0].claim.features]
    return names, [[value for _, value in row.claim.features] for row in scored], \
        [int(row.unit.checkworthy) for row in scored], rows


def fit_checkworthiness(names, features, labels, hand_set: dict) -> dict:
    """Platt scaling of the hand-set score: p = sigmoid(a * z + b), z the hand-set weighted sum.

    Only a scale and a shift are fitted, not one weight per feature: on a couple of hundred units a free fit
    learns the quirks of one outlet (on the development half it gave a named source a negative weight and made
    "Kim said prices rose." not a claim). The hand-set weights keep each feature's direction and size relative to
    the others; the fit decides how far to trust their sum and where the line between claim and not is drawn.
    """
    from sklearn.linear_model import LogisticRegression
    weights, bias = hand_set["weights"], hand_set["bias"]
    sums = [[bias + sum(weights.get(name, 0.0) * value for name, value in zip(names, row))] for row in features]
    model = LogisticRegression(C=REGULARISATION_C, max_iter=1000).fit(sums, labels)
    scale, shift = float(model.coef_[0][0]), float(model.intercept_[0])
    probabilities = model.predict_proba(sums)[:, 1]
    # The calibrated probability's natural line is 0.5 (a claim is more likely than not); it is lowered only if
    # that would fold away more than (1 - RECALL_FLOOR) of the development half's check-worthy units.
    positives = sorted(p for p, label in zip(probabilities, labels) if label)
    keep_out = int(len(positives) * (1 - RECALL_FLOOR))
    threshold = min(0.5, float(positives[keep_out]) - 1e-6) if positives else 0.5
    return {"bias": round(scale * bias + shift, 3),
            "weights": {name: round(scale * weights.get(name, 0.0), 3) for name in names},
            "threshold": round(max(threshold, 0.05), 3), "scale": round(scale, 3)}


def fit_confidence(rows, prior: dict) -> dict:
    right, seen = defaultdict(int), defaultdict(int)
    for row in rows:
        if row.unit.checkworthy and row.claim and row.claim.path:
            seen[row.claim.path] += 1
            right[row.claim.path] += row.claim.suggestion == row.unit.verdict
    fitted = {}
    for path, old in prior.items():
        fitted[path] = min(round((right[path] + PRIOR_WEIGHT * old) / (seen[path] + PRIOR_WEIGHT), 2),
                           CONFIDENCE_CEILING)
    return fitted, dict(seen), dict(right)


def main(argv) -> None:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    names, features, labels, rows = training_rows()
    hand_set = model["checkworthy"].setdefault("hand_set", {"bias": model["checkworthy"]["bias"],
                                                             "weights": dict(model["checkworthy"]["weights"])})
    fitted = fit_checkworthiness(names, features, labels, hand_set)
    confidence, seen, right = fit_confidence(rows, model["confidence"])
    calibration = newsgold.articles("calibration")
    fitted_on = "development half"
    if calibration:
        # The development half's rates become the prior; the calibration set, unseen by the rules, decides.
        confidence, seen, right = fit_confidence(newsgold.rows(calibration, split_claims), confidence)
        fitted_on = f"calibration set, {len(calibration)} articles"
    print(f"development half: {len(labels)} scored units ({sum(labels)} check-worthy)")
    print(f"check-worthiness: hand-set score scaled by {fitted['scale']}, bias {fitted['bias']}, "
          f"threshold {fitted['threshold']}")
    for name, weight in sorted(fitted["weights"].items(), key=lambda item: -abs(item[1])):
        print(f"  {name:20} {weight:+.3f}")
    print(f"confidence per suggestion path (right / seen on the {fitted_on} -> fitted)")
    for path, value in confidence.items():
        print(f"  {path:22} {right.get(path, 0):3} / {seen.get(path, 0):3} -> {value:.2f}")
    if "--dry-run" in argv:
        return
    model["checkworthy"].update({key: fitted[key] for key in ("bias", "weights", "threshold")})
    model["confidence"] = confidence
    model["_about"] = ("Weights of the check-worthiness model, fitted by bench/train_text_model.py on the "
                       "development half of tests/data/newsgold, and the confidence of each suggestion path, fitted "
                       f"on the {fitted_on} (CC BY 2.5 / public-domain Wikinews articles labelled for this project).")
    MODEL_PATH.write_text(json.dumps(model, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
