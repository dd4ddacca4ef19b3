"""How far reviewers agree on claim verdicts: percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha."""
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

# ratings[item_id][reviewer] = label: one verdict per reviewer per claim; a missing key (or None) is "not rated".
Ratings = Mapping[Hashable, Mapping[str, str | None]]


@dataclass(frozen=True)
class AgreementSummary:
    """Every agreement figure for one verdict table, over the claims rated by at least two reviewers."""

    items: int
    reviewers: tuple[str, ...]
    percent: float | None
    fleiss: float | None
    alpha: float | None
    pairwise: dict[tuple[str, str], float | None]


def percent_agreement(ratings: Ratings) -> float | None:
    """Mean share of agreeing reviewer pairs per claim rated at least twice (others ignored); None if no such claim."""
    shares = []
    for _, verdicts in _rated_twice(ratings):
        m = len(verdicts)
        agreeing = sum(c * (c - 1) for c in Counter(verdicts.values()).values())
        shares.append(Fraction(agreeing, m * (m - 1)))  # both counts doubled: ordered pairs
    return float(sum(shares) / len(shares)) if shares else None


def cohen_kappa(ratings: Ratings, reviewer_a: str, reviewer_b: str) -> float | None:
    """Cohen's kappa of two reviewers over the claims both rated; None if they share none; 1.0 if chance is 1."""
    pairs = _shared_labels(ratings, reviewer_a, reviewer_b)
    if not pairs:
        return None
    n = len(pairs)
    observed = Fraction(sum(a == b for a, b in pairs), n)
    counts_a = Counter(a for a, _ in pairs)
    counts_b = Counter(b for _, b in pairs)
    expected = Fraction(sum(counts_a[label] * counts_b[label] for label in counts_a), n * n)
    if expected == 1:
        # Both gave one same verdict to every shared claim, so kappa is 0/0. They did agree on everything, so we
        # report 1.0 rather than nothing (sklearn's replace_undefined_by=1.0); the 0.0 branch is only a guard.
        return 1.0 if observed == 1 else 0.0
    return float((observed - expected) / (1 - expected))


def pairwise_cohen_kappa(ratings: Ratings) -> dict[tuple[str, str], float | None]:
    """Cohen's kappa for every pair of reviewers (names sorted within and across keys) sharing a rated claim."""
    shared = set()
    for _, verdicts in _rated_twice(ratings):
        shared.update(combinations(sorted(verdicts), 2))
    return {(a, b): cohen_kappa(ratings, a, b) for a, b in sorted(shared)}


def fleiss_kappa(ratings: Ratings, categories: Sequence[str] | None = None) -> float | None:
    """Fleiss' kappa over claims rated at least twice, any number of reviewers each; None if undefined."""
    # With n_i reviewers on claim i, P_i = sum_j n_ij(n_ij - 1) / (n_i(n_i - 1)) and p_j pools every rating, so
    # claims seen by more reviewers weigh more in p_j; with a fixed n this is exactly Fleiss (1971).
    allowed = set(_categories(ratings, categories))
    per_claim = []
    totals = Counter()
    for _, verdicts in _rated_twice(ratings):
        counts = Counter(verdicts.values())
        _check_labels(counts, allowed)
        m = len(verdicts)
        per_claim.append(Fraction(sum(c * (c - 1) for c in counts.values()), m * (m - 1)))
        totals.update(counts)
    if not per_claim:
        return None
    observed = sum(per_claim) / len(per_claim)
    ratings_count = sum(totals.values())
    expected = sum(Fraction(c, ratings_count) ** 2 for c in totals.values())
    if expected == 1:  # every rating is the same verdict: nothing to compare against chance
        return None
    return float((observed - expected) / (1 - expected))


def krippendorff_alpha_nominal(ratings: Ratings) -> float | None:
    """Krippendorff's alpha (nominal) from the coincidence matrix of pairable verdicts; None when undefined."""
    # Only claims with two or more verdicts are pairable. Alpha is undefined (None) with no pairable verdict or
    # when all pairable verdicts are the same label (expected disagreement 0): the krippendorff package raises
    # ValueError or returns nan there, and we never return 1.0 for it.
    observed_disagreement = Fraction(0)  # sum over c != k of the coincidences o_ck
    value_totals = Counter()  # n_c: pairable verdicts with label c
    for _, verdicts in _rated_twice(ratings):
        counts = Counter(verdicts.values())
        m = len(verdicts)
        observed_disagreement += Fraction(m * m - sum(c * c for c in counts.values()), m - 1)
        value_totals.update(counts)
    n = sum(value_totals.values())
    expected_disagreement = n * n - sum(c * c for c in value_totals.values())  # sum over c != k of n_c n_k
    if n < 2 or expected_disagreement == 0:
        return None
    return float(1 - (n - 1) * observed_disagreement / expected_disagreement)


def confusion_matrix(ratings: Ratings, reviewer_a: str, reviewer_b: str,
                     categories: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Counts of claims both rated: rows are reviewer_a's verdict, columns reviewer_b's, every category present."""
    labels = _categories(ratings, categories)
    matrix = {row: dict.fromkeys(labels, 0) for row in labels}
    pairs = _shared_labels(ratings, reviewer_a, reviewer_b)
    _check_labels({label for pair in pairs for label in pair}, set(labels))
    for a, b in pairs:
        matrix[a][b] += 1
    return matrix


def disagreements(ratings: Ratings) -> list[Hashable]:
    """Claims rated at least twice whose verdicts are not all equal, in input order."""
    return [item for item, verdicts in _rated_twice(ratings) if len(set(verdicts.values())) > 1]


def summarise(ratings: Ratings, categories: Sequence[str] | None = None) -> AgreementSummary:
    """All figures at once; reviewers are those with a verdict on some claim rated at least twice, sorted."""
    rated = list(_rated_twice(ratings))
    return AgreementSummary(
        items=len(rated),
        reviewers=tuple(sorted({reviewer for _, verdicts in rated for reviewer in verdicts})),
        percent=percent_agreement(ratings),
        fleiss=fleiss_kappa(ratings, categories),
        alpha=krippendorff_alpha_nominal(ratings),
        pairwise=pairwise_cohen_kappa(ratings),
    )


def _given(verdicts: Mapping[str, str | None]) -> dict[str, str]:
    """The verdicts actually given: a None label (e.g. from an outer join) means not rated."""
    return {reviewer: label for reviewer, label in verdicts.items() if label is not None}


def _rated_twice(ratings: Ratings) -> Iterator[tuple[Hashable, dict[str, str]]]:
    """(item, verdicts) for each claim with at least two verdicts, in input order: one verdict shows no agreement."""
    for item, verdicts in ratings.items():
        given = _given(verdicts)
        if len(given) >= 2:
            yield item, given


def _shared_labels(ratings: Ratings, reviewer_a: str, reviewer_b: str) -> list[tuple[str, str]]:
    """(a's verdict, b's verdict) for each claim both reviewers rated, in input order."""
    pairs = []
    for verdicts in ratings.values():
        given = _given(verdicts)
        if reviewer_a in given and reviewer_b in given:
            pairs.append((given[reviewer_a], given[reviewer_b]))
    return pairs


def _categories(ratings: Ratings, categories: Sequence[str] | None) -> list[str]:
    """The given categories, or every verdict seen anywhere in the table, sorted."""
    if categories is not None:
        return list(categories)
    return sorted({label for verdicts in ratings.values() for label in _given(verdicts).values()})


def _check_labels(labels, allowed: set[str]) -> None:
    """Refuse a verdict outside the categories: silently dropping it would change the figures."""
    unknown = set(labels) - allowed
    if unknown:
        raise ValueError(f"verdicts not among the categories: {sorted(unknown)}")


# --- Ordered scales: near misses count as partly agreeing -----------------------------------------------------
# order maps each verdict of an ordered scale to its place on the line (a truth rating's 5 ... 1); a verdict with
# no place (unproven: not between true and false) is left out of these figures, as if not given.

def weighted_kappa(ratings: Ratings, reviewer_a: str, reviewer_b: str, order: Mapping[str, float]) -> float | None:
    """Cohen's kappa with quadratic weights over the claims both rated on the line; None if they share none."""
    pairs = [(order[a], order[b]) for a, b in _shared_labels(ratings, reviewer_a, reviewer_b)
             if a in order and b in order]
    if not pairs:
        return None
    n = len(pairs)
    # Squared distance, as Krippendorff's interval alpha weighs it: one step apart costs 1, two steps 4.
    observed = Fraction(sum(Fraction(a - b) ** 2 for a, b in pairs), n)
    expected = Fraction(sum(Fraction(a - b) ** 2 for a, _ in pairs for _, b in pairs), n * n)
    if expected == 0:
        # Both gave one same verdict to every shared claim: as cohen_kappa, full agreement rather than nothing.
        return 1.0 if observed == 0 else 0.0
    return float(1 - observed / expected)


def pairwise_weighted_kappa(ratings: Ratings, order: Mapping[str, float]) -> dict[tuple[str, str], float | None]:
    """weighted_kappa for every pair of reviewers sharing a claim rated on the line, as pairwise_cohen_kappa."""
    on_line = _on_line(ratings, order)
    shared = set()
    for _, verdicts in _rated_twice(on_line):
        shared.update(combinations(sorted(verdicts), 2))
    return {(a, b): weighted_kappa(on_line, a, b, order) for a, b in sorted(shared)}


def krippendorff_alpha_interval(ratings: Ratings, order: Mapping[str, float]) -> float | None:
    """Krippendorff's alpha with the interval metric (squared distance between places); None when undefined."""
    units = [[Fraction(order[label]) for label in verdicts.values()]
             for _, verdicts in _rated_twice(_on_line(ratings, order))]
    values = [value for unit in units for value in unit]
    n = len(values)
    # Sums over ordered pairs of different positions: within each claim (weighed by 1/(m-1)) and over all values.
    observed = sum(sum((a - b) ** 2 for a in unit for b in unit) / (len(unit) - 1) for unit in units)
    expected = sum((a - b) ** 2 for a in values for b in values)
    if n < 2 or expected == 0:
        return None
    return float(1 - (n - 1) * observed / expected)


def _on_line(ratings: Ratings, order: Mapping[str, float]) -> dict:
    """The table with only the verdicts that have a place on the line."""
    return {item: {reviewer: label for reviewer, label in _given(verdicts).items() if label in order}
            for item, verdicts in ratings.items()}
