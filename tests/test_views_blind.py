"""Blind review through the app: the review page, the tag's answer, the history and the API for a reviewer."""
import pytest

from annotator import double_review, store, team
from client_helpers import client_for, post


@pytest.fixture
def setup(db, users):
    article = next(db.query("select id from articles order by id limit 1"))["id"]
    double_review.set_rule(db, article, users["Lee"], "2")
    first = [claim["id"] for claim in store.claims_for(db, article) if claim["is_claim"]][0]
    store.save_verdict(db, first, users["Ana"], "speculative", "", "Ana-only-note")
    team.set_final_verdict(db, first, users["Lee"], "speculative", "Lead-reason-text")
    return {"article": article, "first": first}


def test_the_review_page_hides_a_colleagues_verdict_and_the_final_verdict(app, setup):
    page = client_for(app, "Ben").get(f"/articles/{setup['article']}").get_data(as_text=True)
    assert "Ana-only-note" not in page and "Lead-reason-text" not in page
    assert "Blind review: colleagues’ verdicts" in page


@pytest.mark.parametrize("as_htmx", [False, True])
def test_tagging_reveals_the_colleague_and_the_final_verdict(app, setup, as_htmx):
    ben = client_for(app, "Ben")
    response = post(ben, f"/claims/{setup['first']}/verdict", {"verdict": "sourced"}, htmx=as_htmx)
    page = (response if as_htmx else ben.get(response.headers["Location"])).get_data(as_text=True)
    assert "Ana-only-note" in page and "Lead-reason-text" in page and "Colleagues’ verdicts" in page


def test_a_lead_sees_the_colleagues_on_the_review_page(app, setup):
    page = client_for(app, "Lee").get(f"/articles/{setup['article']}").get_data(as_text=True)
    assert "Ana-only-note" in page and "Lead-reason-text" in page


def test_the_history_page_reveals_only_after_tagging(db, app, users, setup):
    ben = client_for(app, "Ben")
    page = ben.get(f"/claims/{setup['first']}/history").get_data(as_text=True)
    assert "Lead-reason-text" not in page and "Ana-only-note" not in page
    store.save_verdict(db, setup["first"], users["Ben"], "sourced")
    page = ben.get(f"/claims/{setup['first']}/history").get_data(as_text=True)
    assert "Lead-reason-text" in page and "Ana-only-note" in page


def test_the_api_gives_a_reviewer_no_final_verdict_on_claims_they_have_not_tagged(db, app, users, setup):
    ben = client_for(app, "Ben")
    items = ben.get(f"/api/verdicts?article={setup['article']}").get_json()["items"]
    assert items == []
    claims = ben.get(f"/api/articles/{setup['article']}/claims").get_data(as_text=True)
    assert "Lead-reason-text" not in claims
    store.save_verdict(db, setup["first"], users["Ben"], "sourced")
    [mine] = ben.get(f"/api/verdicts?article={setup['article']}").get_json()["items"]
    assert (mine["reviewer"], mine["final_verdict"]) == ("Ben", "speculative")


def test_search_page_shows_no_final_verdict_before_tagging(app, setup):
    page = client_for(app, "Ben").get(f"/search?final=speculative").get_data(as_text=True)
    assert f'id="result-{setup["first"]}"' not in page
    page = client_for(app, "Lee").get(f"/search?final=speculative").get_data(as_text=True)
    assert f'id="result-{setup["first"]}"' in page


def test_the_history_page_says_why_the_final_verdict_is_missing(app, setup):
    page = client_for(app, "Ben").get(f"/claims/{setup['first']}/history").get_data(as_text=True)
    assert "(in blind review, once you have tagged this claim)" in page


def test_an_accept_above_records_the_guidelines_version(db, app, users, demo_article):
    from annotator import guidelines
    from annotator.learning import accept
    guidelines.save(db, "sourcing", "Version one", users["Ada"])
    _, count = accept.accept_above(db, demo_article["id"], users["Lee"], 50)
    assert count and {row["guidelines_version"] for row in db.query(
        "select guidelines_version from verdicts where reviewer_id = ?", [users["Lee"]])} == {1}
