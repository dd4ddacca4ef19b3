"""Agreement per pair in words: claims shared, kappa and its Landis & Koch band, with a warning on few claims."""
import pytest

from annotator.agreement_reading import PairAgreement, landis_koch, pairs, reading


@pytest.mark.parametrize("kappa, band", [(-0.2, "poor"), (0.0, "slight"), (0.2, "slight"), (0.21, "fair"),
                                         (0.4, "fair"), (0.41, "moderate"), (0.6, "moderate"), (0.61, "substantial"),
                                         (0.8, "substantial"), (0.81, "almost perfect"), (1.0, "almost perfect")])
def test_landis_koch_bands(kappa, band):
    assert landis_koch(kappa) == band


def test_a_reading_names_the_band_and_the_sample_size():
    assert reading(0.5, 40) == "Moderate agreement (Landis & Koch) on 40 shared claims."
    assert reading(0.9, 1) == "Almost perfect agreement (Landis & Koch) on 1 shared claim: few, read it with care."
    assert reading(None, 0) == "No shared claims yet."


def test_pairs_count_the_claims_each_pair_shares():
    ratings = {1: {"Ana": "sourced", "Ben": "sourced", "Cy": "speculative"},
               2: {"Ana": "speculative", "Ben": "speculative"},
               3: {"Ana": "sourced", "Cy": "sourced"},
               4: {"Ben": "unverified"}}
    found = {(pair.a, pair.b): pair for pair in pairs(ratings)}
    assert found[("Ana", "Ben")] == PairAgreement("Ana", "Ben", 2, 1.0, reading(1.0, 2))
    assert found[("Ana", "Cy")].shared == 2 and found[("Ben", "Cy")].shared == 1
