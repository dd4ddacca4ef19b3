"""Blind review: what of colleagues' work a reviewer sees on a claim before and after tagging it, without Flask."""
import pytest

from annotator import accounts, blind, double_review, search, store, team
from annotator.importing import draft_from_text


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def people(db):
    return {name: accounts.get_user(db, accounts.create_user(db, name, "long password", role))
            for name, role in (("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}


@pytest.fixture
def claims(db, people):
    article = store.add_article(db, draft_from_text(
        "Kim said prices rose by 4% in March. The ministry reported growth of 3% in May.", title="One"))
    double_review.set_rule(db, article, people["Lee"]["id"], "2")
    first, second = [claim["id"] for claim in store.claims_for(db, article)][:2]
    store.save_verdict(db, first, people["Ana"]["id"], "sourced", "https://example.org/kim", "Kim's own words")
    team.set_final_verdict(db, first, people["Lee"]["id"], "sourced", "On record")
    return {"article": article, "first": first, "second": second}


def card(db, viewer, claim_id):
    claim = {"id": claim_id, "final": team.final_verdicts(db, [claim_id]).get(claim_id)}
    blind.apply(db, viewer, [claim])
    return claim


def test_before_tagging_a_reviewer_sees_no_colleague_and_no_final_verdict(db, people, claims):
    claim = card(db, people["Ben"], claims["first"])
    assert (claim["final"], claim["colleagues"], claim["blind_hidden"]) == (None, [], True)


def test_after_tagging_the_reviewer_sees_the_colleague_with_note_and_the_final_verdict(db, people, claims):
    store.save_verdict(db, claims["first"], people["Ben"]["id"], "speculative")
    claim = card(db, people["Ben"], claims["first"])
    assert claim["final"]["verdict"] == "sourced"
    [ana] = claim["colleagues"]
    assert (ana["reviewer"], ana["verdict"], ana["note"]) == ("Ana", "sourced", "Kim's own words")


def test_a_lead_sees_everything_untagged(db, people, claims):
    claim = card(db, people["Lee"], claims["first"])
    assert claim["final"]["verdict"] == "sourced" and [row["reviewer"] for row in claim["colleagues"]] == ["Ana"]


def test_outside_blind_review_a_reviewer_sees_the_final_verdict_and_only_their_own_work(db, people, claims):
    double_review.set_rule(db, claims["article"], people["Lee"]["id"], "2", "off")
    claim = card(db, people["Ben"], claims["first"])
    assert claim["final"]["verdict"] == "sourced" and claim["colleagues"] == []


def test_the_history_hides_the_final_verdict_until_the_reviewer_tags(db, people, claims):
    actions = [change["action"] for change in blind.history_for_viewer(db, claims["first"], people["Ben"])]
    assert "final verdict" not in actions and "verdict" not in actions
    store.save_verdict(db, claims["first"], people["Ben"]["id"], "speculative")
    changes = blind.history_for_viewer(db, claims["first"], people["Ben"])
    assert {(change["who"], change["action"]) for change in changes} >= {
        ("Ana", "verdict"), ("Lee", "final verdict"), ("Ben", "verdict")}


def test_search_results_hide_the_final_verdict_and_its_filter_finds_nothing(db, people, claims):
    found = search.Search.parse(people["Ben"], "prices")
    [row], _ = search.search_page(db, found, people["Ben"])
    assert row["final_verdict"] is None and row["verdicts"] == []
    by_final = search.Search.parse(people["Ben"], "", final_verdict="sourced")
    assert search.search_page(db, by_final, people["Ben"]) == ([], 0)
    # "no final verdict yet" must not single out the claims whose final verdict is hidden either.
    no_final = search.Search.parse(people["Ben"], "", final_verdict="none")
    assert claims["first"] not in [row["id"] for row in search.search_page(db, no_final, people["Ben"])[0]]
    store.save_verdict(db, claims["first"], people["Ben"]["id"], "sourced")
    assert [row["final_verdict"] for row in search.search_page(db, by_final, people["Ben"])[0]] == ["sourced"]


def test_a_lead_searching_sees_the_final_verdict(db, people, claims):
    [row], _ = search.search_page(db, search.Search.parse(people["Lee"], "prices"), people["Lee"])
    assert row["final_verdict"] == "sourced"
