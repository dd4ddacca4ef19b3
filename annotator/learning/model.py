"""Fit a verdict model on a desk's settled verdicts, compare it with the built-in rules on held-out articles, predict.

The model is a logistic regression (scikit-learn) over binary, nameable features (features.py). It is written out
as plain weights per feature name, so suggesting needs no scikit-learn and a model file holds no code (model_file.py).
The learnt model takes over a scale only when, in cross-validation grouped by article (an article never on both
sides), it is right on significantly more held-out claims than the built-in rules (a one-sided sign test on the
claims where exactly one of the two is right): a desk whose rules are the built-in ones keeps the built-in rules.
"""
import math
from dataclasses import dataclass

from ..text import VERDICTS
from .features import claim_features

# L2 strength: one weight per word would learn an outlet's quirks from a few hundred verdicts; C = 1 keeps the
# structural features (the built-in suggestion, the cue, the source) ahead of single words until many claims agree.
REGULARISATION_C = 1.0
# A feature must be seen on this many training claims to get a weight: a word seen once teaches nothing general.
MIN_FEATURE_COUNT = 2
FOLDS = 5
# The fewest settled verdicts and articles worth a comparison: below them the built-in rules stay.
MIN_VERDICTS = 30
MIN_ARTICLES = 3
# The learnt model must beat the built-in rules at this one-sided significance in the sign test.
TAKE_OVER_P = 0.05
WEIGHT_DIGITS = 4


@dataclass(frozen=True)
class Example:
    """One settled answer: the claim (its row, with the built-in suggestion), its article, the desk's answer (a
    verdict, or claim / not a claim), and what the built-in rules answer (by default their suggested verdict)."""

    claim: dict
    article: object
    verdict: str
    builtin: str | None = None

    @property
    def rules(self) -> str:
        return self.builtin if self.builtin is not None else self.claim.get("suggestion")


@dataclass(frozen=True)
class Prediction:
    """A learnt suggestion: verdict, probability, and the features that pushed it most (name, weight)."""

    verdict: str
    confidence: float
    top: tuple[tuple[str, float], ...]


def accuracy(pairs) -> float:
    pairs = list(pairs)
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else 0.0


def macro_f1(pairs, classes=VERDICTS) -> float:
    """Mean F1 over the verdict classes, each weighed the same (a class nobody used and nobody predicted: left out)."""
    pairs = list(pairs)
    scores = []
    for label in classes:
        tp = sum(e == label and p == label for e, p in pairs)
        fp = sum(e != label and p == label for e, p in pairs)
        fn = sum(e == label and p != label for e, p in pairs)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def sign_test(wins: int, losses: int) -> float:
    """One-sided p of at least `wins` successes in wins + losses fair coin tosses."""
    n = wins + losses
    if n == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(wins, n + 1)) / 2 ** n


def fit(examples) -> dict | None:
    """Weights per verdict and feature name, fitted on all the examples; None when there is nothing to learn."""
    examples = list(examples)
    labels = [example.verdict for example in examples]
    if len(set(labels)) < 2:
        return None
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    counts: dict[str, int] = {}
    rows = [claim_features(example.claim) for example in examples]
    for row in rows:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_FEATURE_COUNT)
    index = {name: at for at, name in enumerate(vocabulary)}
    cells = [(i, index[name]) for i, row in enumerate(rows) for name in row if name in index]
    matrix = csr_matrix(([1.0] * len(cells), ([i for i, _ in cells], [j for _, j in cells])),
                        shape=(len(rows), len(vocabulary)))
    model = LogisticRegression(C=REGULARISATION_C, max_iter=2000).fit(matrix, labels)
    classes = [str(label) for label in model.classes_]
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:
        # Two classes: scikit-learn keeps one row of weights for the second; the first scores 0, so a softmax of
        # (0, z) is the same sigmoid.
        coef, intercept = [[0.0] * len(vocabulary), coef[0]], [0.0, intercept[0]]
    return {
        "classes": classes,
        "intercept": {label: round(float(b), WEIGHT_DIGITS) for label, b in zip(classes, intercept)},
        "weights": {label: {name: round(float(w), WEIGHT_DIGITS) for name, w in zip(vocabulary, row)
                            if round(float(w), WEIGHT_DIGITS)}
                    for label, row in zip(classes, coef)},
    }


def predict(weights: dict, claim: dict, top: int = 3) -> Prediction:
    """The learnt verdict for a claim (its row with the built-in suggestion), its probability, its top features."""
    names = claim_features(claim)
    scores = {label: weights["intercept"][label] + sum(weights["weights"][label].get(name, 0.0) for name in names)
              for label in weights["classes"]}
    best = max(scores.values())
    exp = {label: math.exp(score - best) for label, score in scores.items()}
    verdict = max(exp, key=lambda label: (exp[label], -weights["classes"].index(label)))
    # What pushed this verdict ahead of the others: each feature's weight for it minus its mean weight for all.
    mean = {name: sum(weights["weights"][label].get(name, 0.0) for label in weights["classes"]) / len(exp)
            for name in names}
    pushes = sorted(((name, weights["weights"][verdict].get(name, 0.0) - mean[name]) for name in names),
                    key=lambda item: -item[1])
    return Prediction(verdict, exp[verdict] / sum(exp.values()),
                      tuple((name, round(push, 3)) for name, push in pushes[:top] if push > 0))


def held_out(examples, folds: int = FOLDS, classes=VERDICTS) -> dict | None:
    """Both methods on held-out articles (GroupKFold by article): accuracy, macro-F1, the sign test; None if too few."""
    examples = list(examples)
    articles = sorted({example.article for example in examples}, key=str)
    if len(examples) < MIN_VERDICTS or len(articles) < MIN_ARTICLES:
        return None
    from sklearn.model_selection import GroupKFold
    groups = [example.article for example in examples]
    learnt, builtin = [None] * len(examples), [example.rules for example in examples]
    splitter = GroupKFold(n_splits=min(folds, len(articles)))
    for train, test in splitter.split(examples, groups=[str(group) for group in groups]):
        weights = fit(examples[i] for i in train)
        for i in test:
            learnt[i] = predict(weights, examples[i].claim).verdict if weights else builtin[i]
    truth = [example.verdict for example in examples]
    wins = sum(l == t != b for l, b, t in zip(learnt, builtin, truth))
    losses = sum(b == t != l for l, b, t in zip(learnt, builtin, truth))
    p = sign_test(wins, losses)
    return {
        "verdicts": len(examples), "articles": len(articles), "folds": splitter.get_n_splits(),
        "learnt": {"accuracy": round(accuracy(zip(truth, learnt)), 4),
                   "macro_f1": round(macro_f1(zip(truth, learnt), classes), 4)},
        "built-in": {"accuracy": round(accuracy(zip(truth, builtin)), 4),
                     "macro_f1": round(macro_f1(zip(truth, builtin), classes), 4)},
        "learnt_right_built_in_wrong": wins, "built_in_right_learnt_wrong": losses, "p": round(p, 4),
        "takes_over": wins > losses and p < TAKE_OVER_P,
    }


def train(examples, classes=VERDICTS) -> dict:
    """One scale's model: the held-out comparison, and the weights fitted on every example when it takes over."""
    examples = list(examples)
    comparison = held_out(examples, classes=classes)
    takes_over = bool(comparison and comparison["takes_over"])
    return {"verdicts": len(examples), "held_out": comparison, "active": takes_over,
            "weights": fit(examples) if takes_over else None}
