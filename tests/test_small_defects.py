"""Small defects of issue 12, each as a user meets it: split --json offsets, the API's places, `import` on a
snapshot, claim numbers on edited cards."""
import csv
import json
import re

from annotator import edits
from client_helpers import client_for, post
from test_views_api import basic
from test_views_carry import claim_card


def test_api_claims_give_places_and_reasons_as_arrays_that_slice_the_article(app, users, db, demo_article):
    text = db["articles"].get(demo_article["id"])["text"]
    body = app.test_client().get(f"/api/articles/{demo_article['id']}/claims?per_page=100",
                                 headers=basic("Ana")).json
    for claim in body["items"]:
        assert isinstance(claim["places"], list) and isinstance(claim["checkworthy_reasons"], list)
        assert [claim["start"], claim["end"]] in claim["places"]
        # A pull quote may repeat only part of its sentence: each place is the claim or a piece of it.
        assert all(text[start:end] in claim["text"] for start, end in claim["places"])
    assert any(len(claim["places"]) > 1 for claim in body["items"]), "the demo's pull quote repeats a claim"


def split_json(runner, path):
    result = runner.invoke(args=["split", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_split_json_offsets_slice_a_file_that_opens_with_a_blank_line(runner, tmp_path):
    path = tmp_path / "leading.txt"
    path.write_text("\n  Seoul said exports rose 5%, officials said.\n\nIt might rain, the agency warned.\n",
                    encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    claims = split_json(runner, path)
    assert len(claims) == 2
    for claim in claims:
        assert text[claim["start"]:claim["end"]] == claim["text"]
        assert all(text[start:end] == claim["text"] for start, end in claim["places"])
        if claim["source_start"] is not None:
            assert text[claim["source_start"]:claim["source_end"]] == claim["source"]
    assert any(claim["source"] for claim in claims)


def test_split_offsets_slice_a_markdown_file_with_a_title_and_windows_line_ends(runner, tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes("# Exports\r\n\r\nSeoul said exports rose.\r\nIt might rain.\r\n".encode())
    text = path.read_bytes().decode("utf-8")
    claims = split_json(runner, path)
    assert [text[c["start"]:c["end"]] for c in claims] == [c["text"] for c in claims]
    assert claims[0]["start"] == text.index("Seoul")
    sentences = json.loads(runner.invoke(args=["split", str(path), "--sentences", "--json"]).output)
    assert [text[s["start"]:s["end"]] for s in sentences] == [s["text"] for s in sentences]
    plain = runner.invoke(args=["split", str(path)]).output.splitlines()
    assert plain[0].startswith(f"{text.index('Seoul')}-")


def test_import_of_a_snapshot_says_to_use_import_snapshot_and_imports_nothing(runner, db, tmp_path):
    snapshot = tmp_path / "snap.jsonl"
    assert runner.invoke(args=["export", "--format", "snapshot", "-o", str(snapshot)]).exit_code == 0
    before = db["articles"].count
    result = runner.invoke(args=["import", str(snapshot)])
    assert result.exit_code != 0
    assert f"import-snapshot {snapshot}" in result.output and "Nothing was imported." in result.output
    assert db["articles"].count == before
    # The command it names does the job.
    assert runner.invoke(args=["import-snapshot", str(snapshot)]).exit_code == 0
    assert db["articles"].count == before + 1


def live_claims(db, article_id):
    return list(db.query("select * from live_claims where article_id = ? order by position", [article_id]))


def test_edited_cards_name_the_claims_by_their_numbers_on_screen_not_internal_ids(lead_client, users, db,
                                                                                   demo_article):
    article_id, lee = demo_article["id"], users["Lee"]

    def claim_with(claim_id):
        return next(c for c in live_claims(db, article_id) if c["id"] == claim_id)

    # A split first, so that the claims after it are numbered one more than their ids.
    opening = live_claims(db, article_id)[0]
    edits.split(db, opening["id"], opening["text"].index(" is now"), lee)
    to_split = claim_with(4)
    split_ids = edits.split(db, to_split["id"], to_split["text"].index(" with "), lee)
    a, b = claim_with(2), claim_with(3)
    merged = edits.merge(db, a["id"], b["id"], lee)
    to_trim = claim_with(6)
    trimmed = edits.set_boundaries(db, to_trim["id"], to_trim["start"], to_trim["end"] - 1, lee)
    shown = {claim["id"]: claim["position"] + 1 for claim in (to_split, a, b, to_trim)}
    assert all(number != claim_id for claim_id, number in shown.items())  # ids and numbers really differ

    page = lead_client.get(f"/articles/{article_id}").get_data(as_text=True)
    labels = {claim_id: claim_card(page, claim_id).split("History</a> · ", 1)[1].split("<", 1)[0]
              for claim_id in (*split_ids, merged, trimmed)}
    assert labels == {split_ids[0]: f"split of claim {shown[4]}", split_ids[1]: f"split of claim {shown[4]}",
                      merged: f"merge of claims {shown[2]} and {shown[3]}",
                      trimmed: f"new boundaries of claim {shown[6]}"}


def test_pages_say_when_in_words_and_exports_keep_iso_utc(app, users, db, demo_article, lead_client):
    claim_id = live_claims(db, demo_article["id"])[0]["id"]
    ana = client_for(app, "Ana")
    post(ana, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    post(lead_client, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "checked"})
    stored = next(db.query("select updated_at from verdicts where claim_id = ?", [claim_id]))["updated_at"]
    clock, day = stored[11:16], stored[:10]
    shown = f'<time datetime="{stored}" title="{day} {clock} UTC">today {clock}</time>'
    card = claim_card(ana.get(f"/articles/{demo_article['id']}").get_data(as_text=True), claim_id)
    assert f"Saved {shown}" in card
    assert re.search(r"Final verdict: .*by Lee, <time datetime=\S+ title=\"[^\"]+ UTC\">today \d\d:\d\d</time>",
                     card, re.S)
    history = ana.get(f"/claims/{claim_id}/history").get_data(as_text=True)
    assert f"<td>{shown}</td>" in history
    rows = list(csv.DictReader(lead_client.get("/export/verdicts.csv").get_data(as_text=True).splitlines()))
    assert [row["updated_at"] for row in rows if row["claim_id"] == str(claim_id)] == [stored]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rows[0]["adjudicated_at"])
