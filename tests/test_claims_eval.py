"""Floors on the measured quality of splitting and suggesting, on the gold data in tests/data.

The numbers come from bench/claims_eval.py (which prints them against pySBD, syntok and naive baselines);
each floor sits at or just under what the current rules reach, so a regression breaks a test. No timing here:
speed is measured in bench/ only.
"""
import pytest

from annotator.claims import split_claims
from bench.claims_eval import (DEMO_GOLD, DEMO_TEXT, Score, boundary_cases, boundary_scores, claim_score,
                               demo_matching_suggestions, gold_texts, load_gold, macro_f1, naive_regex,
                               not_a_claim_score, ours, ours_is_speculative, pysbd_splitter, speculative_score,
                               suggestion_pairs)

GOLDEN_RULES = boundary_cases("golden_rules_en.json")
HARD_NEWS = boundary_cases("hard_news_boundaries.json")


@pytest.fixture(scope="module")
def texts():
    return gold_texts()


def test_gold_files_match_their_texts(texts):
    # Loading fails loudly when a gold sentence or clause is not found in its text.
    assert len(texts) >= 11
    assert sum(len(gold.sentences) for gold in texts) >= 100


def test_golden_rules_pass_rate_is_at_least_pysbds_own():
    pytest.importorskip("pysbd")
    _, ours_exact = boundary_scores(ours, GOLDEN_RULES)
    _, pysbd_exact = boundary_scores(pysbd_splitter(), GOLDEN_RULES)
    assert ours_exact >= pysbd_exact


def test_golden_rules_pass_rate_floor():
    score, exact = boundary_scores(ours, GOLDEN_RULES)
    assert exact >= 48
    assert score.f1 >= 0.99


def test_hard_news_boundaries_floor_and_beats_the_naive_splitter():
    score, exact = boundary_scores(ours, HARD_NEWS)
    naive, _ = boundary_scores(naive_regex, HARD_NEWS)
    assert exact >= 39
    assert score.f1 >= 0.97 > naive.f1


def test_news_sentence_boundaries_are_all_right(texts):
    score, exact = boundary_scores(ours, [(gold.text, gold.sentences) for gold in texts])
    assert exact == len(texts)
    assert score.f1 == 1.0


def test_claims_on_gold_news_floor(texts):
    score = sum((claim_score(gold) for gold in texts), Score(0, 0, 0))
    assert score.precision >= 0.95
    assert score.recall >= 0.93


def test_every_not_a_claim_line_is_marked_and_no_claim_is_dropped(texts):
    score = sum((not_a_claim_score(gold) for gold in texts), Score(0, 0, 0))
    assert score.tp >= 15
    assert (score.fp, score.fn) == (0, 0)


def test_every_demo_claim_is_found():
    gold = load_gold(DEMO_GOLD, DEMO_TEXT)
    assert claim_score(gold).fn == 0
    assert claim_score(gold).fp == 0


def test_both_demo_pull_quotes_are_merged():
    text = DEMO_TEXT.read_text(encoding="utf-8")
    merged = [claim for claim in split_claims(text) if len(claim.places) > 1]
    # The repeated pull quote (as its two clauses) and the pull quote inside a longer sentence.
    assert {claim.text[:30] for claim in merged} == {
        "The land of Samsung and LG isn", "Xiaomi isn’t doing it alone.", "Xiaomi certainly has smartphon"}


def test_demo_suggestions_match_a_careful_reading():
    assert demo_matching_suggestions() >= 27


def test_suggestions_on_gold_claims_beat_the_majority_class(texts):
    pairs = suggestion_pairs(texts)
    accuracy = sum(expected == got for expected, got in pairs) / len(pairs)
    majority = max(set(e for e, _ in pairs), key=[e for e, _ in pairs].count)
    assert accuracy >= 0.89
    assert macro_f1(pairs) >= 0.85 > macro_f1([(e, majority) for e, _ in pairs])


def test_speculative_f1_on_the_hedge_set():
    score = speculative_score(ours_is_speculative)
    assert score.f1 >= 0.80
    assert score.precision >= 0.95
