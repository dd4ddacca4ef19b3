"""Data functions tested on a database file, without Flask."""
import pytest

from annotator import export_rows, store
from annotator.history import history_for
from annotator.db import migrate
from annotator.importing import draft_from_text
from annotator.seed import seed_demo_once


@pytest.fixture
def db(bare_db):
    """This module's tests run on a bare database, without the app."""
    return bare_db


@pytest.fixture
def article_id(db):
    return store.add_article(db, draft_from_text(
        "Xiaomi said it will open stores. Samsung might respond soon. Prices rose 3.5% in Seoul.", title="T"))


def first_claim_id(db, article_id):
    return store.claims_for(db, article_id)[0]["id"]


def test_migrations_apply_once(db):
    assert migrate(db) == []
    assert {"articles", "claims", "reviewers", "verdicts", "verdict_history"} <= set(db.table_names())


def test_database_uses_wal_and_foreign_keys(db):
    assert db.journal_mode == "wal"
    with pytest.raises(Exception, match="FOREIGN KEY"):
        db.execute("insert into claims (article_id, position, text, start, \"end\") values (999, 0, 'x', 0, 1)")


def test_article_is_stored_with_its_claims_in_order(db, article_id):
    claims = store.claims_for(db, article_id)
    article = store.get_article(db, article_id)
    assert len(claims) == 3
    for claim in claims:
        assert article["text"][claim["start"]:claim["end"]] == claim["text"]
    assert [claim["start"] for claim in claims] == sorted(claim["start"] for claim in claims)


def test_add_articles_stores_all_or_none(db, monkeypatch):
    real_insert = store.insert_article
    calls = []

    def failing_second_insert(database, draft, claims):
        calls.append(draft.title)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_insert(database, draft, claims)

    monkeypatch.setattr(store, "insert_article", failing_second_insert)
    with pytest.raises(RuntimeError):
        store.add_articles(db, [draft_from_text("One said.", title="1"), draft_from_text("Two said.", title="2")])
    assert db["articles"].count == 0
    assert db["claims"].count == 0


def test_verdict_change_keeps_history(db, article_id):
    claim_id = first_claim_id(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    assert store.save_verdict(db, claim_id, ana, "unverified")
    assert store.save_verdict(db, claim_id, ana, "sourced", "https://example.org/src", "Checked")
    history = history_for(db, claim_id)
    assert [(h["who"], h["action"], h["from_value"], h["to_value"]) for h in history] == [
        ("Ana", "verdict", None, "unverified"), ("Ana", "verdict", "unverified", "sourced")]
    assert history[1]["detail"] == "evidence https://example.org/src note: Checked"
    assert store.get_verdict(db, claim_id, ana)["verdict"] == "sourced"


def test_saving_the_same_verdict_twice_adds_nothing(db, article_id):
    claim_id = first_claim_id(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    assert store.save_verdict(db, claim_id, ana, "sourced")
    assert not store.save_verdict(db, claim_id, ana, "sourced")
    assert len(history_for(db, claim_id)) == 1
    assert db["verdicts"].count == 1


def test_two_reviewers_keep_their_own_verdicts(db, article_id):
    claim_id = first_claim_id(db, article_id)
    ana, ben = store.reviewer_id_for(db, "Ana"), store.reviewer_id_for(db, "Ben")
    store.save_verdict(db, claim_id, ana, "sourced")
    store.save_verdict(db, claim_id, ben, "speculative")
    assert store.get_verdict(db, claim_id, ana)["verdict"] == "sourced"
    assert store.get_verdict(db, claim_id, ben)["verdict"] == "speculative"
    assert store.claims_for(db, article_id, ben)[0]["verdict"] == "speculative"


def test_reviewer_names_are_reused_and_tidied(db):
    assert store.reviewer_id_for(db, "  Ana   Lee ") == store.reviewer_id_for(db, "Ana Lee")
    with pytest.raises(store.InvalidVerdict):
        store.reviewer_id_for(db, "   ")


@pytest.mark.parametrize("verdict, url, note, message", [
    ("true", "", "", "Choose a verdict"),
    ("", "", "", "Choose a verdict"),
    ("sourced", "javascript:alert(1)", "", "http"),
    ("sourced", "https://x.org/" + "a" * 3000, "", "longer than"),
    ("sourced", "", "n" * 6000, "note is longer"),
])
def test_invalid_verdicts_are_refused_and_change_nothing(db, article_id, verdict, url, note, message):
    claim_id = first_claim_id(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    with pytest.raises(store.InvalidVerdict, match=message):
        store.save_verdict(db, claim_id, ana, verdict, url, note)
    assert db["verdicts"].count == 0
    assert db["verdict_history"].count == 0


def test_unknown_claim_is_not_found(db):
    ana = store.reviewer_id_for(db, "Ana")
    with pytest.raises(store.NotFound):
        store.save_verdict(db, 12345, ana, "sourced")


def test_progress_and_article_list_count_tagged_claims(db, article_id):
    ana, ben = store.reviewer_id_for(db, "Ana"), store.reviewer_id_for(db, "Ben")
    claims = store.claims_for(db, article_id)
    store.save_verdict(db, claims[0]["id"], ana, "sourced")
    store.save_verdict(db, claims[0]["id"], ben, "sourced")
    store.save_verdict(db, claims[1]["id"], ben, "speculative")
    assert store.progress(db, article_id, ana) == store.Progress(tagged=1, total=3, sourced=1)
    assert store.progress(db, article_id, ben) == store.Progress(tagged=2, total=3, sourced=1, speculative=1)
    [row] = store.list_articles(db, ana)
    assert (row["claim_count"], row["tagged_count"], row["my_tagged_count"]) == (3, 2, 1)


def test_export_rows_have_one_row_per_verdict(db, article_id):
    claims = store.claims_for(db, article_id)
    ana, ben = store.reviewer_id_for(db, "Ana"), store.reviewer_id_for(db, "Ben")
    store.save_verdict(db, claims[0]["id"], ana, "sourced", "https://e.org", "note")
    store.save_verdict(db, claims[0]["id"], ben, "unverified")
    rows = list(export_rows.verdict_rows(db, export_rows.ExportFilter(article_id=article_id)))
    assert [tuple(row) for row in rows] == [export_rows.EXPORT_COLUMNS] * 2
    assert [(r["reviewer"], r["verdict"]) for r in rows] == [("Ana", "sourced"), ("Ben", "unverified")]
    assert rows[0]["claim_text"] == claims[0]["text"]
    assert rows[0]["updated_at"].endswith("Z")
    assert list(export_rows.verdict_rows(db, export_rows.ExportFilter(article_id=article_id + 1))) == []


def test_demo_is_seeded_once_even_after_deletion(db):
    assert len(seed_demo_once(db)) == 1
    db.execute("delete from claims")
    db.execute("delete from articles")
    db.conn.commit()
    assert seed_demo_once(db) == []
    assert db["articles"].count == 0


def test_undo_restores_the_previous_verdict_and_is_recorded(db, article_id):
    from annotator.history import history_for

    claim_id = first_claim_id(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    store.save_verdict(db, claim_id, ana, "sourced", note="first")
    store.save_verdict(db, claim_id, ana, "speculative", note="second")
    assert store.undo_last_change(db, claim_id, ana)
    assert (store.get_verdict(db, claim_id, ana)["verdict"], store.get_verdict(db, claim_id, ana)["note"]) == (
        "sourced", "first")
    assert store.undo_last_change(db, claim_id, ana)  # undoing the undo redoes
    assert store.get_verdict(db, claim_id, ana)["verdict"] == "speculative"
    assert len(history_for(db, claim_id)) == 4


def test_undo_of_a_first_verdict_untags_the_claim(db, article_id):
    claim_id = first_claim_id(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    assert not store.undo_last_change(db, claim_id, ana)  # nothing to undo
    store.save_verdict(db, claim_id, ana, "unverified")
    assert store.undo_last_change(db, claim_id, ana)
    assert store.get_verdict(db, claim_id, ana) is None
    assert store.progress(db, article_id, ana).tagged == 0


def test_lines_that_are_not_claims_are_left_out_of_progress(db):
    article_id = store.add_article(db, draft_from_text("Will prices fall?\nKim said prices rose.", title="Q"))
    claims = store.claims_for(db, article_id)
    assert [(c["text"], c["is_claim"]) for c in claims] == [("Will prices fall?", 0), ("Kim said prices rose.", 1)]
    assert claims[0]["reason"] == "a question"
    assert store.progress(db, article_id, None).total == 1
    assert store.list_articles(db)[0]["claim_count"] == 1


def test_retired_claims_leave_the_review_but_keep_their_verdicts(db, article_id):
    claims = store.claims_for(db, article_id)
    ana = store.reviewer_id_for(db, "Ana")
    store.save_verdict(db, claims[0]["id"], ana, "sourced")
    db.execute("update claims set retired_at = '2026-11-25T00:00:00Z' where id = ?", [claims[0]["id"]])
    db.conn.commit()
    assert [c["id"] for c in store.claims_for(db, article_id)] == [c["id"] for c in claims[1:]]
    assert store.progress(db, article_id, ana).total == len(claims) - 1
    assert store.get_verdict(db, claims[0]["id"], ana)["verdict"] == "sourced"
    with pytest.raises(store.InvalidVerdict, match="replaced"):
        store.save_verdict(db, claims[0]["id"], ana, "unverified")
