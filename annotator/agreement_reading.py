"""Agreement per pair of reviewers put in words: the claims they share, their kappa and its Landis & Koch band."""
from dataclasses import dataclass

from .agreement import Ratings, pairwise_cohen_kappa

# Landis & Koch (1977), "The measurement of observer agreement for categorical data", Biometrics 33(1): the bands
# every reader of kappa knows, each with its lower bound (a kappa below 0 is "poor").
LANDIS_KOCH = ((0.81, "almost perfect"), (0.61, "substantial"), (0.41, "moderate"), (0.21, "fair"),
               (0.0, "slight"))
# Below this many shared claims a kappa moves a whole band with one verdict: the reading says so.
FEW_CLAIMS = 30


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    shared: int
    kappa: float | None
    reading: str


def landis_koch(kappa: float | None) -> str:
    """The band's name: poor, slight, fair, moderate, substantial or almost perfect ('' when kappa is undefined)."""
    if kappa is None:
        return ""
    # Compared at two decimals, as the bands are written (0.605 reads as 0.61: substantial).
    rounded = round(kappa, 2)
    return next((name for bound, name in LANDIS_KOCH if rounded >= bound), "poor")


def reading(kappa: float | None, shared: int) -> str:
    """One line for a pair: "Moderate agreement (Landis & Koch) on 12 shared claims: few, read it with care"."""
    if kappa is None:
        return "No shared claims yet."
    line = f"{landis_koch(kappa).capitalize()} agreement (Landis & Koch) on {shared} shared claim{'s' if shared != 1 else ''}"
    return line + (": few, read it with care." if shared < FEW_CLAIMS else ".")


def shared_claims(ratings: Ratings, a: str, b: str) -> int:
    """How many claims both reviewers tagged."""
    return sum(1 for verdicts in ratings.values() if verdicts.get(a) is not None and verdicts.get(b) is not None)


def pairs(ratings: Ratings) -> list[PairAgreement]:
    """Every pair of reviewers who share a claim, names sorted, with the claims shared, kappa and its reading."""
    found = []
    for (a, b), kappa in pairwise_cohen_kappa(ratings).items():
        shared = shared_claims(ratings, a, b)
        found.append(PairAgreement(a, b, shared, kappa, reading(kappa, shared)))
    return found

