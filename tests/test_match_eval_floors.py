"""Floors on seen-before matching on the matching gold set (bench/match_eval.py prints the figures).

Two kinds of assertion, kept apart:
- on the **dev half** (the thresholds and the facts rule were tuned on it) floors just under what the matcher
  reaches now: regression floors, not results;
- on the **test half** (never tuned on) only that the facts rule beats plain wording similarity and that nothing
  a person must look at is linked automatically.
"""
import tempfile
from pathlib import Path

import pytest

from annotator.matching import MEASURE
from annotator.matching.thresholds import AUTO_LINK, SUGGEST
from bench import match_eval


def _figures(split, method):
    corpus, queries = match_eval.load(split)
    with tempfile.TemporaryDirectory() as folder:
        db, ids = match_eval.stored_corpus(Path(folder), corpus)
        results = match_eval.ranked(db, ids, queries, method)
        db.close()
    return match_eval.figures(results, queries, AUTO_LINK, SUGGEST)


@pytest.fixture(scope="module")
def dev():
    return _figures("dev", f"{MEASURE}+facts")


def test_dev_half_regression_floors(dev):
    assert dev["MAP@5"] >= 0.95 and dev["P@1"] >= 0.95
    assert dev["auto-link precision"] >= 0.99 and dev["auto-link recall"] >= 0.5
    assert dev["suggest precision"] >= 0.93 and dev["suggest recall"] >= 0.85


def test_on_the_test_half_the_facts_rule_beats_wording_alone():
    ours, wording = _figures("test", f"{MEASURE}+facts"), _figures("test", MEASURE)
    assert ours["suggest precision"] > wording["suggest precision"] + 0.15
    assert ours["auto-link precision"] >= 0.99 > wording["auto-link precision"]
    assert ours["MAP@5"] >= 0.85
