"""Assignments, queues, final verdicts, evidence and history, tested on the database without Flask."""
import pytest

from annotator import accounts, evidence, store, team
from annotator.history import history_for
from annotator.importing import draft_from_text


@pytest.fixture
def db(bare_db):
    """This module's tests run on a bare database, without the app."""
    return bare_db


@pytest.fixture
def people(db):
    return {name: accounts.create_user(db, name, "long password", role)
            for name, role in (("Ada", "admin"), ("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}


@pytest.fixture
def articles(db):
    return [store.add_article(db, draft_from_text(text, title=title)) for title, text in (
        ("One", "Kim said prices rose by 4% in March. Exports to Japan might fall by a third next year."),
        ("Two", "The ministry reported growth of 3% in May. Rents in Seoul rose by 9% last year. "
                "Lee said imports rose to $4 billion in June."),
    )]


def claim_ids(db, article_id):
    return [claim["id"] for claim in store.claims_for(db, article_id)]


def test_queue_lists_assigned_articles_with_progress(db, people, articles):
    team.set_assignments(db, articles[1], {people["Ana"]}, people["Ada"])
    store.save_verdict(db, claim_ids(db, articles[1])[0], people["Ana"], "sourced")
    [item] = team.queue_for(db, people["Ana"])
    assert (item["title"], item["claim_count"], item["my_tagged_count"]) == ("Two", 3, 1)
    assert team.queue_for(db, people["Ben"]) == []


def test_reassigning_replaces_the_reviewers(db, people, articles):
    team.set_assignments(db, articles[0], {people["Ana"], people["Ben"]}, people["Ada"])
    team.set_assignments(db, articles[0], {people["Ben"]}, people["Ada"])
    assert team.assigned_reviewer_ids(db, articles[0]) == {people["Ben"]}


def test_next_untagged_claim_prefers_the_queue_then_any_article(db, people, articles):
    team.set_assignments(db, articles[1], {people["Ana"]}, people["Ada"])
    two = claim_ids(db, articles[1])
    assert team.next_untagged_claim(db, people["Ana"])["id"] == two[0]
    store.save_verdict(db, two[0], people["Ana"], "sourced")
    assert team.next_untagged_claim(db, people["Ana"])["id"] == two[1]
    for claim_id in two[1:]:
        store.save_verdict(db, claim_id, people["Ana"], "unverified")
    assert team.next_untagged_claim(db, people["Ana"])["id"] == claim_ids(db, articles[0])[0]
    for claim_id in claim_ids(db, articles[0]):
        store.save_verdict(db, claim_id, people["Ana"], "unverified")
    assert team.next_untagged_claim(db, people["Ana"]) is None


def test_ratings_table_has_every_reviewer_verdict(db, people, articles):
    first, second = claim_ids(db, articles[0])
    store.save_verdict(db, first, people["Ana"], "sourced")
    store.save_verdict(db, first, people["Ben"], "speculative")
    store.save_verdict(db, second, people["Ben"], "speculative")
    assert team.ratings(db, articles[0]) == {first: {"Ana": "sourced", "Ben": "speculative"},
                                             second: {"Ben": "speculative"}}
    assert team.ratings(db, articles[1]) == {}


def test_final_verdict_is_set_changed_and_recorded(db, people, articles):
    claim_id = claim_ids(db, articles[0])[0]
    assert team.set_final_verdict(db, claim_id, people["Lee"], "sourced", "Kim is on record")
    assert not team.set_final_verdict(db, claim_id, people["Lee"], "sourced", "Kim is on record")
    assert team.set_final_verdict(db, claim_id, people["Ada"], "unverified", "no source")
    final = team.final_verdicts(db, [claim_id])[claim_id]
    assert (final["verdict"], final["adjudicated_by_name"]) == ("unverified", "Ada")
    changes = [(c["who"], c["action"], c["from_value"], c["to_value"]) for c in history_for(db, claim_id)]
    assert changes == [("Lee", "final verdict", None, "sourced: Kim is on record"),
                       ("Ada", "final verdict", "sourced", "unverified: no source")]


def test_final_verdict_must_be_known(db, people, articles):
    with pytest.raises(team.InvalidFinalVerdict):
        team.set_final_verdict(db, claim_ids(db, articles[0])[0], people["Lee"], "true")


def test_evidence_is_structured_and_kept_in_history(db, people, articles):
    claim_id = claim_ids(db, articles[0])[0]
    evidence_id = evidence.add_evidence(db, claim_id, people["Ana"], "https://example.org/kim", "prices rose",
                                        "official statement", "2026-11-01", "https://web.archive.org/kim")
    [item] = evidence.evidence_for(db, [claim_id])[claim_id]
    assert (item["url"], item["quote"], item["source_type"], item["accessed_on"], item["reviewer"]) == (
        "https://example.org/kim", "prices rose", "official statement", "2026-11-01", "Ana")
    assert evidence.remove_evidence(db, evidence_id, people["Ben"]) is None  # not Ben's to remove
    assert evidence.remove_evidence(db, evidence_id, people["Ana"]) == claim_id
    assert evidence.evidence_for(db, [claim_id]) == {}
    assert [c["action"] for c in history_for(db, claim_id)] == ["evidence added", "evidence removed"]


@pytest.mark.parametrize("fields, message", [
    ({"url": "javascript:alert(1)"}, "must start with http"),
    ({"url": ""}, "required"),
    ({"url": "https://x.org", "source_type": "rumour"}, "Choose a source type"),
    ({"url": "https://x.org", "accessed_on": "yesterday"}, "access date"),
    ({"url": "https://x.org", "archive_url": "data:text/html,x"}, "archive link must start"),
])
def test_bad_evidence_is_refused(db, people, articles, fields, message):
    claim_id = claim_ids(db, articles[0])[0]
    with pytest.raises(evidence.InvalidEvidence, match=message):
        evidence.add_evidence(db, claim_id, people["Ana"], **fields)
    assert db["evidence"].count == 0


def test_reviewer_history_hides_other_reviewers_work(db, people, articles):
    claim_id = claim_ids(db, articles[0])[0]
    store.save_verdict(db, claim_id, people["Ana"], "sourced", note="Ana's private note")
    store.save_verdict(db, claim_id, people["Ben"], "speculative", note="Ben's private note")
    evidence.add_evidence(db, claim_id, people["Ben"], "https://example.org/ben")
    team.set_final_verdict(db, claim_id, people["Lee"], "sourced", "on record")
    seen_by_ana = history_for(db, claim_id, people["Ana"])
    assert {c["who"] for c in seen_by_ana} == {"Ana", "Lee"}
    assert "Ben" not in str(seen_by_ana)
    assert {c["who"] for c in history_for(db, claim_id)} == {"Ana", "Ben", "Lee"}


def test_retired_claims_take_no_evidence_or_final_verdict(db, people, articles):
    claim_id = claim_ids(db, articles[0])[0]
    db.execute("update claims set retired_at = '2026-11-25T00:00:00Z' where id = ?", [claim_id])
    db.conn.commit()
    with pytest.raises(evidence.InvalidEvidence, match="replaced"):
        evidence.add_evidence(db, claim_id, people["Ana"], "https://example.org/x")
    with pytest.raises(team.InvalidFinalVerdict, match="replaced"):
        team.set_final_verdict(db, claim_id, people["Lee"], "sourced", "on record")


def test_first_admin_only_once(db):
    accounts.create_first_admin(db, "Ada", "long password")
    with pytest.raises(accounts.AccountError, match="already has accounts"):
        accounts.create_first_admin(db, "Eve", "long password")


def test_next_untagged_claim_skips_replaced_claims(db, people, articles):
    first, second = claim_ids(db, articles[0])
    db.execute("update claims set retired_at = '2026-11-25T00:00:00Z' where id = ?", [first])
    db.conn.commit()
    assert team.next_untagged_claim(db, people["Ana"])["id"] == second
