"""Fixing the split keeps the verdicts: carried on agreement, flagged for re-check otherwise, exported, undoable."""
import csv
import io

import pytest

from annotator import accounts, db as database, edits, evidence, rechecks, store
from annotator.export_rows import ExportFilter, export_chunks, retired_count, verdict_rows
from annotator.history import history_for
from annotator.importing import ArticleDraft

TEXT = ("Acme sold 40 phones in Seoul, the ministry reported. Rivals might follow soon.\n"
        "Acme opened two stores in Busan last year. Prices rose by ten percent.")


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def people(db):
    return {name: accounts.create_user(db, name, "correct horse battery", role)
            for name, role in (("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}


@pytest.fixture
def article_id(db):
    return store.add_article(db, ArticleDraft(title="Acme", text=TEXT))


def live(db, article_id, reviewer_id=None):
    return store.claims_for(db, article_id, reviewer_id)


def csv_rows(db, **filters):
    text = "".join(export_chunks(db, "csv", export_filter=ExportFilter.parse(**filters)))
    return list(csv.DictReader(io.StringIO(text)))


def test_merging_two_tagged_claims_keeps_both_verdicts_in_the_csv_with_their_status(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    store.save_verdict(db, second["id"], people["Ana"], "speculative")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    rows = csv_rows(db, claims="all")
    retired = [(row["claim_id"], row["verdict"], row["claim_status"], row["replaced_by"]) for row in rows
               if row["claim_status"] == "retired"]
    assert retired == [(str(first["id"]), "sourced", "retired", str(new_id)),
                       (str(second["id"]), "speculative", "retired", str(new_id))]
    # The default export holds live claims only; the retired rows are counted for the export page's note.
    assert all(row["claim_status"] == "live" for row in csv_rows(db))
    assert retired_count(db) == 2
    assert len(csv_rows(db, claims="retired")) == 2


def test_a_merge_carries_a_verdict_the_reviewer_gave_both_claims(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced", "https://example.org/a", "first note")
    store.save_verdict(db, second["id"], people["Ana"], "sourced", "", "second note")
    evidence.add_evidence(db, first["id"], people["Ana"], "https://example.org/filing", "", "primary document",
                          "2026-11-20")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    carried = store.get_verdict(db, new_id, people["Ana"])
    assert (carried["verdict"], carried["evidence_url"], carried["note"]) == (
        "sourced", "https://example.org/a", "first note\n\nsecond note")
    assert rechecks.open_for(db, [new_id], people["Ana"]) == {}  # they agreed: nothing to re-check
    assert [item["url"] for item in evidence.evidence_for(db, [new_id], people["Ana"])[new_id]] == [
        "https://example.org/filing"]
    [change] = [change for change in history_for(db, new_id, people["Ana"]) if change["action"] == "verdict"]
    assert change["to_value"] == "sourced"
    assert change["detail"].startswith(f"carried from merge of {first['id']} and {second['id']}")
    # Counted in the progress and in the live export as the reviewer's verdict on the new claim.
    assert store.progress(db, article_id, people["Ana"]).tagged == 1
    [row] = csv_rows(db)
    assert (row["claim_id"], row["verdict"], row["recheck"]) == (str(new_id), "sourced", "0")


def test_a_merge_of_differing_verdicts_leaves_the_claim_untagged_and_flagged(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    store.save_verdict(db, second["id"], people["Ana"], "speculative")
    store.save_verdict(db, first["id"], people["Ben"], "unverified")
    store.save_verdict(db, second["id"], people["Ben"], "unverified")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    assert store.get_verdict(db, new_id, people["Ana"]) is None
    flag = rechecks.open_for(db, [new_id], people["Ana"])[new_id]
    assert flag["reason"] == "re-check after merge"
    assert [(old["claim_id"], old["verdict"]) for old in flag["old"]] == [
        (first["id"], "sourced"), (second["id"], "speculative")]
    assert store.get_verdict(db, new_id, people["Ben"])["verdict"] == "unverified"  # Ben agreed with himself
    assert rechecks.open_for(db, [new_id], people["Ben"]) == {}
    # Ana's history shows the flag; Ben's does not show Ana's.
    assert "re-check after merge" in [change["action"] for change in history_for(db, new_id, people["Ana"])]
    assert "re-check after merge" not in [change["action"] for change in history_for(db, new_id, people["Ben"])]


def test_a_merge_of_one_tagged_claim_carries_the_verdict_flagged(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, second["id"], people["Ana"], "speculative")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    assert store.get_verdict(db, new_id, people["Ana"])["verdict"] == "speculative"
    assert rechecks.open_for(db, [new_id], people["Ana"])[new_id]["reason"] == "re-check after merge"


def test_a_split_claim_passes_its_verdicts_to_both_parts_flagged_for_re_check(db, people, article_id):
    claim = live(db, article_id)[0]
    store.save_verdict(db, claim["id"], people["Ana"], "sourced", "https://example.org/kim")
    store.save_verdict(db, claim["id"], people["Ben"], "unverified")
    left, right = edits.split(db, claim["id"], claim["text"].index(", the ministry") + 1, people["Lee"])
    for part in (left, right):
        assert store.get_verdict(db, part, people["Ana"])["evidence_url"] == "https://example.org/kim"
        assert store.get_verdict(db, part, people["Ben"])["verdict"] == "unverified"
        assert rechecks.open_for(db, [part], people["Ana"])[part]["reason"] == "re-check after split"
    rows = {(row["claim_id"], row["reviewer"]): row for row in csv_rows(db, claims="all")}
    assert rows[(str(left), "Ana")]["recheck"] == "1"
    assert rows[(str(claim["id"]), "Ana")]["replaced_by"] == f"{left} {right}"


def test_new_boundaries_inherit_the_verdict_flagged(db, people, article_id):
    claim = live(db, article_id)[2]
    store.save_verdict(db, claim["id"], people["Ana"], "sourced")
    new_id = edits.set_boundaries(db, claim["id"], claim["start"] + 5, claim["end"], people["Lee"])
    assert store.get_verdict(db, new_id, people["Ana"])["verdict"] == "sourced"
    assert rechecks.open_for(db, [new_id], people["Ana"])[new_id]["reason"] == "re-check after new boundaries"


def test_saving_a_verdict_settles_the_re_check_even_the_same_one(db, people, article_id):
    claim = live(db, article_id)[0]
    store.save_verdict(db, claim["id"], people["Ana"], "sourced")
    left, right = edits.split(db, claim["id"], claim["text"].index(", the ministry") + 1, people["Lee"])
    assert store.save_verdict(db, left, people["Ana"], "sourced")  # the same verdict: kept, and the flag settled
    assert store.save_verdict(db, right, people["Ana"], "unverified")
    assert rechecks.open_for(db, [left, right], people["Ana"]) == {}
    assert not store.save_verdict(db, left, people["Ana"], "sourced")  # nothing left to settle
    assert "re-checked" in [change["action"] for change in history_for(db, left, people["Ana"])]


def test_an_unconfirmed_edit_of_tagged_claims_asks_first_and_writes_nothing(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    store.save_verdict(db, second["id"], people["Ana"], "sourced")
    store.save_verdict(db, first["id"], people["Ben"], "unverified")
    with pytest.raises(edits.NeedsConfirmation, match="3 verdicts by 2 reviewers will be carried or flagged"):
        edits.merge(db, first["id"], second["id"], people["Lee"], confirmed=False)
    assert [claim["id"] for claim in live(db, article_id)][:2] == [first["id"], second["id"]]
    assert db["claim_edits"].count == 0 and db["claim_history"].count == 0
    fourth = live(db, article_id)[3]
    store.save_verdict(db, fourth["id"], people["Ana"], "sourced")
    with pytest.raises(edits.NeedsConfirmation, match="1 verdict by 1 reviewer will be carried or flagged"):
        edits.split(db, fourth["id"], fourth["text"].index(" by ten"), people["Lee"], confirmed=False)
    # Untagged claims need no confirmation.
    third = live(db, article_id)[2]
    edits.split(db, third["id"], third["text"].index(" in Busan"), people["Lee"], confirmed=False)


def test_undo_of_a_merge_restores_the_claims_and_their_verdicts(db, people, article_id):
    before = live(db, article_id)
    first, second = before[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    store.save_verdict(db, second["id"], people["Ana"], "speculative")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    edit = edits.undoable_edit(db, article_id)
    assert edit["kind"] == "merge" and edit["description"] == "claims 1 and 2 merged into claim 1"
    assert edits.undo(db, edit["id"], people["Lee"]) == [first["id"], second["id"]]
    after = live(db, article_id, people["Ana"])
    assert [claim["id"] for claim in after] == [claim["id"] for claim in before]
    assert [claim["verdict"] for claim in after[:2]] == ["sourced", "speculative"]
    assert [claim["position"] for claim in after] == [0, 1, 2, 3]
    assert db["claims"].get(new_id)["retired_at"]  # the merged claim is retired, not deleted
    rows = csv_rows(db, claims="all")
    assert [row["claim_status"] for row in rows if row["claim_id"] == str(new_id)] == []  # it held no verdict
    assert [row["replaced_by"] for row in rows if row["claim_id"] == str(first["id"])] == [""]  # live again
    assert edits.undoable_edit(db, article_id) is None
    with pytest.raises(edits.EditRefused, match="undone already"):
        edits.undo(db, edit["id"], people["Lee"])
    assert [change["action"] for change in history_for(db, first["id"])] == ["verdict", "merge", "undo"]


def test_undo_of_a_split_retires_the_parts_with_their_verdicts(db, people, article_id):
    claim = live(db, article_id)[0]
    store.save_verdict(db, claim["id"], people["Ana"], "sourced")
    left, right = edits.split(db, claim["id"], claim["text"].index(", the ministry") + 1, people["Lee"])
    store.save_verdict(db, left, people["Ana"], "unverified")  # tagged since the split
    edit = edits.undoable_edit(db, article_id)
    with pytest.raises(edits.NeedsConfirmation, match="1 verdict by 1 reviewer were given"):
        edits.undo(db, edit["id"], people["Lee"], confirmed=False)
    edits.undo(db, edit["id"], people["Lee"])  # confirmed
    assert live(db, article_id, people["Ana"])[0]["verdict"] == "sourced"
    retired = {row["claim_id"]: row for row in csv_rows(db, claims="retired")}
    assert retired[str(left)]["verdict"] == "unverified"  # nothing saved is lost
    assert retired[str(left)]["replaced_by"] == str(claim["id"])


def test_only_the_latest_edit_of_a_claim_can_be_undone(db, people, article_id):
    first, second = live(db, article_id)[:2]
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    merge_edit = edits.undoable_edit(db, article_id)["id"]
    edits.split(db, new_id, 10, people["Lee"])
    with pytest.raises(edits.EditRefused, match="undo that one first"):
        edits.undo(db, merge_edit, people["Lee"])
    edits.undo(db, edits.undoable_edit(db, article_id)["id"], people["Lee"])
    assert edits.undoable_edit(db, article_id)["id"] == merge_edit  # then the merge, in turn
    edits.undo(db, merge_edit, people["Lee"])
    assert [claim["id"] for claim in live(db, article_id)][:2] == [first["id"], second["id"]]


def test_undo_of_an_added_claim_retires_it(db, people, article_id):
    claim = live(db, article_id)[3]
    edits.set_boundaries(db, claim["id"], claim["start"], claim["start"] + len("Prices rose"), people["Lee"])
    added = edits.add_claim(db, article_id, claim["start"] + len("Prices rose"), len(TEXT), people["Lee"])
    edit = edits.undoable_edit(db, article_id)
    assert edit["description"] == "claim 5 added"
    assert edits.undo(db, edit["id"], people["Lee"]) == []
    assert db["claims"].get(added)["retired_at"]


def test_an_unknown_edit_is_not_found(db, people):
    with pytest.raises(edits.ClaimNotFound):
        edits.undo(db, 999, people["Lee"])


def test_edits_made_before_lineage_get_their_replaced_by_from_the_migration(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    # As a database edited before migration 0008 would be: no lineage rows, no carried verdict.
    for table in ("rechecks", "verdict_history", "verdicts"):
        db.execute(f"delete from {table} where claim_id = ?", [new_id])
    db.execute("delete from claim_replacements")
    db.execute("delete from claim_edits")
    database._backfill_lineage(db)
    [row] = [row for row in verdict_rows(db, ExportFilter(claims="all")) if row["claim_id"] == first["id"]]
    assert (row["claim_status"], row["replaced_by"]) == ("retired", str(new_id))


def test_a_note_typed_on_an_untagged_claim_follows_a_merge(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_note(db, first["id"], people["Ben"], "https://example.org/memo", "check the memo")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    merged = store.claim_with_verdict(db, new_id, people["Ben"])
    assert (merged["verdict"], merged["evidence_url"], merged["note"]) == (None, "https://example.org/memo",
                                                                           "check the memo")
    assert any(entry.get("action") == "note" for entry in history_for(db, new_id, people["Ben"]))


def test_a_note_typed_before_tagging_joins_the_verdict_a_merge_carries(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_note(db, first["id"], people["Ana"], "https://example.org/a", "typed on the first")
    store.save_verdict(db, second["id"], people["Ana"], "sourced", "", "tagged on the second")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"], confirmed=True)
    merged = store.claim_with_verdict(db, new_id, people["Ana"])
    assert merged["verdict"] == "sourced"
    assert merged["note"] == "tagged on the second\n\ntyped on the first"
    assert merged["evidence_url"] == "https://example.org/a"


def settle(db, claim_id, lead_id, verdict, reason):
    from annotator import team
    team.set_final_verdict(db, claim_id, lead_id, verdict, reason)


def test_a_merge_of_claims_settled_alike_carries_the_final_verdict_with_its_reasons(db, people, article_id):
    first, second = live(db, article_id)[:2]
    settle(db, first["id"], people["Lee"], "sourced", "the ministry's figures")
    settle(db, second["id"], people["Lee"], "sourced", "the ministry's figures")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    [row] = db.query("select verdict, reason, adjudicated_by from final_verdicts where claim_id = ?", [new_id])
    # The same reason twice is kept once.
    assert row == {"verdict": "sourced", "reason": "the ministry's figures", "adjudicated_by": people["Lee"]}
    [change] = [c for c in history_for(db, new_id) if c["action"] == "final verdict"]
    assert change["to_value"] == (f"sourced: the ministry's figures (carried from merge of {first['id']} and "
                                  f"{second['id']})")
    # The retired claims keep theirs, so an export of retired claims still shows what the lead decided.
    assert db["final_verdicts"].count_where(f"claim_id in ({first['id']}, {second['id']})") == 2


def test_a_merge_of_claims_settled_differently_leaves_the_lead_to_decide_and_says_so(db, people, article_id):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], people["Ana"], "sourced")
    settle(db, first["id"], people["Lee"], "sourced", "a filing")
    settle(db, second["id"], people["Lee"], "speculative", "a forecast")
    with pytest.raises(edits.NeedsConfirmation) as asked:
        edits.merge(db, first["id"], second["id"], people["Lee"], confirmed=False)
    assert "2 final verdicts stay on the retired claims: a lead decides the new claim again" in str(asked.value)
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    assert not db["final_verdicts"].count_where("claim_id = ?", [new_id])


def test_a_split_never_carries_a_final_verdict_to_its_parts(db, people, article_id):
    claim = live(db, article_id)[0]
    settle(db, claim["id"], people["Lee"], "sourced", "the ministry's figures")
    with pytest.raises(edits.NeedsConfirmation) as asked:
        edits.split(db, claim["id"], 10, people["Lee"], confirmed=False)
    assert "1 final verdict stays on the retired claim: a lead decides each of the 2 new claims again" in str(asked.value)
    parts = edits.split(db, claim["id"], 10, people["Lee"])
    assert not db["final_verdicts"].count_where(f"claim_id in ({parts[0]}, {parts[1]})")


def test_undoing_a_merge_that_carried_a_final_verdict_gives_the_old_claims_theirs(db, people, article_id):
    first, second = live(db, article_id)[:2]
    settle(db, first["id"], people["Lee"], "sourced", "one")
    settle(db, second["id"], people["Lee"], "sourced", "two")
    new_id = edits.merge(db, first["id"], second["id"], people["Lee"])
    [edit] = db.query("select id from claim_edits where kind = 'merge'")
    edits.undo(db, edit["id"], people["Lee"])
    live_ids = [claim["id"] for claim in live(db, article_id)]
    assert first["id"] in live_ids and new_id not in live_ids
    assert [r["reason"] for r in db.query(
        f"select reason from final_verdicts where claim_id in ({first['id']}, {second['id']}) order by claim_id")] == [
        "one", "two"]
