"""The text pipeline's work grows linearly with its input, whatever the input repeats.

A paste of "x; " * 20000 once took 30 s, because each clause joiner re-read the whole sentence before it. Work is
counted as Python function calls under cProfile, not seconds: the count is the same on a busy CI machine as on a
quiet laptop, and a step that re-reads its input per joiner, quote or line shows up as four times the calls for
twice the text. bench/text_linearity.py times the same patterns up to 1 MB.
"""
import cProfile
import pstats

import pytest
from hypothesis import example, given, settings, strategies as st

from annotator.text import split_claims

# Doubling the text may at most double the work, plus slack for the fixed costs that do not double.
MAX_GROWTH = 2.2
# Big enough that the fixed costs of a call are small beside the work that grows.
BASE_CHARS = 12_000

# What hostile or merely odd pastes repeat: clause joiners, quotation marks left open, line breaks,
# abbreviations, attributions, hedges, parentheses, dashes.
HOSTILE = ["x; ", " ", "x, and ", "x but ", "x, yet ", "x\n", "x\n\n", "“x ", "x” ", '"', "(", "x - ", "x — ",
           "Mr. X said. ", "U.S. ", "x, but he said ", "x; he said ", "which said ", "officials said x. ",
           "He said: “x. ", "“x,” he said, “y.” ", "x.\n“y", "according to x ", "may ", "1,000 ", "xxxxxxxxxx"]
PIECES = ["x", " ", ";", ",", " and ", " but ", "\n", "“", "”", '"', "(", ")", ".", "said", "Mr.", "may", "—", ":"]


def calls_to_split(text: str) -> int:
    """How many Python function calls splitting text takes."""
    profile = cProfile.Profile()
    profile.enable()
    split_claims(text)
    profile.disable()
    return pstats.Stats(profile).total_calls


def growth(pattern: str) -> float:
    """How much more work twice the repeated pattern takes."""
    times = max(1, BASE_CHARS // len(pattern))
    split_claims(pattern)  # the first split compiles patterns and loads word lists: not work that grows
    once = calls_to_split(pattern * times)
    return calls_to_split(pattern * (2 * times)) / once


@pytest.mark.parametrize("pattern", HOSTILE)
def test_doubling_a_hostile_paste_at_most_doubles_the_work(pattern):
    assert growth(pattern) <= MAX_GROWTH


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join))
@example("x; x, and x but ")
def test_doubling_any_repeated_pattern_at_most_doubles_the_work(pattern):
    assert growth(pattern) <= MAX_GROWTH
