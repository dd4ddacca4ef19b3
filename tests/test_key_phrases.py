"""Key phrases as a fact-checker sees them: what the claim says, figures whole, never only its speaker or date."""
import pytest

from annotator.text import analyse, key_phrase
from annotator.text.key_phrases import FEATURES, candidates


def test_a_figure_is_kept_whole_with_what_it_counts():
    phrase = key_phrase("Shares fell after the company cut 63,000 vehicles from its forecast.")
    assert "63,000 vehicles" in phrase


@pytest.mark.parametrize("text, figure", [
    ("The government pledged $1.5 billion in aid on Monday.", "$1.5 billion"),
    ("Unemployment rose to 3.2% in March.", "3.2%"),
    ("The channel now has 464,000 subscribers.", "464,000 subscribers"),
])
def test_numbers_currencies_and_percentages_stay_whole(text, figure):
    assert figure in key_phrase(text)


def test_a_figure_never_ends_a_phrase_cut_off_from_what_it_counts():
    for start, end, _ in candidates("The Fed raised interest rates by 0.25 percentage points on Wednesday."):
        assert not "The Fed raised interest rates by 0.25 percentage points"[start:end].endswith("0.25")


def test_the_speaker_is_never_the_phrase():
    claim = analyse("Mr Thomas said the council would close three libraries next year.")
    assert claim.source and "Thomas" not in claim.key_phrase
    assert "libraries" in claim.key_phrase


def test_a_date_alone_never_names_a_claim():
    phrase = key_phrase("The summit was held on 2 February 2024 in Geneva.")
    assert phrase not in ("2 February", "2 February 2024", "February 2024")
    assert any(word in phrase for word in ("held", "Geneva", "summit"))


def test_the_predicate_names_the_claim_rather_than_a_name():
    assert key_phrase("Chelsea beat Arsenal in the Carling Cup final.") == "Chelsea beat Arsenal"


def test_a_leading_adverbial_is_not_the_claim():
    phrase = key_phrase("After the vote, the senator resigned from the committee.")
    assert "vote" not in phrase and "resigned" in phrase


def test_the_only_marker_is_kept():
    assert key_phrase("The deal makes the two companies the only official dealers of Xiaomi products.") \
        == "only official dealers"


def test_a_scare_quote_closing_the_claim_names_it():
    assert key_phrase("KT had to close the sale after two days citing “legal issues.”") == "legal issues"


def test_the_demo_keeps_its_two_phrases(demo_claim_phrases):
    assert {"only official dealers", "legal issues"} <= demo_claim_phrases


def test_every_phrase_is_two_to_five_words_copied_from_the_claim():
    text = ("Discount retailer Kmart Corp. announced Wednesday morning it will buy department store operator "
            "Sears, Roebuck & Co. for $11 billion.")
    phrase = key_phrase(text)
    assert 2 <= len(phrase.split()) <= 5 and phrase in text


def test_a_one_word_claim_is_named_by_its_word():
    assert key_phrase("Resigned.") == "Resigned"


def test_every_candidate_has_every_feature():
    assert all(len(features) == len(FEATURES) for _, _, features in candidates("Prices rose 5% in a year."))


@pytest.fixture(scope="module")
def demo_claim_phrases():
    from pathlib import Path
    from annotator.text import split_claims
    text = (Path(__file__).resolve().parents[1] / "seeds" / "xiaomi-korea.txt").read_text(encoding="utf-8")
    return {claim.key_phrase for claim in split_claims(text)}
