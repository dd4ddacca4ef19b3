import csv
import json
import re
from pathlib import Path

import pytest

from annotator.cli import COMMANDS
from annotator.db import DB_COMMANDS

README = Path(__file__).resolve().parents[1] / "README.md"
DEMO = Path(__file__).resolve().parents[1] / "seeds" / "xiaomi-korea.txt"


def test_import_folder_and_jsonl(runner, db, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Seoul said exports rose.\nIt might rain.", encoding="utf-8")
    (folder / "b.md").write_text("# B title\n\nLG reported a loss.", encoding="utf-8")
    (folder / "ignored.png").write_bytes(b"\x89PNG")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"title": "J", "url": "https://example.org/j", "text": "Kim said so."}\n', encoding="utf-8")
    result = runner.invoke(args=["import", str(folder), str(feed)])
    assert result.exit_code == 0, result.output
    titles = [row["title"] for row in db.query("select title from articles where source != 'seed' order by id")]
    # a.txt's first line is a sentence, not a headline: the file name is its title.
    assert titles == ["A", "B title", "J"]
    assert "Imported 3 articles." in result.output


def test_import_with_a_broken_jsonl_line_imports_nothing(runner, db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Fine."}\n{"text": \n', encoding="utf-8")
    before = db["articles"].count
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code != 0
    assert re.search(r"feed\.jsonl:2: not valid JSON.*Nothing was imported", result.output)
    assert db["articles"].count == before


def test_split_json_prints_the_claims_the_review_page_uses(runner):
    result = runner.invoke(args=["split", str(DEMO), "--json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)
    text = DEMO.read_text(encoding="utf-8")  # the file as given: it opens with a blank line
    for claim in claims:
        assert {"text", "start", "end", "key_phrase", "suggestion", "cue"} <= set(claim)
        assert text[claim["start"]:claim["end"]] == claim["text"]
    assert {"only official dealers", "legal issues"} <= {claim["key_phrase"] for claim in claims}


def test_split_of_a_binary_file_fails_clearly(runner, tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(args=["split", str(path)])
    assert result.exit_code != 0
    assert "binary" in result.output


def test_export_csv_to_file(runner, db, tmp_path):
    from annotator import store

    claim_id = next(db.query("select id from claims order by id"))["id"]
    store.save_verdict(db, claim_id, store.reviewer_id_for(db, "Ana"), "speculative", "", "+danger")
    out = tmp_path / "v.csv"
    result = runner.invoke(args=["export", "--format", "csv", "--article", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"article_id,article_title,claim_id,")
    [row] = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert (row["verdict"], row["note"], row["reviewer"]) == ("speculative", "'+danger", "Ana")


def test_export_of_unknown_article_fails(runner):
    result = runner.invoke(args=["export", "--article", "999"])
    assert result.exit_code != 0
    assert "Article 999 does not exist" in result.output


@pytest.mark.parametrize("command", COMMANDS + DB_COMMANDS, ids=lambda command: command.name)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command):
    assert "Example: flask --app annotator " + command.name in command.help
    assert f"flask --app annotator {command.name}" in README.read_text(encoding="utf-8")


def test_backup_makes_a_consistent_copy_and_refuses_to_overwrite(runner, db, tmp_path):
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    from annotator.db import connect

    copy = connect(target)
    assert copy["articles"].count == db["articles"].count == 1
    assert copy["claims"].count == db["claims"].count
    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code != 0 and "already exists" in again.output


def test_check_reports_a_sound_database_and_a_broken_foreign_key(runner, db):
    assert runner.invoke(args=["check"]).output.endswith(": ok\n")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("insert into verdicts (claim_id, reviewer_id, verdict, updated_at) values (424242, 1, 'sourced', 'x')")
    db.conn.commit()
    result = runner.invoke(args=["check"])
    assert result.exit_code != 0
    assert "verdicts row" in result.output and "missing claims row" in result.output


def test_split_sentences_json_prints_the_plain_segmentation(runner):
    result = runner.invoke(args=["split", str(DEMO), "--sentences", "--json"])
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.output)
    text = DEMO.read_text(encoding="utf-8")
    assert all(set(s) == {"text", "start", "end"} for s in sentences)
    assert all(text[s["start"]:s["end"]] == s["text"] for s in sentences)
    # Sentences come before clause splitting and merging: the repeated pull quote is there twice, whole.
    pull_quote = "The land of Samsung and LG isn’t an easy proposition, but Xiaomi isn’t doing it alone."
    assert [s["text"] for s in sentences].count(pull_quote) == 2


def test_split_json_carries_is_claim_and_places(runner):
    claims = json.loads(runner.invoke(args=["split", str(DEMO), "--json"]).output)
    assert all({"is_claim", "reason", "places", "confidence", "explanation"} <= set(c) for c in claims)
    assert sum(len(c["places"]) > 1 for c in claims) >= 2


def test_snapshot_export_and_import_through_the_cli(runner, db, tmp_path):
    from annotator import store

    claim_id = next(db.query("select id from claims order by id"))["id"]
    store.save_verdict(db, claim_id, store.reviewer_id_for(db, "Ana"), "sourced")
    snapshot = tmp_path / "snapshot.jsonl"
    assert runner.invoke(args=["export", "--format", "snapshot", "-o", str(snapshot)]).exit_code == 0
    result = runner.invoke(args=["import-snapshot", str(snapshot)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 article." in result.output
    assert db["articles"].count == 2
    assert db["verdicts"].count == 2


def test_export_filters_on_the_command_line(runner, db, tmp_path):
    from annotator import store

    claim_ids = [row["id"] for row in db.query("select id from claims order by id limit 2")]
    store.save_verdict(db, claim_ids[0], store.reviewer_id_for(db, "Ana"), "sourced")
    store.save_verdict(db, claim_ids[1], store.reviewer_id_for(db, "Ben"), "unverified")
    result = runner.invoke(args=["export", "--reviewer", "Ben"])
    assert [row["reviewer"] for row in csv.DictReader(result.output.splitlines())] == ["Ben"]
    bad = runner.invoke(args=["export", "--since", "yesterday"])
    assert bad.exit_code != 0 and "since date" in bad.output


def test_export_claims_all_keeps_the_verdicts_of_merged_claims(runner, db, users, tmp_path):
    from annotator import edits, store

    first, second = [row["id"] for row in db.query("select id from claims where article_id = 1 order by position")][:2]
    store.save_verdict(db, first, users["Ana"], "sourced")
    store.save_verdict(db, second, users["Ana"], "speculative")
    new_id = edits.merge(db, first, second, users["Lee"])
    out = tmp_path / "all.csv"
    result = runner.invoke(args=["export", "--article", "1", "--claims", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert sorted((row["verdict"], row["claim_status"], row["replaced_by"]) for row in rows
                  if row["claim_status"] == "retired") == [("sourced", "retired", str(new_id)),
                                                          ("speculative", "retired", str(new_id))]
    live = runner.invoke(args=["export", "--article", "1"])
    assert "retired" not in live.output
