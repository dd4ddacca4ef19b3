"""An article's life after import, without Flask: edited, archived and restored, exported, deleted for good."""
import csv
import io
import json
import re
from pathlib import Path

import pytest

from annotator import accounts, edits, evidence, lifecycle, store, team
from annotator.export_rows import ExportFilter, archived_refusal, claimreview_refusals, export_chunks
from annotator.importing import ArticleDraft, draft_from_text
from annotator import interchange
from annotator.cli import ARTICLE_COMMANDS

TEXT = ("Samsung said it will sue LG over the patent, police said. "
        "Some residents say the plant might close next year. The port reopened on Monday.")


@pytest.fixture
def people(bare_db):
    return {name: accounts.create_user(bare_db, name, "correct horse battery", role)
            for name, role in (("Ada", "admin"), ("Lee", "lead"), ("Ana", "reviewer"))}


def add(db, title="Port reopens", text=TEXT) -> int:
    return store.add_article(db, ArticleDraft(title=title, text=text, url="https://news.example/port"))


def claim_ids(db, article_id):
    return [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                          [article_id])]


def tagged(db, people) -> int:
    """An article with a verdict, evidence and a final verdict on its first claim."""
    article_id = add(db)
    first = claim_ids(db, article_id)[0]
    store.save_verdict(db, first, people["Ana"], "sourced")
    evidence.add_evidence(db, first, people["Ana"], "https://police.example/statement",
                          source_type="official statement")
    team.set_final_verdict(db, first, people["Lee"], "sourced", "The police statement says so.")
    return article_id


def csv_rows(db, export_filter=ExportFilter()):
    return list(csv.DictReader(io.StringIO("".join(export_chunks(db, "csv", export_filter=export_filter)))))


def snapshot(db, article_id=None, by=None) -> list[dict]:
    return [json.loads(line) for line in "".join(export_chunks(
        db, "snapshot", export_filter=ExportFilter(article_id=article_id), downloaded_by=by)).splitlines()]


# --- Archive and restore -----------------------------------------------------------------------------------------

def test_an_archived_article_leaves_the_list_the_queue_and_the_next_claim(bare_db, people):
    db = bare_db
    kept, archived = add(db, "Kept"), add(db, "Archived")
    team.set_assignments(db, archived, [people["Ana"]], people["Ada"])
    assert team.next_untagged_claim(db, people["Ana"])["article_id"] == archived
    assert lifecycle.archive_article(db, archived, people["Lee"]) is True
    assert [row["id"] for row in store.list_articles(db)] == [kept]
    assert team.queue_for(db, people["Ana"]) == []
    assert team.next_untagged_claim(db, people["Ana"])["article_id"] == kept
    assert [(row["id"], row["archived_by_name"]) for row in lifecycle.archived_articles(db)] == [(archived, "Lee")]
    assert lifecycle.archive_article(db, archived, people["Lee"]) is False  # twice changes nothing


def test_restoring_brings_the_article_back_and_both_changes_are_in_its_history(bare_db, people):
    db = bare_db
    article_id = add(db)
    lifecycle.archive_article(db, article_id, people["Lee"])
    assert lifecycle.restore_article(db, article_id, people["Ada"]) is True
    assert [row["id"] for row in store.list_articles(db)] == [article_id]
    assert [(row["who"], row["action"]) for row in lifecycle.history(db, article_id)] == [
        ("Lee", "archived"), ("Ada", "restored")]
    assert lifecycle.restore_article(db, article_id, people["Ada"]) is False


def test_an_archived_articles_verdicts_stay_in_the_snapshot_and_in_an_export_that_asks_for_archived(bare_db, people):
    db = bare_db
    article_id = tagged(db, people)
    lifecycle.archive_article(db, article_id, people["Lee"])
    # Left out by default, as from the lists...
    assert csv_rows(db) == []
    # ...kept in an export that asks for archived articles, and in the snapshot, with their archived state.
    rows = csv_rows(db, ExportFilter(archived="include"))
    assert [(row["article_id"], row["reviewer"], row["verdict"], row["final_verdict"]) for row in rows] == [
        (str(article_id), "Ana", "sourced", "sourced")]
    assert csv_rows(db, ExportFilter(archived="only")) == rows
    [record] = snapshot(db)
    assert record["article"]["archived_by"] == "Lee" and record["article"]["archived_at"]
    assert [(row["reviewer_id"], row["verdict"]) for row in record["verdicts"]] == [("Ana", "sourced")]
    assert record["evidence"][0]["url"] == "https://police.example/statement"
    assert record["final_verdicts"][0]["reason"] == "The police statement says so."


def test_export_filters_of_archived_articles_in_every_shape(bare_db, people):
    db = bare_db
    archived = tagged(db, people)
    kept = add(db, "Kept")
    store.save_verdict(db, claim_ids(db, kept)[0], people["Ana"], "unverified")
    lifecycle.archive_article(db, archived, people["Lee"])
    assert {row["article_id"] for row in csv_rows(db)} == {str(kept)}
    assert {row["article_id"] for row in csv_rows(db, ExportFilter(archived="only"))} == {str(archived)}
    wide = list(csv.DictReader(io.StringIO("".join(export_chunks(db, "csv", wide=True,
                                                                 export_filter=ExportFilter(archived="include"))))))
    assert {row["article_id"] for row in wide} == {str(archived), str(kept)}
    claimreview = json.loads("".join(export_chunks(db, "claimreview")))
    assert claimreview == []  # the only final verdict is on the archived article
    asked = "".join(export_chunks(db, "claimreview", export_filter=ExportFilter(archived="include")))
    # Asked for, the archived article's final verdict is found, and left out for being on the sourcing scale.
    assert json.loads(asked) == []
    assert claimreview_refusals(db) == []
    assert "1 final verdict on the scale 'sourcing'" in claimreview_refusals(db, ExportFilter(archived="include"))[0]


def test_an_export_naming_an_archived_article_says_how_to_ask_for_it(bare_db, people):
    db = bare_db
    article_id = add(db)
    lifecycle.archive_article(db, article_id, people["Lee"])
    assert archived_refusal(db, ExportFilter(article_id=article_id), ask="--archived include") == (
        f"Article {article_id} is archived: ask for --archived include to export it.")
    assert archived_refusal(db, ExportFilter(article_id=article_id, archived="include")) is None


def test_a_snapshot_keeps_the_archived_state_through_import(bare_db, people):
    db = bare_db
    article_id = tagged(db, people)
    lifecycle.archive_article(db, article_id, people["Lee"])
    lines = "".join(export_chunks(db, "snapshot")).splitlines()
    [new_id] = interchange.load_articles(db, lines)
    copy = store.get_article(db, new_id)
    assert copy["archived_at"] == store.get_article(db, article_id)["archived_at"]
    assert copy["archived_by"] == people["Lee"]


# --- Edit ----------------------------------------------------------------------------------------------------------

def test_editing_metadata_changes_only_what_differs_and_records_each_field(bare_db, people):
    db = bare_db
    article_id = add(db)
    changed = lifecycle.edit_article(db, article_id, people["Lee"], title="  Port  reopens after strike ",
                                     url="https://news.example/port", author="Jane Doe", published="20261120")
    assert changed == ["title", "author", "date"]
    article = store.get_article(db, article_id)
    assert (article["title"], article["author"], article["published"]) == (
        "Port reopens after strike", "Jane Doe", "2026-11-20")
    assert [(row["action"], row["from_value"], row["to_value"]) for row in lifecycle.history(db, article_id)] == [
        ("title", "Port reopens", "Port reopens after strike"), ("author", None, "Jane Doe"),
        ("date", None, "2026-11-20")]
    assert lifecycle.edit_article(db, article_id, None, title="Port reopens after strike") == []


@pytest.mark.parametrize("fields, field, message", [
    ({"title": "   "}, "title", "The title is required."),
    ({"title": "x" * 301}, "title", "longer than 300 characters"),
    ({"url": "javascript:alert(1)"}, "url", "must start with http:// or https://"),
    ({"url": "https://x.example/" + "a" * 2000}, "url", "longer than 2000 characters"),
    ({"author": "a" * 301}, "author", "longer than 300"),
    ({"published": "next Tuesday"}, "published", "a date like 2026-11-25"),
    ({"author": "Jane\x07Doe"}, "author", "control character U+0007"),
])
def test_a_bad_edit_is_refused_naming_its_field_and_changes_nothing(bare_db, people, fields, field, message):
    db = bare_db
    article_id = add(db)
    before = store.get_article(db, article_id)
    with pytest.raises(lifecycle.ArticleRefused, match=re.escape(message)) as refused:
        lifecycle.edit_article(db, article_id, people["Lee"], **fields)
    assert refused.value.field == field
    assert store.get_article(db, article_id) == before
    assert lifecycle.history(db, article_id) == []


def test_an_unknown_article_is_not_found(bare_db, people):
    for change in (lambda: lifecycle.edit_article(bare_db, 999, None, title="X"),
                   lambda: lifecycle.archive_article(bare_db, 999, None),
                   lambda: lifecycle.delete_article(bare_db, 999, None, "999")):
        with pytest.raises(store.NotFound):
            change()


# --- Delete for good -----------------------------------------------------------------------------------------------

def test_an_article_without_verdicts_is_deleted_with_its_claims_after_typing_its_title(bare_db, people):
    db = bare_db
    article_id = add(db)
    with pytest.raises(lifecycle.ArticleRefused, match="Type the article's title"):
        lifecycle.delete_article(db, article_id, people["Ada"], "Port")
    summary = lifecycle.delete_article(db, article_id, people["Ada"], " port  REOPENS ")
    assert summary["claims"] == 3
    assert db["articles"].count_where("id = ?", [article_id]) == 0
    assert db["claims"].count_where("article_id = ?", [article_id]) == 0
    [log] = db.query("select * from deleted_articles")
    assert (log["article_id"], log["title"], log["deleted_by"], log["snapshot_digest"]) == (
        article_id, "Port reopens", people["Ada"], None)


def test_delete_is_refused_while_verdicts_exist_and_no_snapshot_keeps_them(bare_db, people):
    db = bare_db
    article_id = tagged(db, people)
    with pytest.raises(lifecycle.ArticleRefused) as refused:
        lifecycle.delete_article(db, article_id, people["Ada"], str(article_id))
    assert str(refused.value).startswith(
        f"Article {article_id} holds 1 verdict, 1 final verdict, 1 piece of evidence, 1 verdict change and "
        "2 other changes: download its snapshot first")
    assert db["verdicts"].count == 1 and db["articles"].count_where("id = ?", [article_id]) == 1


def test_a_note_on_an_untagged_claim_also_blocks_the_delete(bare_db, people):
    db = bare_db
    article_id = add(db)
    store.save_note(db, claim_ids(db, article_id)[0], people["Ana"], "", "Check the court filing.")
    assert "1 note" in lifecycle.delete_refusal(db, article_id)


def test_a_downloaded_snapshot_allows_the_delete_until_the_article_changes(bare_db, people):
    db = bare_db
    article_id = tagged(db, people)
    snapshot(db, article_id, by=people["Ada"])
    assert lifecycle.delete_refusal(db, article_id) is None
    # A verdict saved after the download is not in it: a new snapshot is needed.
    store.save_verdict(db, claim_ids(db, article_id)[1], people["Ana"], "speculative")
    assert "it changed after the last one was taken" in lifecycle.delete_refusal(db, article_id)
    [line] = "".join(export_chunks(db, "snapshot")).splitlines(keepends=True)  # the whole instance's snapshot
    summary = lifecycle.delete_article(db, article_id, people["Ada"], str(article_id))
    assert summary["verdicts"] == 2
    for table, _ in lifecycle.ARTICLE_TABLES:
        assert not db.execute(f"select count(*) from [{table}]").fetchone()[0], table
    # The deletion names the snapshot that keeps the article.
    assert next(db.query("select snapshot_digest from deleted_articles"))["snapshot_digest"] == lifecycle.digest(line)


def test_a_snapshot_broken_off_half_way_records_no_download(bare_db, people):
    db = bare_db
    tagged(db, people)
    second = tagged(db, people)
    chunks = export_chunks(db, "snapshot")
    next(chunks)
    chunks.close()
    assert db["article_snapshots"].count == 0
    assert lifecycle.delete_refusal(db, second) is not None


def test_deleting_an_article_with_fixed_splits_and_assignments_leaves_no_row_behind(bare_db, people):
    db = bare_db
    article_id, other = tagged(db, people), tagged(db, people)
    first, second = claim_ids(db, article_id)[:2]
    edits.merge(db, first, second, people["Lee"])
    team.set_assignments(db, article_id, [people["Ana"]], people["Ada"])
    lifecycle.edit_article(db, article_id, people["Lee"], title="Merged")
    snapshot(db, article_id)
    lifecycle.delete_article(db, article_id, people["Ada"], "merged")
    assert db["claims"].count_where("article_id = ?", [article_id]) == 0
    assert db["claim_edits"].count_where("article_id = ?", [article_id]) == 0
    assert db["verdicts"].count_where("claim_id in (select id from claims where article_id = ?)", [other]) == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_table_pointing_at_an_article_is_cleared_by_a_delete(bare_db):
    """A table added later with a foreign key to articles, claims or edits must be in ARTICLE_TABLES."""
    parents = {"articles", "claims", "claim_edits"}
    pointing = {table for table in bare_db.table_names()
                for key in bare_db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall() if key[2] in parents}
    assert pointing == {table for table, _ in lifecycle.ARTICLE_TABLES}


# --- On the command line --------------------------------------------------------------------------------------------

def cli_article(db) -> int:
    return add(db, "Port reopens")


def test_article_edit_on_the_command_line(runner, db):
    article_id = cli_article(db)
    result = runner.invoke(args=["article", "edit", str(article_id), "--title", "Port reopens after strike",
                                 "--author", "Jane Doe", "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Article {article_id}: changed title, author, date.\n"
    article = store.get_article(db, article_id)
    assert (article["title"], article["author"], article["published"]) == (
        "Port reopens after strike", "Jane Doe", "2026-11-25")
    # The command line has no account: its changes are in the history without one.
    assert {row["who"] for row in lifecycle.history(db, article_id)} == {None}
    refused = runner.invoke(args=["article", "edit", str(article_id), "--url", "ftp://x.example/a"])
    assert refused.exit_code != 0 and "must start with http:// or https://" in refused.output
    assert runner.invoke(args=["article", "edit", "999", "--title", "X"]).output.endswith(
        "Article 999 does not exist.\n")


def test_article_archive_and_restore_on_the_command_line(runner, db):
    article_id = cli_article(db)
    assert runner.invoke(args=["article", "archive", str(article_id)]).output == \
        f"Archived article {article_id} (Port reopens).\n"
    assert all(row["id"] != article_id for row in store.list_articles(db))
    assert runner.invoke(args=["article", "restore", str(article_id)]).output == \
        f"Restored article {article_id} (Port reopens).\n"
    assert any(row["id"] == article_id for row in store.list_articles(db))


def test_article_delete_on_the_command_line_asks_for_the_title_unless_yes(runner, db):
    article_id = cli_article(db)
    wrong = runner.invoke(args=["article", "delete", str(article_id)], input="Port\n")
    assert wrong.exit_code != 0 and "Type the article's title" in wrong.output
    assert db["articles"].count_where("id = ?", [article_id]) == 1
    typed = runner.invoke(args=["article", "delete", str(article_id)], input="Port reopens\n")
    assert typed.exit_code == 0, typed.output
    assert f"Deleted article {article_id} (Port reopens) and its 3 claims for good." in typed.output
    other = cli_article(db)
    assert runner.invoke(args=["article", "delete", str(other), "--yes"]).exit_code == 0
    assert db["articles"].count_where("id in (?, ?)", [article_id, other]) == 0


def test_article_delete_on_the_command_line_needs_a_snapshot_written_when_verdicts_exist(runner, db, users,
                                                                                        tmp_path):
    article_id = cli_article(db)
    store.save_verdict(db, claim_ids(db, article_id)[0], users["Ana"], "sourced")
    refused = runner.invoke(args=["article", "delete", str(article_id), "--yes"])
    assert refused.exit_code != 0
    assert (f"holds 1 verdict and 1 verdict change: write its snapshot (export --format snapshot --article "
            f"{article_id} -o FILE) first") in refused.output
    saved = tmp_path / "article.jsonl"
    assert runner.invoke(args=["export", "--format", "snapshot", "--article", str(article_id),
                               "-o", str(saved)]).exit_code == 0
    assert runner.invoke(args=["article", "delete", str(article_id), "--yes"]).exit_code == 0
    # What was deleted is in the file: it imports back with its verdict.
    assert runner.invoke(args=["import-snapshot", str(saved)]).exit_code == 0
    assert next(db.query("select verdict from verdicts"))["verdict"] == "sourced"


def test_export_archived_on_the_command_line(runner, db, users):
    article_id = cli_article(db)
    store.save_verdict(db, claim_ids(db, article_id)[0], users["Ana"], "sourced")
    lifecycle.archive_article(db, article_id, users["Lee"])
    default = runner.invoke(args=["export"])
    assert default.output.count("\n") == 1  # the header alone
    included = runner.invoke(args=["export", "--archived", "include"])
    assert list(csv.DictReader(io.StringIO(included.output)))[0]["verdict"] == "sourced"
    named = runner.invoke(args=["export", "--article", str(article_id)])
    assert named.exit_code != 0
    assert f"Article {article_id} is archived: ask for --archived include to export it." in named.output


@pytest.mark.parametrize("command", ARTICLE_COMMANDS, ids=lambda command: command.name)
def test_every_article_command_has_help_with_an_example_and_is_in_the_readme(command):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"Example: flask --app annotator article {command.name}" in command.help
    assert f"flask --app annotator article {command.name}" in readme


def test_a_field_sent_back_as_stored_is_kept_even_when_the_form_would_refuse_it(bare_db, people):
    db = bare_db
    article_id = store.add_article(db, ArticleDraft(title="Port", text=TEXT, published="March 2016"))
    assert lifecycle.edit_article(db, article_id, None, title="Port reopens", published="March 2016") == ["title"]
    assert store.get_article(db, article_id)["published"] == "March 2016"


def test_an_archived_article_cannot_be_tagged_until_it_is_restored(bare_db, people):
    article_id = store.add_article(bare_db, draft_from_text("Kim said prices rose. Exports fell.", title="Prices"))
    claim_id = store.claims_for(bare_db, article_id)[0]["id"]
    lifecycle.archive_article(bare_db, article_id, people["Lee"])
    with pytest.raises(store.InvalidVerdict, match="archived"):
        store.save_verdict(bare_db, claim_id, people["Ana"], "sourced")
    with pytest.raises(store.InvalidVerdict, match="archived"):
        store.save_note(bare_db, claim_id, people["Ana"], "", "typed on an archived article")
    assert bare_db["verdicts"].count == 0 and bare_db["untagged_notes"].count == 0
    lifecycle.restore_article(bare_db, article_id, people["Lee"])
    assert store.save_verdict(bare_db, claim_id, people["Ana"], "sourced")
