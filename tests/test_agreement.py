"""Agreement measures: hand-worked examples from the literature, edge cases, and reference implementations."""
import importlib
import math
import os
import random
from fractions import Fraction
from itertools import combinations

import pytest

from annotator.agreement import (
    AgreementSummary,
    cohen_kappa,
    confusion_matrix,
    disagreements,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    pairwise_cohen_kappa,
    percent_agreement,
    summarise,
)

LABELS = ("sourced", "speculative", "unverified")
SEEDS = range(8)


def reference(module_name):
    """A reference package: skipped locally when missing, but a failure on CI, where a skip would go unnoticed."""
    if os.environ.get("CI") != "true":
        return pytest.importorskip(module_name)
    try:
        return importlib.import_module(module_name)
    except ImportError as error:
        pytest.fail(f"{module_name} is needed on CI (requirements-test.txt): {error}")


def table(columns):
    """Ratings from {reviewer: [label or None per claim]}: claim ids 1..n, None meaning not rated."""
    length = len(next(iter(columns.values())))
    return {
        claim: {reviewer: labels[claim - 1] for reviewer, labels in columns.items() if labels[claim - 1] is not None}
        for claim in range(1, length + 1)
    }


def random_ratings(seed):
    """A random verdict table: 3-5 reviewers, 10-60 claims, about a third of verdicts missing, skewed labels."""
    rng = random.Random(seed)
    reviewers = [f"reviewer{r}" for r in range(rng.randint(3, 5))]
    weights = [rng.random() + 0.1 for _ in LABELS]
    ratings = {}
    for claim in range(rng.randint(10, 60)):
        ratings[f"claim-{claim}"] = {
            reviewer: rng.choices(LABELS, weights)[0] for reviewer in reviewers if rng.random() < 0.65
        }
    return ratings


# Ten claims, reviewers ann and ben (s = sourced, p = speculative, u = unverified):
#   ann: s s s s p p p u u u
#   ben: s s s p p p u u u s
# Confusion (rows ann, columns ben): s: 3 1 0 / p: 0 2 1 / u: 1 0 2, so observed agreement p_o = 7/10.
# Both reviewers' marginals are s 4, p 3, u 3: p_e = (4*4 + 3*3 + 3*3) / 100 = 34/100.
# kappa = (0.70 - 0.34) / (1 - 0.34) = 0.36 / 0.66 = 6/11 = 0.5454...
TEN_CLAIMS = table({
    "ann": ["sourced"] * 4 + ["speculative"] * 3 + ["unverified"] * 3,
    "ben": ["sourced"] * 3 + ["speculative"] * 3 + ["unverified"] * 3 + ["sourced"],
})


def test_cohen_kappa_matches_hand_computed_ten_claims():
    assert cohen_kappa(TEN_CLAIMS, "ann", "ben") == pytest.approx(6 / 11, abs=1e-12)


def test_cohen_kappa_is_symmetric_in_the_two_reviewers():
    assert cohen_kappa(TEN_CLAIMS, "ben", "ann") == pytest.approx(cohen_kappa(TEN_CLAIMS, "ann", "ben"), abs=1e-12)


def test_cohen_kappa_is_one_for_perfect_agreement():
    ratings = table({"ann": ["sourced", "unverified", "speculative"], "ben": ["sourced", "unverified", "speculative"]})
    assert cohen_kappa(ratings, "ann", "ben") == 1.0


def test_cohen_kappa_is_negative_for_systematic_disagreement():
    # Always opposite: p_o = 0, each used s and u half the time so p_e = 1/2, kappa = (0 - 1/2) / (1/2) = -1.
    ratings = table({"ann": ["sourced", "unverified"] * 2, "ben": ["unverified", "sourced"] * 2})
    assert cohen_kappa(ratings, "ann", "ben") == -1.0


def test_cohen_kappa_is_none_without_shared_claims():
    ratings = table({"ann": ["sourced", None], "ben": [None, "sourced"]})
    assert cohen_kappa(ratings, "ann", "ben") is None
    assert cohen_kappa(ratings, "ann", "nobody") is None


def test_cohen_kappa_is_one_when_both_gave_the_same_single_verdict_everywhere():
    # p_o = p_e = 1 makes kappa 0/0; the documented choice is 1.0.
    ratings = table({"ann": ["sourced"] * 3, "ben": ["sourced"] * 3})
    assert cohen_kappa(ratings, "ann", "ben") == 1.0


def test_cohen_kappa_uses_only_claims_both_reviewers_rated():
    extra = dict(TEN_CLAIMS)
    extra[11] = {"ann": "sourced", "cat": "unverified"}
    extra[12] = {"ben": "speculative"}
    assert cohen_kappa(extra, "ann", "ben") == pytest.approx(6 / 11, abs=1e-12)


def test_pairwise_cohen_kappa_covers_each_pair_sharing_a_claim_with_sorted_names():
    ratings = {
        1: {"zoe": "sourced", "ann": "sourced", "ben": "unverified"},
        2: {"zoe": "unverified", "ann": "unverified", "ben": "unverified"},
        3: {"cat": "sourced"},
    }
    pairwise = pairwise_cohen_kappa(ratings)
    assert list(pairwise) == [("ann", "ben"), ("ann", "zoe"), ("ben", "zoe")]
    assert pairwise[("ann", "zoe")] == 1.0
    assert pairwise[("ann", "ben")] == cohen_kappa(ratings, "ann", "ben")


def test_percent_agreement_is_the_mean_share_of_agreeing_pairs():
    # Claim 1: three reviewers, pairs (ann,ben) agree, (ann,cat) and (ben,cat) do not: 1/3.
    # Claim 2: two reviewers who agree: 1. Claim 3 has one verdict and is ignored. Mean (1/3 + 1) / 2 = 2/3.
    ratings = {
        1: {"ann": "sourced", "ben": "sourced", "cat": "speculative"},
        2: {"ann": "unverified", "cat": "unverified"},
        3: {"ben": "speculative"},
    }
    assert percent_agreement(ratings) == pytest.approx(2 / 3, abs=1e-12)


def test_percent_agreement_is_none_without_a_claim_rated_twice():
    assert percent_agreement({1: {"ann": "sourced"}, 2: {}}) is None
    assert percent_agreement({}) is None


# Fleiss (1971) as worked on Wikipedia ("Fleiss' kappa"): 10 subjects, 14 raters each, 5 categories.
# Rows are how many of the 14 raters chose categories 1..5:
FLEISS_1971 = [
    (0, 0, 0, 0, 14),
    (0, 2, 6, 4, 2),
    (0, 0, 3, 5, 6),
    (0, 3, 9, 2, 0),
    (2, 2, 8, 1, 1),
    (7, 7, 0, 0, 0),
    (3, 2, 6, 3, 0),
    (2, 5, 3, 2, 2),
    (6, 5, 2, 1, 0),
    (0, 2, 2, 3, 7),
]
# P_i = (sum_j n_ij^2 - 14) / (14 * 13): numerators 182, 46, 56, 80, 60, 84, 44, 32, 52, 52 (sum 688) over 182,
# so P_bar = 688 / 1820 = 0.378. Column totals 20, 28, 39, 21, 32 of 140 ratings give
# P_e = (20^2 + 28^2 + 39^2 + 21^2 + 32^2) / 140^2 = 4170 / 19600 = 0.2128.
# kappa = (P_bar - P_e) / (1 - P_e) = 4211 / 20059 = 0.20993 (Wikipedia: 0.210).
FLEISS_1971_KAPPA = (Fraction(688, 1820) - Fraction(4170, 19600)) / (1 - Fraction(4170, 19600))


def fleiss_1971_ratings():
    """The Fleiss table as ratings, each subject's raters given synthetic names r1..r14 in category order."""
    ratings = {}
    for subject, counts in enumerate(FLEISS_1971, start=1):
        labels = [f"category{j}" for j, count in enumerate(counts, start=1) for _ in range(count)]
        ratings[subject] = {f"r{rater}": label for rater, label in enumerate(labels, start=1)}
    return ratings


def test_fleiss_kappa_matches_fleiss_1971_example():
    kappa = fleiss_kappa(fleiss_1971_ratings())
    assert FLEISS_1971_KAPPA == Fraction(4211, 20059)
    assert kappa == pytest.approx(float(FLEISS_1971_KAPPA), abs=1e-12)
    assert round(kappa, 3) == 0.210


def test_fleiss_kappa_handles_a_varying_number_of_reviewers_per_claim():
    # Claim 1: s s s (3 raters) P = 6/6 = 1; claim 2: s u (2) P = 0; claim 3: u u (2) P = 2/2 = 1.
    # P_bar = 2/3. Pooled ratings: s 4, u 3 of 7, P_e = (16 + 9) / 49 = 25/49.
    # kappa = (2/3 - 25/49) / (24/49) = 23/72 = 0.3194...
    ratings = table({
        "ann": ["sourced", "sourced", None],
        "ben": ["sourced", "unverified", "unverified"],
        "cat": ["sourced", None, "unverified"],
    })
    assert fleiss_kappa(ratings) == pytest.approx(23 / 72, abs=1e-12)


def test_fleiss_kappa_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    agree = table({reviewer: ["sourced", "unverified"] for reviewer in ("ann", "ben", "cat")})
    assert fleiss_kappa(agree) == 1.0
    split = table({"ann": ["sourced", "unverified"], "ben": ["unverified", "sourced"]})
    assert fleiss_kappa(split) < 0


def test_fleiss_kappa_is_none_when_undefined():
    assert fleiss_kappa({1: {"ann": "sourced"}}) is None
    assert fleiss_kappa(table({"ann": ["sourced"] * 3, "ben": ["sourced"] * 3})) is None


def test_fleiss_kappa_ignores_unused_categories_but_refuses_unknown_verdicts():
    ratings = fleiss_1971_ratings()
    categories = [f"category{j}" for j in range(1, 7)]
    assert fleiss_kappa(ratings, categories) == pytest.approx(float(FLEISS_1971_KAPPA), abs=1e-12)
    with pytest.raises(ValueError, match="category5"):
        fleiss_kappa(ratings, categories[:4])


# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: nominal data, 4 observers,
# 12 units, missing values (None). Unit 12 has a single value and is not pairable.
KRIPPENDORFF_2011 = table({
    "A": ["1", "2", "3", "3", "2", "1", "4", "1", "2", None, None, None],
    "B": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", None, "3"],
    "C": [None, "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", None],
    "D": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", None],
})
# Pairable values: n = 40, with n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3.
# Off-diagonal coincidences per unit, (m_u^2 - sum_c n_uc^2) / (m_u - 1): unit 2 (2,2,3,2): (16 - 10)/3 = 2;
# unit 6 (1,2,3,4): (16 - 4)/3 = 4; unit 8 (1,1,2,1): (16 - 10)/3 = 2; all others 0. Total 8.
# sum over c != k of n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1216.
# alpha = 1 - (n - 1) * 8 / 1216 = 1 - 312/1216 = 113/152 = 0.743 (the paper's value).
def test_krippendorff_alpha_matches_2011_worked_example():
    alpha = krippendorff_alpha_nominal(KRIPPENDORFF_2011)
    assert alpha == pytest.approx(113 / 152, abs=1e-12)
    assert round(alpha, 3) == 0.743


def test_krippendorff_alpha_is_one_for_perfect_agreement_and_negative_for_systematic_disagreement():
    agree = table({"ann": ["sourced", "unverified", "sourced"], "ben": ["sourced", "unverified", "sourced"]})
    assert krippendorff_alpha_nominal(agree) == 1.0
    split = table({"ann": ["sourced", "unverified"], "ben": ["unverified", "sourced"]})
    assert krippendorff_alpha_nominal(split) < 0


def test_krippendorff_alpha_is_none_when_undefined():
    # No pairable values at all, or every pairable value the same label (the package raises or gives nan).
    assert krippendorff_alpha_nominal({1: {"ann": "sourced"}, 2: {"ben": "unverified"}}) is None
    assert krippendorff_alpha_nominal(table({"ann": ["sourced"] * 3, "ben": ["sourced"] * 3})) is None
    one_label_pairable = {1: {"ann": "sourced", "ben": "sourced"}, 2: {"cat": "unverified"}}
    assert krippendorff_alpha_nominal(one_label_pairable) is None


def test_every_measure_ignores_claims_with_one_verdict():
    padded = dict(KRIPPENDORFF_2011)
    padded["lonely-a"] = {"A": "5"}
    padded["lonely-b"] = {"Z": "1"}
    padded["empty"] = {}
    for measure in (percent_agreement, fleiss_kappa, krippendorff_alpha_nominal, disagreements, pairwise_cohen_kappa):
        assert measure(padded) == measure(KRIPPENDORFF_2011), measure.__name__


def test_none_verdict_counts_as_not_rated():
    with_none = {claim: {**verdicts, "E": None} for claim, verdicts in KRIPPENDORFF_2011.items()}
    assert krippendorff_alpha_nominal(with_none) == krippendorff_alpha_nominal(KRIPPENDORFF_2011)
    assert cohen_kappa(with_none, "A", "E") is None
    assert summarise(with_none) == summarise(KRIPPENDORFF_2011)


def test_confusion_matrix_counts_claims_both_rated_with_every_category():
    ratings = dict(TEN_CLAIMS)
    ratings[11] = {"ann": "sourced"}
    ratings[12] = {"cat": "retracted", "ann": "sourced"}
    assert confusion_matrix(ratings, "ann", "ben") == {
        "retracted": {"retracted": 0, "sourced": 0, "speculative": 0, "unverified": 0},
        "sourced": {"retracted": 0, "sourced": 3, "speculative": 1, "unverified": 0},
        "speculative": {"retracted": 0, "sourced": 0, "speculative": 2, "unverified": 1},
        "unverified": {"retracted": 0, "sourced": 1, "speculative": 0, "unverified": 2},
    }


def test_confusion_matrix_follows_given_categories_and_refuses_unknown_verdicts():
    matrix = confusion_matrix(TEN_CLAIMS, "ben", "ann", categories=["unverified", "speculative", "sourced", "other"])
    assert list(matrix) == ["unverified", "speculative", "sourced", "other"]
    assert list(matrix["sourced"]) == ["unverified", "speculative", "sourced", "other"]
    assert matrix["sourced"] == {"unverified": 1, "speculative": 0, "sourced": 3, "other": 0}
    assert sum(sum(row.values()) for row in matrix.values()) == 10
    with pytest.raises(ValueError, match="unverified"):
        confusion_matrix(TEN_CLAIMS, "ann", "ben", categories=["sourced", "speculative"])


def test_confusion_matrix_is_all_zeros_without_shared_claims():
    ratings = table({"ann": ["sourced", None], "ben": [None, "unverified"]})
    assert confusion_matrix(ratings, "ann", "ben") == {
        "sourced": {"sourced": 0, "unverified": 0},
        "unverified": {"sourced": 0, "unverified": 0},
    }


def test_disagreements_lists_split_claims_in_input_order():
    ratings = {
        "c9": {"ann": "sourced", "ben": "unverified"},
        "c2": {"ann": "sourced", "ben": "sourced"},
        "c5": {"ann": "speculative"},
        "c1": {"ann": "sourced", "ben": "sourced", "cat": "speculative"},
        "c7": {"ben": "unverified", "cat": "unverified"},
    }
    assert disagreements(ratings) == ["c9", "c1"]
    assert disagreements(TEN_CLAIMS) == [4, 7, 10]


def test_summarise_gathers_every_figure():
    ratings = dict(TEN_CLAIMS)
    ratings[11] = {"dan": "sourced"}
    summary = summarise(ratings)
    assert summary == AgreementSummary(
        items=10,
        reviewers=("ann", "ben"),
        percent=pytest.approx(0.7, abs=1e-12),
        fleiss=fleiss_kappa(TEN_CLAIMS),
        alpha=krippendorff_alpha_nominal(TEN_CLAIMS),
        pairwise={("ann", "ben"): pytest.approx(6 / 11, abs=1e-12)},
    )


def test_summarise_of_an_empty_table_has_no_figures():
    assert summarise({}) == AgreementSummary(0, (), None, None, None, {})


# Some seeds give a pair who used one same verdict throughout: sklearn warns there, on purpose.
@pytest.mark.filterwarnings("ignore:A single label was found")
@pytest.mark.filterwarnings("ignore:.*only one label in common")
@pytest.mark.parametrize("seed", SEEDS)
def test_cohen_kappa_matches_sklearn_on_random_tables(seed):
    metrics = reference("sklearn.metrics")
    ratings = random_ratings(seed)
    reviewers = sorted({reviewer for verdicts in ratings.values() for reviewer in verdicts})
    expected = {}
    for a, b in combinations(reviewers, 2):
        shared = [verdicts for verdicts in ratings.values() if a in verdicts and b in verdicts]
        if shared:
            # replace_undefined_by=1.0 is sklearn's spelling of our choice when both used one same verdict.
            expected[(a, b)] = metrics.cohen_kappa_score(
                [v[a] for v in shared], [v[b] for v in shared], replace_undefined_by=1.0
            )
            assert cohen_kappa(ratings, a, b) == pytest.approx(expected[(a, b)], abs=1e-9)
    assert pairwise_cohen_kappa(ratings) == pytest.approx(expected, abs=1e-9)


def reference_alpha(krippendorff, np, ratings):
    """The krippendorff package's nominal alpha on a reviewers x claims float matrix, None where it gives none."""
    reviewers = sorted({reviewer for verdicts in ratings.values() for reviewer in verdicts})
    code = {label: float(index) for index, label in enumerate(LABELS)}
    matrix = np.array(
        [[code[verdicts[r]] if r in verdicts else np.nan for verdicts in ratings.values()] for r in reviewers],
        dtype=float,
    )
    try:
        with np.errstate(invalid="ignore", divide="ignore"):
            value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    except ValueError:
        return None
    return None if math.isnan(value) else value


@pytest.mark.parametrize("seed", SEEDS)
def test_krippendorff_alpha_matches_package_on_random_tables(seed):
    np = reference("numpy")
    krippendorff = reference("krippendorff")
    ratings = random_ratings(seed)
    expected = reference_alpha(krippendorff, np, ratings)
    assert expected is not None
    assert krippendorff_alpha_nominal(ratings) == pytest.approx(expected, abs=1e-9)


def test_krippendorff_alpha_is_none_exactly_where_the_package_gives_no_number():
    np = reference("numpy")
    krippendorff = reference("krippendorff")
    cases = [
        {1: {"ann": "sourced", "ben": "sourced"}, 2: {"ann": "sourced", "ben": "sourced"}},  # package raises
        {1: {"ann": "sourced", "ben": "sourced"}, 2: {"cat": "unverified"}},  # package returns nan
        {1: {"ann": "sourced"}, 2: {"ben": "unverified"}},  # nothing pairable: package raises
        {1: {"ann": "sourced", "ben": "unverified"}, 2: {"ann": "sourced", "ben": "sourced"}},
    ]
    for ratings in cases:
        expected = reference_alpha(krippendorff, np, ratings)
        assert krippendorff_alpha_nominal(ratings) == (None if expected is None else pytest.approx(expected, abs=1e-9))


def test_missing_reference_package_fails_on_ci_but_skips_locally(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="needed on CI"):
        reference("no_such_reference_package")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        reference("no_such_reference_package")
