"""A snapshot carries a note typed on an untagged claim, the article's own history and every fix of the split."""
import json

import pytest

from annotator import accounts, edits, interchange, lifecycle, store
from annotator.db import connect, migrate
from annotator.export_rows import export_chunks
from annotator.importing import draft_from_text


@pytest.fixture
def worked_on(bare_db):
    """Ana tags two claims and types a note on a third; Lee renames the article and merges the tagged two."""
    lee = accounts.create_user(bare_db, "Lee", "long password", "lead")
    ana = accounts.create_user(bare_db, "Ana", "long password")
    article_id = store.add_article(bare_db, draft_from_text(
        "Kim said prices rose 4%. Kim said exports fell 2%. The port handled 63,000 cars.", title="Port"))
    first, second, third = (claim["id"] for claim in store.claims_for(bare_db, article_id))
    store.save_verdict(bare_db, first, ana, "sourced", "", "")
    store.save_verdict(bare_db, second, ana, "speculative", "", "")
    store.save_note(bare_db, third, ana, "https://example.org/port", "ask the port authority")
    lifecycle.edit_article(bare_db, article_id, lee, title="Port traffic")
    edits.merge(bare_db, first, second, lee)
    return bare_db


def _round_trip(db, tmp_path):
    lines = "".join(export_chunks(db, "snapshot")).splitlines()
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    [article_id] = interchange.load_articles(fresh, lines)
    return fresh, article_id


def test_a_note_typed_on_an_untagged_claim_survives_a_snapshot(worked_on, tmp_path):
    fresh, article_id = _round_trip(worked_on, tmp_path)
    ana = store.reviewer_id_for(fresh, "Ana")
    port = next(claim for claim in store.claims_for(fresh, article_id, ana) if "63,000" in claim["text"])
    assert (port["evidence_url"], port["note"]) == ("https://example.org/port", "ask the port authority")
    assert fresh["verdicts"].count_where("claim_id = ?", [port["id"]]) == 0  # still a note, not a verdict


def test_the_articles_own_history_survives_a_snapshot(worked_on, tmp_path):
    fresh, article_id = _round_trip(worked_on, tmp_path)
    [change] = lifecycle.history(fresh, article_id)
    assert (change["from_value"], change["to_value"]) == ("Port", "Port traffic")


def test_a_merge_and_its_recheck_flag_survive_a_snapshot_and_can_still_be_undone(worked_on, tmp_path):
    fresh, article_id = _round_trip(worked_on, tmp_path)
    ana = store.reviewer_id_for(fresh, "Ana")
    merged = next(claim for claim in store.claims_for(fresh, article_id) if "4%" in claim["text"])
    assert "exports fell" in merged["text"]
    assert fresh["rechecks"].count_where("claim_id = ? and reviewer_id = ? and cleared_at is null",
                                         [merged["id"], ana]) == 1
    edit = edits.undoable_edit(fresh, article_id)
    assert edit is not None and edit["kind"] == "merge"
    edits.undo(fresh, edit["id"], store.reviewer_id_for(fresh, "Lee"))
    texts = [claim["text"] for claim in store.claims_for(fresh, article_id)]
    assert "Kim said prices rose 4%." in texts and "Kim said exports fell 2%." in texts
    verdicts = {claim["text"]: claim["verdict"] for claim in store.claims_for(fresh, article_id, ana)}
    assert verdicts["Kim said prices rose 4%."] == "sourced"


@pytest.mark.parametrize("part, change, message", [
    ("untagged_notes", {"evidence_url": "javascript:alert(1)"}, "untagged_notes[0]"),
    ("untagged_notes", {"claim_id": 10**6}, "is not a claim of this article"),
    ("claim_edits", {"kind": "explode"}, "kind must be one of"),
    ("claim_replacements", {"edit_id": 999}, "is not an edit of this article"),
    ("rechecks", {"reason": "because"}, "reason must be one of"),
    ("article_history", {"changed_at": "yesterday"}, "article_history[0]: changed_at"),
])
def test_a_bad_row_in_the_new_parts_is_refused_naming_it_and_imports_nothing(worked_on, tmp_path, part, change,
                                                                              message):
    [line] = "".join(export_chunks(worked_on, "snapshot")).splitlines()
    record = json.loads(line)
    record[part][0].update(change)
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    with pytest.raises(interchange.InterchangeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        interchange.load_articles(fresh, [json.dumps(record)])
    assert fresh["articles"].count == 0 and fresh["claim_edits"].count == 0


def test_a_snapshot_written_before_these_parts_existed_still_imports(worked_on, tmp_path):
    [line] = "".join(export_chunks(worked_on, "snapshot")).splitlines()
    record = json.loads(line)
    for part in ("untagged_notes", "article_history", "claim_edits", "claim_replacements", "rechecks"):
        del record[part]
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    assert len(interchange.load_articles(fresh, [json.dumps(record)])) == 1
