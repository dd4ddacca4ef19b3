"""The CSV written from a guarded query is byte for byte that of csv_chunks over verdict_rows."""
import pytest

from annotator import accounts, evidence, store, team
from annotator.csv_sql import csv_query_chunks
from annotator.export import csv_chunks
from annotator.export_rows import EXPORT_COLUMNS, ExportFilter, export_chunks, verdict_csv_query, verdict_rows
from annotator.importing import draft_from_text

# Notes a reviewer could type: every character the quoting or the formula guard cares about, at the start,
# inside and alone, and text that only looks like a number.
AWKWARD_NOTES = [
    "", "plain", "a, b", 'said "yes"', "line one\nline two", "cr\ronly", "crlf\r\nend", "=1+1", "+44 20", "-5%",
    "@SUM(A1)", "\tindented", "\rstarts with CR", "'already quoted", '"', ",", "-", "=", " -5 with a space",
    "샤오미 “legal issues” – ok", "emoji 🙂, comma", "-5", "007", "1e3",
]


def _column_values(db):
    return [row["note"] for row in db.query("select note from verdicts order by id")]


@pytest.fixture
def awkward(bare_db):
    """Many verdicts, one per awkward note, with a title and evidence that need quoting too."""
    db = bare_db
    lead = accounts.create_user(db, "Lee, the lead", "long password", "lead")
    reviewers = [accounts.create_user(db, f'=R{n} "x"', "long password", "reviewer") for n in range(3)]
    article = store.add_article(db, draft_from_text(" ".join(f"Kim said prices rose by {n} per cent."
                                                             for n in range(len(AWKWARD_NOTES))),
                                                    title='=Title, with "quotes"\nand a line'))
    claims = [claim["id"] for claim in store.claims_for(db, article)]
    for number, note in enumerate(AWKWARD_NOTES):
        claim = claims[number % len(claims)]
        reviewer = reviewers[number % len(reviewers)]
        store.save_verdict(db, claim, reviewer, "sourced")
        # Written past the form's clean-up (which trims the ends), as an older import or a snapshot could hold.
        db.execute("update verdicts set note = ?, evidence_url = ? where claim_id = ? and reviewer_id = ?",
                   [note, "-https://evil.example/" if number % 2 else "", claim, reviewer])
    evidence.add_evidence(db, claims[0], reviewers[0], "https://example.org/filing", '+a "quoted", passage',
                          "primary document", "2026-11-20")
    team.set_final_verdict(db, claims[0], lead, "sourced", "on record")
    return db


def test_sql_csv_equals_the_csv_module_byte_for_byte(awkward):
    assert set(AWKWARD_NOTES) <= set(_column_values(awkward))
    expected = "".join(csv_chunks(EXPORT_COLUMNS, verdict_rows(awkward)))
    assert "".join(csv_query_chunks(awkward, EXPORT_COLUMNS, *verdict_csv_query())) == expected
    # What a download or `export --format csv` sends is that same text.
    assert "".join(export_chunks(awkward, "csv")) == expected


def test_sql_csv_guards_formulas_and_quotes_as_spreadsheets_need(awkward):
    text = "".join(export_chunks(awkward, "csv"))
    assert "\"'=Title, with \"\"quotes\"\"\nand a line\"" in text
    assert ",'@SUM(A1)," in text and ",'-5%," in text and ",\"'\rstarts with CR\"," in text
    assert ",'-https://evil.example/," in text
    # Numbers stored as numbers are not guarded: the claim's offsets and ids stay numbers.
    assert "\r\n1,\"'=Title" in text


def test_sql_csv_applies_the_filter(awkward):
    export_filter = ExportFilter.parse(reviewer='=R1 "x"')
    text = "".join(export_chunks(awkward, "csv", export_filter=export_filter))
    assert text == "".join(csv_chunks(EXPORT_COLUMNS, verdict_rows(awkward, export_filter)))
    assert text.count("'=R1 \"\"x\"\"") == len(AWKWARD_NOTES) // 3


def test_sql_csv_header_alone_when_nothing_matches(awkward):
    chunks = list(export_chunks(awkward, "csv", export_filter=ExportFilter.parse(since="2999-01-01")))
    assert chunks == [",".join(EXPORT_COLUMNS) + "\r\n"]


def test_sql_csv_sends_the_header_then_chunks_of_many_rows(bare_db, monkeypatch):
    monkeypatch.setattr("annotator.csv_sql.ROWS_PER_CHUNK", 7)
    db = bare_db
    reviewer = accounts.create_user(db, "Ana", "long password", "reviewer")
    article = store.add_article(db, draft_from_text(" ".join(f"Kim said {n} phones shipped." for n in range(40)),
                                                    title="Many"))
    for claim in store.claims_for(db, article):
        store.save_verdict(db, claim["id"], reviewer, "sourced")
    count = len(store.claims_for(db, article))
    chunks = list(csv_query_chunks(db, EXPORT_COLUMNS, *verdict_csv_query()))
    assert chunks[0] == ",".join(EXPORT_COLUMNS) + "\r\n"
    lines = [chunk.count("\r\n") for chunk in chunks[1:]]
    assert count > 14 and sum(lines) == count
    assert lines[:-1] == [7] * (len(lines) - 1) and 0 < lines[-1] <= 7
