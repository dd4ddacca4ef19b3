"""A reviewer's note and evidence URL on a claim they have not tagged: kept, in the history, never a verdict."""
import pytest

from annotator import export_rows, store, team
from annotator.history import history_for
from annotator.importing import draft_from_text


@pytest.fixture
def bare(bare_db):
    article_id = store.add_article(bare_db, draft_from_text(
        "Xiaomi said it will open stores. Samsung might respond soon. Prices rose 3.5% in Seoul.", title="T"))
    ana = store.reviewer_id_for(bare_db, "Ana")
    return bare_db, article_id, store.claims_for(bare_db, article_id)[0]["id"], ana


def test_a_note_on_an_untagged_claim_is_kept_without_a_verdict(bare):
    db, article_id, claim_id, ana = bare
    assert store.save_note(db, claim_id, ana, "https://example.org/src", "Call the ministry")
    claim = store.claims_for(db, article_id, ana)[0]
    assert (claim["verdict"], claim["evidence_url"], claim["note"]) == (
        None, "https://example.org/src", "Call the ministry")
    assert store.claim_with_verdict(db, claim_id, ana)["note"] == "Call the ministry"
    assert db["verdicts"].count == 0
    assert store.progress(db, article_id, ana).tagged == 0
    assert team.ratings(db, article_id) == {}
    assert list(export_rows.verdict_rows(db)) == []


def test_every_change_to_an_untagged_note_is_in_the_history(bare):
    db, _, claim_id, ana = bare
    store.save_note(db, claim_id, ana, "", "first")
    store.save_note(db, claim_id, ana, "", "first")  # the same again adds nothing
    store.save_note(db, claim_id, ana, "https://example.org", "second")
    changes = [(row["action"], row["from_value"], row["to_value"]) for row in history_for(db, claim_id)]
    assert changes == [("note", None, "first"), ("evidence URL", None, "https://example.org"),
                       ("note", "first", "second")]


def test_a_reviewer_does_not_see_another_reviewers_untagged_note_in_the_history(bare):
    db, _, claim_id, ana = bare
    ben = store.reviewer_id_for(db, "Ben")
    store.save_note(db, claim_id, ana, "", "Ana's private note")
    assert history_for(db, claim_id, ben) == []
    assert [row["to_value"] for row in history_for(db, claim_id, ana)] == ["Ana's private note"]


def test_tagging_takes_over_the_note_typed_before_and_undo_gives_it_back(bare):
    db, article_id, claim_id, ana = bare
    store.save_note(db, claim_id, ana, "https://example.org/a", "typed first")
    store.save_verdict(db, claim_id, ana, "sourced", None, None)  # a form without the fields keeps them
    verdict = store.get_verdict(db, claim_id, ana)
    assert (verdict["verdict"], verdict["evidence_url"], verdict["note"]) == (
        "sourced", "https://example.org/a", "typed first")
    assert db["untagged_notes"].count == 0
    store.undo_last_change(db, claim_id, ana)
    assert store.get_verdict(db, claim_id, ana) is None
    claim = store.claims_for(db, article_id, ana)[0]
    assert (claim["verdict"], claim["note"]) == (None, "typed first")
    store.undo_last_change(db, claim_id, ana)  # undoing the undo tags it again, with the note
    assert (store.get_verdict(db, claim_id, ana)["verdict"], store.get_verdict(db, claim_id, ana)["note"]) == (
        "sourced", "typed first")


def test_a_note_on_a_tagged_claim_changes_the_verdicts_note_and_keeps_the_verdict(bare):
    db, _, claim_id, ana = bare
    store.save_verdict(db, claim_id, ana, "speculative")
    assert store.save_note(db, claim_id, ana, "", "seen")
    assert not store.save_note(db, claim_id, ana, "", "seen")
    verdict = store.get_verdict(db, claim_id, ana)
    assert (verdict["verdict"], verdict["note"]) == ("speculative", "seen")
    history = list(db.query("select from_verdict, to_verdict, to_note from verdict_history order by id"))
    assert history[-1] == {"from_verdict": "speculative", "to_verdict": "speculative", "to_note": "seen"}


def test_clearing_an_untagged_note_leaves_no_row(bare):
    db, _, claim_id, ana = bare
    store.save_note(db, claim_id, ana, "", "oops")
    store.save_note(db, claim_id, ana, "", "")
    assert db["untagged_notes"].count == 0
    assert history_for(db, claim_id)[-1]["to_value"] is None


def test_an_invalid_url_or_a_replaced_claim_is_refused(bare):
    db, _, claim_id, ana = bare
    with pytest.raises(store.InvalidVerdict, match="must start with http"):
        store.save_note(db, claim_id, ana, "javascript:alert(1)", "")
    with pytest.raises(store.InvalidVerdict, match="longer than"):
        store.save_note(db, claim_id, ana, "", "x" * (store.MAX_NOTE_LENGTH + 1))
    db.execute("update claims set retired_at = '2026-01-01T00:00:00Z' where id = ?", [claim_id])
    with pytest.raises(store.InvalidVerdict, match="replaced"):
        store.save_note(db, claim_id, ana, "", "late")
    assert db["untagged_notes"].count == 0
