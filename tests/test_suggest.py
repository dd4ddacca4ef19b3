"""Tests for the new text core's suggestions (annotator.text): attribution as structure, hedges, carried speakers."""
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from annotator.text import VERDICTS, analyse, split_claims

DEMO = Path(__file__).resolve().parents[1] / "seeds" / "xiaomi-korea.txt"
CUES = Path(__file__).resolve().parents[1] / "annotator" / "text" / "cues.json"


def test_a_named_source_owns_a_hedged_claim_and_both_cues_are_shown():
    claim = analyse("David Frost, director general of the British Chambers of Commerce, warned that many small "
                    "firms could be “crippled”.")
    assert (claim.suggestion, claim.hedged) == ("sourced", True)
    assert claim.source == "David Frost, director general of the British Chambers of Commerce"
    assert claim.reporting_verb == "warned"
    assert "warned" in claim.explanation and "could" in claim.explanation


@pytest.mark.parametrize("text, verb", [
    ("The minister stressed that 300 jobs were safe.", "stressed"),
    ("The council blamed the contractor for the delay.", "blamed"),
    ("Acme claimed it had sold 40,000 units.", "claimed"),
    ("The ministry denied the report.", "denied"),
    ("Prices rose 5% last year, the Office for National Statistics said.", "said"),
    ("“We will reopen on Monday,” said Mr. Lee, the mayor.", "said"),
    ("According to the United States Geological Survey, the quake struck at 3:32 a.m.", "According to"),
])
def test_reporting_verbs_with_a_named_source_make_a_claim_sourced(text, verb):
    claim = analyse(text)
    assert (claim.suggestion, claim.reporting_verb) == ("sourced", verb)
    assert claim.source_named


@pytest.mark.parametrize("text", [
    "Officials said the death toll is likely to rise.",
    "Some residents say the water tastes of metal.",
    "Legal experts said the case could take years.",
    "US officials believe the missile was fired from the north.",
    "It is understood that the deal collapsed on Friday.",
])
def test_an_unnamed_source_makes_a_claim_speculative(text):
    claim = analyse(text)
    assert claim.suggestion == "speculative"
    assert claim.source_named is False


@pytest.mark.parametrize("text", [
    "After the Fed chief said rates would rise, markets fell 3%.",
    "Ecommerce market KT closed the sale after two days citing “legal issues.”",
    "On March 8, news broke that the TVs would be sold in Korea.",
])
def test_a_reporting_word_outside_the_main_clause_is_not_a_source(text):
    assert analyse(text).suggestion == "unverified"


@pytest.mark.parametrize("text", [
    "The widely watched index fell 2% on Tuesday.",
    "The bank reported worse-than-expected profits of $2 billion.",
    "An estimated 2,000 people attended the march.",
    "The president signed the order on May 14.",
    "Firefighters could not reach the building for an hour.",
])
def test_words_that_only_look_like_hedges_do_not_hedge(text):
    assert analyse(text).hedged is False


@pytest.mark.parametrize("text, cue", [
    ("Samsung and LG might not like it.", "might"),
    ("The toll is expected to rise.", "is expected to"),
    ("It’s not clear if Xiaomi officially backed those sales.", "It’s not clear"),
])
def test_a_hedge_with_no_source_makes_a_claim_speculative(text, cue):
    claim = analyse(text)
    assert (claim.suggestion, claim.cue, claim.hedged) == ("speculative", cue, True)


def test_a_plain_assertion_is_unverified_with_no_cue():
    claim = analyse("Xiaomi has reached an agreement with Youmi and Koma Trade.")
    assert (claim.suggestion, claim.cue, claim.source) == ("unverified", "", "")
    assert claim.explanation == "no source or hedge found"


def test_each_sentence_of_a_quotation_carries_its_speaker():
    text = "“We are ready. The team trained hard. We will win,” Smith said."
    claims = split_claims(text)
    assert [claim.text for claim in claims] == ["“We are ready.", "The team trained hard.", "We will win,” Smith said."]
    assert {claim.source for claim in claims} == {"Smith"}
    assert all(claim.suggestion == "sourced" for claim in claims)
    assert all(text[claim.source_start:claim.source_end] == "Smith" for claim in claims)


def test_a_quotation_left_open_at_a_paragraph_end_keeps_its_speaker_in_the_next():
    text = "“We will fight for every job,” the union leader, Ann Cole, said. “We have done it before.\n“And we will do it again.”"
    last = split_claims(text)[-1]
    assert last.text == "“And we will do it again.”"
    assert (last.suggestion, last.source) == ("sourced", "the union leader, Ann Cole")


def test_every_reporting_verb_of_the_cue_file_is_recognised():
    verbs = json.loads(CUES.read_text(encoding="utf-8"))["reporting_verbs"]["phrases"]
    for verb in (verb for verb in verbs if " " not in verb and verb.endswith("ed")):
        # "called" and "cited" report a saying with an object and what was said, never with "that".
        said = "the closures “a mistake”" if verb in ("called", "cited") else "that 40 stores closed in 2020"
        claim = analyse(f"The ministry {verb} {said}.")
        assert (claim.suggestion, claim.reporting_verb) == ("sourced", verb), verb


@pytest.mark.parametrize("sentence, verdict, source", [
    ("Mr. Sikatana described the policy as addressing food security.", "sourced", "Mr. Sikatana"),
    ("The Nobel committee cited “her contribution to peace” as the reason.", "sourced", "The Nobel committee"),
    ("The committee cited safety concerns and closed the bridge.", "unverified", ""),
    ("Galantino has called the ruling “dangerous”.", "sourced", "Galantino"),
    ("Police called at the house on Monday.", "unverified", ""),
    ("As The Guardian reported, the robot costs $100 to make.", "sourced", "The Guardian"),
    ("As described by MIT researchers, the sheet has five layers.", "sourced", "MIT researchers"),
    ("Claudio De Vincenti, undersecretary to the prime minister, said “a table will be opened”.", "sourced",
     "Claudio De Vincenti, undersecretary to the prime minister"),
    ("State prosecutors charged him with murder, they said Sunday — a charge carrying the death penalty.",
     "sourced", "they"),
    ("Scientology officials have stated they have not received the materials.", "sourced", "Scientology officials"),
    ("Legal experts have stated the law is void.", "speculative", "Legal experts"),
    ("Recent reports have revealed that he was arrested in California.", "speculative", "Recent reports"),
    ("The report has prompted calls for all salt to be iodised.", "unverified", ""),
    ("Dr Maathai's project was opposed by the government.", "unverified", ""),
    ("Highlighting other countries, he pointed out such laws led to lower crime.", "sourced", "he"),
    ("He does not believe that the technology will be ready before 2030.", "sourced", "He"),
    ("The city reasoned, “because users pay a fee, this is commercial”.", "sourced", "The city"),
    ("The archive characterizes events where four or more people are shot, other than the gunman, as a mass "
     "shooting.", "sourced", "The archive"),
])
def test_the_source_is_read_from_the_sentence_structure(sentence, verdict, source):
    claim = analyse(sentence)
    assert (claim.suggestion, claim.source) == (verdict, source)


@pytest.mark.parametrize("sentence, hedged", [
    ("Manning, who is rumored to have played his final game, completed 13 of 23 passes.", False),
    ("The team built a robot, which could then make each unit for $100.", False),
    ("It separates hydrogen from water so that hydrogen may be used for energy.", False),
    ("Charges of terrorism carry a possible death penalty.", False),
    ("Police said the suspected gunman surrendered.", False),
    ("It is possible that the toll will rise.", True),
    ("The toll could rise, which would make it the deadliest attack.", True),
])
def test_a_hedge_in_an_aside_does_not_hedge_the_claim(sentence, hedged):
    assert analyse(sentence).hedged is hedged


def test_demo_article_has_each_verdict_several_times():
    counts = Counter(claim.suggestion for claim in split_claims(DEMO.read_text(encoding="utf-8")))
    assert counts["sourced"] >= 3 and counts["speculative"] >= 3 and counts["unverified"] >= 3


def test_confidence_depends_on_the_rule_that_fired():
    named = analyse("The ministry said 40 stores closed in 2020.")
    vague = analyse("Officials said 40 stores closed in 2020.")
    assert named.confidence != vague.confidence


@given(st.text())
def test_any_text_gets_a_known_verdict_and_a_cue_from_the_text(text):
    claim = analyse(text)
    assert claim.suggestion in VERDICTS
    assert claim.cue in text
    assert 0 < claim.confidence <= 1
    assert 0 <= claim.checkworthiness <= 1


def test_a_quotation_after_a_paragraph_ending_in_a_comma_is_its_speakers():
    text = "Rathbun stated,\n\n“Daniel was picked up by an investigator. He was taken to the towers.”"
    claims = split_claims(text)
    assert [(c.suggestion, c.source) for c in claims[1:]] == [("sourced", "Rathbun")] * 2


def test_a_quotation_right_after_a_named_speakers_sentence_is_theirs():
    text = ("Senator John Cornyn issued a statement on the decision. “Houston has played a critical role in the "
            "shuttle programme.”\n\n“The plan was flawed.”")
    claims = split_claims(text)
    assert (claims[1].suggestion, claims[1].source) == ("sourced", "Senator John Cornyn")
    # A new paragraph's quotation with no speaker of its own is not given one.
    assert claims[2].suggestion != "sourced"
