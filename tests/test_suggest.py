"""Tests for suggesting a verdict from the cue words in a claim."""
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from annotator.claims import split_claims
from annotator.suggest import VERDICTS, load_cues, suggest

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "xiaomi-korea.txt"
CUES = Path(__file__).resolve().parents[1] / "annotator" / "cues.json"


def test_reporting_verb_makes_a_claim_sourced():
    suggestion = suggest("Just today, the Korea Herald reported that Xiaomi has filed for a patent.")
    assert (suggestion.verdict, suggestion.cue) == ("sourced", "reported")
    assert suggestion.explanation == 'reporting verb "reported"'
    assert 0.5 < suggestion.confidence <= 1


@pytest.mark.parametrize("text, cue", [
    ("According to Yonhap, Xiaomi opened a store.", "According to"),
    ("The paper says the partners are small companies.", "says"),
    ("KT closed the sale citing legal issues.", "citing"),
    ("Xiaomi told investors it would expand.", "told"),
    ("Xiaomi announced two Korean dealers.", "announced"),
])
def test_sources_and_reporting_verbs_make_a_claim_sourced(text, cue):
    assert (suggest(text).verdict, suggest(text).cue) == ("sourced", cue)


def test_named_outlet_alone_makes_a_claim_sourced():
    suggestion = suggest("Xiaomi sold 50,000 phones in Korea, Reuters found.")
    assert (suggestion.verdict, suggestion.cue) == ("sourced", "Reuters")
    assert "named source" in suggestion.explanation


@pytest.mark.parametrize("text", [
    "It’s not clear if Xiaomi officially backed those sales.",
    "It's not clear if Xiaomi officially backed those sales.",
])
def test_not_clear_is_a_hedge_with_curly_or_straight_apostrophe(text):
    suggestion = suggest(text)
    assert suggestion.verdict == "speculative"
    assert suggestion.cue.replace("’", "'") == "It's not clear"


@pytest.mark.parametrize("text, cue", [
    ("Samsung and LG might not like it.", "might"),
    ("It looks like Xiaomi will expand.", "It looks like"),
    ("Xiaomi is likely to sell phones.", "likely"),
    ("Phones will be on sale any day now.", "any day now"),
    ("Xiaomi MAY   open a store.", "MAY"),
])
def test_hedges_make_a_claim_speculative(text, cue):
    suggestion = suggest(text)
    assert (suggestion.verdict, suggestion.cue) == ("speculative", cue)
    assert suggestion.explanation == f'hedge "{cue}"'


def test_speculation_outweighs_a_named_source_and_the_explanation_says_both():
    suggestion = suggest("The Herald speculates what many have long expected.")
    assert (suggestion.verdict, suggestion.cue) == ("speculative", "speculates")
    assert suggestion.explanation.startswith("both:")
    assert "speculates" in suggestion.explanation and "The Herald" in suggestion.explanation


def test_a_source_beside_a_hedge_lowers_the_confidence():
    mixed = suggest("The Herald speculates that Samsung pressured the carriers.")
    plain = suggest("Samsung may have pressured the carriers.")
    assert mixed.confidence < plain.confidence


@pytest.mark.parametrize("text", [
    "The president signed the order on May 14.",
    "The company was fined on 3 May 2021.",
    "Firefighters could not reach the building for an hour.",
])
def test_dates_and_past_inability_are_not_hedges(text):
    assert suggest(text).verdict == "unverified"


@pytest.mark.parametrize("text, cue", [
    ("It is widely believed that the ship sank in a storm.", "widely"),
    ("The stadium is said to be the largest in Africa.", "is said to"),
    ("Critics argue that the policy has failed.", "Critics argue"),
])
def test_weasel_words_make_a_claim_speculative(text, cue):
    suggestion = suggest(text)
    assert (suggestion.verdict, suggestion.cue) == ("speculative", cue)


def test_a_sentence_that_is_all_one_quotation_is_sourced():
    text = "“All the drugs were wrapped in thick plastic bags.”"
    suggestion = suggest(text)
    assert (suggestion.verdict, suggestion.cue) == ("sourced", text)
    assert "quotation" in suggestion.explanation


def test_certainly_is_not_a_hedge():
    assert suggest("Xiaomi certainly has smartphone sales in Korea on its roadmap.").verdict == "unverified"


def test_plain_fact_is_unverified_with_no_cue():
    suggestion = suggest("Xiaomi has reached an agreement with Youmi and Koma Trade.")
    assert suggestion.verdict == "unverified"
    assert suggestion.cue == ""
    assert suggestion.explanation == "no source or hedge found"


@pytest.mark.parametrize("text", [
    "The logo disappears from the box.",
    "Xiaomi's mightiest phone sold out.",
    "The saying goes that phones sell.",
])
def test_cues_match_whole_words_only(text):
    assert suggest(text).verdict == "unverified"


def test_every_cue_in_the_data_file_is_recognised():
    cues = json.loads(CUES.read_text(encoding="utf-8"))
    assert set(cues) == {"sourced", "speculative"}
    for verdict, kinds in cues.items():
        for kind in kinds.values():
            assert 0 < kind["confidence"] <= 1
            for phrase in kind["phrases"]:
                suggestion = suggest(f"Phones {phrase.upper()} sell.")
                assert suggestion.verdict == verdict, phrase
                assert phrase.upper() in suggestion.cue or suggestion.cue in phrase.upper(), phrase


def test_a_user_extended_cue_file_loads_with_its_own_kinds(tmp_path):
    path = tmp_path / "cues.json"
    path.write_text(json.dumps({"sourced": {"wire": {"confidence": 0.7, "phrases": ["per AFP"]}},
                                "speculative": {}}), encoding="utf-8")
    (kind,) = load_cues(path)["sourced"]
    assert (kind.name, kind.confidence) == ("wire", 0.7)
    assert kind.pattern.search("sales rose, per afp.")


def test_demo_article_has_several_sourced_and_several_speculative_claims():
    counts = Counter(claim.suggestion for claim in split_claims(DEMO.read_text(encoding="utf-8")))
    assert counts["sourced"] >= 3
    assert counts["speculative"] >= 3
    assert counts["unverified"] >= 3


@given(st.text())
def test_any_text_gets_a_known_verdict_and_a_cue_from_the_text(text):
    suggestion = suggest(text)
    assert suggestion.verdict in VERDICTS
    assert suggestion.cue in text
    assert (suggestion.cue == "") == (suggestion.verdict == "unverified")
    assert 0 < suggestion.confidence <= 1
