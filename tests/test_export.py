import csv
import io
import json

from annotator.export import csv_chunks, jsonl_chunks, neutralise

COLUMNS = ("claim_id", "claim_text", "note")


def test_csv_has_header_and_rfc4180_quoting():
    rows = [{"claim_id": 1, "claim_text": 'He said "yes", then left', "note": "line one\nline two"}]
    assert "".join(csv_chunks(COLUMNS, rows)) == (
        'claim_id,claim_text,note\r\n'
        '1,"He said ""yes"", then left","line one\nline two"\r\n'
    )


def test_csv_neutralises_formula_cells():
    rows = [{"claim_id": 2, "claim_text": "=HYPERLINK(\"http://evil\")", "note": "@SUM(A1)"},
            {"claim_id": 3, "claim_text": "+1 555", "note": "-2+3"}]
    parsed = list(csv.reader(io.StringIO("".join(csv_chunks(COLUMNS, rows)))))
    assert parsed[1] == ["2", "'=HYPERLINK(\"http://evil\")", "'@SUM(A1)"]
    assert parsed[2] == ["3", "'+1 555", "'-2+3"]


def test_csv_keeps_unicode_and_empty_cells():
    rows = [{"claim_id": 4, "claim_text": "샤오미 “legal issues” – ok", "note": None}]
    text = "".join(csv_chunks(COLUMNS, rows))
    assert list(csv.reader(io.StringIO(text)))[1] == ["4", "샤오미 “legal issues” – ok", ""]


def test_csv_streams_one_chunk_per_row():
    def rows():
        for number in range(3):
            yield {"claim_id": number, "claim_text": "t", "note": ""}
        raise AssertionError("read past the rows asked for")

    chunks = csv_chunks(COLUMNS, rows())
    assert next(chunks) == "claim_id,claim_text,note\r\n"
    assert [next(chunks) for _ in range(3)] == ["0,t,\r\n", "1,t,\r\n", "2,t,\r\n"]


def test_numbers_are_not_neutralised():
    assert neutralise(-5) == -5
    assert neutralise("5") == "5"


def test_jsonl_keeps_text_exactly():
    rows = [{"claim_id": 1, "claim_text": "=1+1 “q”", "note": None}]
    assert [json.loads(line) for line in "".join(jsonl_chunks(COLUMNS, rows)).splitlines()] == [
        {"claim_id": 1, "claim_text": "=1+1 “q”", "note": None}
    ]


def test_downloads_send_the_header_first_then_large_pieces():
    from annotator.export import joined

    rows = [{"claim_id": n, "claim_text": "x" * 50, "note": ""} for n in range(100)]
    pieces = list(joined(csv_chunks(COLUMNS, rows), size=1000))
    assert pieces[0] == "claim_id,claim_text,note\r\n"
    assert "".join(pieces) == "".join(csv_chunks(COLUMNS, rows))
    assert len(pieces) < 20
    assert all(len(piece) >= 1000 for piece in pieces[1:-1])
    assert list(joined(iter([]))) == []
