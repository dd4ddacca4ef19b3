"""Property tests: the splitter keeps exact, non-overlapping offsets on any text, and CSV cells survive a round trip."""
import csv
import io

import sqlite_utils
from hypothesis import HealthCheck, given, settings, strategies as st

from annotator import store
from annotator.text import split_claims, split_sentences
from annotator.db import migrate
from annotator.export import FORMULA_PREFIXES, csv_chunks
from annotator.importing import draft_from_text

# Moderate example counts: the suite runs on two cores.
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of news copy that trouble sentence splitters: abbreviations, initials, numbers with points, quotes of
# every style, ellipses, list markers, and every kind of line break an article can carry.
MARKS = [
    "Mr.", "Mrs.", "Dr.", "U.S.", "U.K.", "Inc.", "Corp.", "No.", "St.", "Jan.", "e.g.", "i.e.", "a.m.", "p.m.",
    "J. P.", "3.5%", "$1.5bn", "₩2,000", "1.", "(a)", "•", "—", "-", "...", "…", ". . .", "?!", "!", "?", ".",
    ";", ",", ":", "“", "”", "‘", "’", '"', "'", "«", "»", "(", ")", "[", "]", " ", "  ", "\t",
]
LINE_BREAKS = ["\n", "\n\n", "\r\n", "\r", "\u2028", "\x85", "\v"]
WORDS = [
    "Xiaomi", "Samsung", "said", "says", "reported", "according to", "might", "speculates", "it's not clear",
    "The", "the", "company", "will", "sell", "in", "Korea", "on", "Tuesday", "but", "and", "yet", "샤오미",
    "Москва", "القاهرة", "🙂", "e\u0301", "\u00a0", "\u200b",
]
FRAGMENTS = MARKS + LINE_BREAKS + WORDS
news_like_text = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
# Text that looks like an article: sentences of words and abbreviations, ended and joined by spaces and breaks.
article_like_text = st.lists(
    st.tuples(st.lists(st.sampled_from(WORDS + MARKS[:20]), min_size=1, max_size=12).map(" ".join),
              st.sampled_from([".", "?", "!", ".”", "…", ""]), st.sampled_from([" ", "\n", "\n\n", "\r\n", "  "])),
    max_size=12,
).map(lambda sentences: "".join(words + end + gap for words, end, gap in sentences))
any_text = st.one_of(st.text(), news_like_text, article_like_text)


def assert_claims_are_sound(text):
    claims = split_claims(text)
    firsts = sorted((claim.start, claim.end) for claim in claims)
    for (_, end), (next_start, _) in zip(firsts, firsts[1:]):
        assert end <= next_start, "two claims' first places overlap"
    for claim in claims:
        assert claim.text.strip() == claim.text != ""
        assert text[claim.start:claim.end] == claim.text
        assert claim.places[0] == (claim.start, claim.end)
        for start, end in claim.places:
            assert 0 <= start < end <= len(text)
    return claims


@SETTINGS
@given(any_text)
def test_claims_of_any_text_sit_in_range_slice_back_and_never_overlap(text):
    assert_claims_are_sound(text)


@SETTINGS
@given(any_text)
def test_sentences_of_any_text_are_in_order_in_range_and_slice_back(text):
    sentences = split_sentences(text)
    for sentence in sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text == sentence.text.strip()
    for before, after in zip(sentences, sentences[1:]):
        assert before.end <= after.start


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=3, max_size=30).map("".join))
def test_a_sentence_never_runs_across_a_line_break(text):
    for sentence in split_sentences(text):
        assert not set(LINE_BREAKS) & set(sentence.text)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(news_like_text, article_like_text).filter(lambda text: text.strip()))
def test_stored_claims_slice_back_from_the_stored_article_text(text):
    # The whole path a pasted article takes: normalised, split, stored; the review page slices the stored text.
    db = sqlite_utils.Database(memory=True)
    migrate(db)
    article_id = store.add_article(db, draft_from_text(text, title="t"))
    article = store.get_article(db, article_id)
    for claim in store.claims_for(db, article_id):
        assert article["text"][claim["start"]:claim["end"]] == claim["text"]
        assert all(0 <= start < end <= len(article["text"]) for start, end in claim["places"])


# --- CSV -----------------------------------------------------------------------------------------------------

COLUMNS = ("claim_id", "claim_text", "note", "start")
cell_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(['"', ",", "\n", "\r", "\t", "=", "+", "-", "@", "'", " ", "a", "é", "\x00",
                                      "\u2028"]), max_size=20),
)
rows = st.lists(st.fixed_dictionaries({
    "claim_id": st.integers(min_value=-2**63, max_value=2**63 - 1),
    "claim_text": cell_text,
    "note": st.one_of(st.none(), cell_text),
    "start": st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
}), max_size=8)


def neutralised(value: str) -> str:
    """The documented neutralisation: a leading "'" only before = + - @ tab or carriage return."""
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


@SETTINGS
@given(rows)
def test_csv_round_trips_through_pythons_csv_reader(rows):
    text = "".join(csv_chunks(COLUMNS, rows))
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == list(COLUMNS)
    assert len(parsed) == len(rows) + 1
    for row, cells in zip(rows, parsed[1:]):
        assert len(cells) == len(COLUMNS)
        assert int(cells[0]) == row["claim_id"]
        assert cells[1] == neutralised(row["claim_text"])
        assert cells[2] == neutralised(row["note"] or "")
        assert cells[3] == str(row["start"])  # numbers as Python writes them, never neutralised


@SETTINGS
@given(rows)
def test_no_csv_cell_read_back_starts_a_formula(rows):
    text = "".join(csv_chunks(COLUMNS, rows))
    for cells in list(csv.reader(io.StringIO(text, newline="")))[1:]:
        for cell in cells[1:3]:  # the text columns; numbers such as -5 stay numbers
            assert not cell.startswith(FORMULA_PREFIXES)
