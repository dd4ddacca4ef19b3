"""Agreement on ordered scales: quadratic-weighted kappa and Krippendorff's interval alpha, against known values."""
import pytest

from annotator import agreement

ORDER = {str(i): i for i in range(1, 6)}

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 coders x 12 units example: interval
# alpha 0.849, nominal 0.743 (also what the krippendorff package gives).
KRIPPENDORFF_2011 = ["1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3", ". 3 3 3 2 3 4 2 2 5 1 .",
                     "1 2 3 3 2 4 4 1 2 5 1 ."]


def table(rows):
    ratings = {}
    for coder, row in zip("ABCD", rows):
        for unit, value in enumerate(row.split()):
            if value != ".":
                ratings.setdefault(unit, {})[coder] = value
    return ratings


def test_interval_alpha_matches_krippendorffs_worked_example():
    ratings = table(KRIPPENDORFF_2011)
    assert agreement.krippendorff_alpha_interval(ratings, ORDER) == pytest.approx(0.849, abs=5e-4)
    assert agreement.krippendorff_alpha_nominal(ratings) == pytest.approx(0.743, abs=5e-4)


def test_weighted_kappa_matches_sklearns_quadratic_weights():
    # sklearn.metrics.cohen_kappa_score(a, b, weights="quadratic", labels=[1, 2, 3, 4, 5]) = 0.80147...
    a = [5, 4, 3, 2, 1, 5, 4, 4, 2, 1, 3, 3]
    b = [5, 5, 3, 1, 1, 4, 4, 3, 2, 2, 3, 1]
    ratings = {item: {"A": str(x), "B": str(y)} for item, (x, y) in enumerate(zip(a, b))}
    assert agreement.weighted_kappa(ratings, "A", "B", ORDER) == pytest.approx(0.8014705882)


def test_a_near_miss_counts_for_more_than_a_far_one():
    same = {2: {"A": "1", "B": "1"}, 3: {"A": "3", "B": "3"}, 4: {"A": "2", "B": "2"}}
    near, far = {1: {"A": "5", "B": "4"}, **same}, {1: {"A": "5", "B": "1"}, **same}
    assert agreement.percent_agreement(near) == agreement.percent_agreement(far) == 0.75
    assert agreement.weighted_kappa(near, "A", "B", ORDER) > agreement.weighted_kappa(far, "A", "B", ORDER)
    assert agreement.krippendorff_alpha_interval(near, ORDER) > agreement.krippendorff_alpha_interval(far, ORDER)


def test_verdicts_off_the_line_are_left_out_and_undefined_figures_are_none():
    ratings = {1: {"A": "5", "B": "unproven"}, 2: {"A": "unproven", "B": "unproven"}}
    assert agreement.weighted_kappa(ratings, "A", "B", ORDER) is None
    assert agreement.krippendorff_alpha_interval(ratings, ORDER) is None
    assert agreement.pairwise_weighted_kappa(ratings, ORDER) == {}
    same = {1: {"A": "4", "B": "4"}, 2: {"A": "4", "B": "4"}}
    assert agreement.weighted_kappa(same, "A", "B", ORDER) == 1.0
    assert agreement.krippendorff_alpha_interval(same, ORDER) is None
