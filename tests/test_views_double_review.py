"""The reviewers-per-claim forms, the queue's waiting counts and /next, through the app."""
import pytest

from annotator import double_review, store
from client_helpers import client_for, post


@pytest.fixture
def article_id(db):
    return next(db.query("select id from articles order by id limit 1"))["id"]


def claim_ids(db, article_id):
    return [claim["id"] for claim in store.claims_for(db, article_id) if claim["is_claim"]]


@pytest.mark.parametrize("as_htmx", [False, True])
def test_a_lead_sets_reviewers_per_claim_on_the_edit_page(db, lead_client, article_id, as_htmx):
    page = lead_client.get(f"/articles/{article_id}/edit").get_data(as_text=True)
    assert "Reviewers per claim" in page and "blind review is off" in page
    response = post(lead_client, f"/articles/{article_id}/review-rule", {"required": "2", "blind": "auto"},
                    htmx=as_htmx)
    if as_htmx:
        assert response.status_code == 200
        assert "Saved: 2 reviewers per claim, blind on." in response.get_data(as_text=True)
    else:
        assert response.status_code == 303
        assert "Saved: 2 reviewers per claim, blind on." in lead_client.get(response.headers["Location"]).get_data(
            as_text=True)
    assert double_review.rule_for(db, article_id).required == 2


@pytest.mark.parametrize("as_htmx", [False, True])
def test_a_bad_number_is_refused_with_a_message_and_nothing_changes(db, lead_client, article_id, as_htmx):
    response = post(lead_client, f"/articles/{article_id}/review-rule", {"required": "9"}, htmx=as_htmx)
    assert response.status_code == 422
    assert "from 1 to 5" in response.get_data(as_text=True)
    assert not double_review.rule_for(db, article_id).own


def test_a_reviewer_may_not_set_reviewers_per_claim(db, client, reviewer, article_id):
    assert post(client, f"/articles/{article_id}/review-rule", {"required": "2"}).status_code == 403
    assert not double_review.rule_for(db, article_id).own


def test_the_rule_form_needs_its_csrf_token(db, lead_client, article_id):
    assert lead_client.post(f"/articles/{article_id}/review-rule", data={"required": "2"}).status_code == 400


def test_an_admin_sets_the_default_and_a_lead_may_not(db, app, admin_client, lead_client, article_id):
    assert post(lead_client, "/admin/review-defaults", {"required": "3"}).status_code == 403
    response = post(admin_client, "/admin/review-defaults", {"required": "3"})
    assert response.status_code == 303
    assert "3 reviewers per claim by default, blind" in admin_client.get("/admin/settings").get_data(as_text=True)
    assert double_review.rule_for(db, article_id) == double_review.ReviewRule(3, True)
    assert post(admin_client, "/admin/review-defaults", {"required": "0"}).status_code == 422
    assert double_review.default_required(db) == 3


def test_next_stops_offering_a_claim_two_reviewers_tagged(db, app, users, article_id):
    double_review.set_rule(db, article_id, users["Lee"], "2")
    first, second = claim_ids(db, article_id)[:2]
    for claim_id in claim_ids(db, article_id):
        store.save_verdict(db, claim_id, users["Ana"], "sourced")
    assert client_for(app, "Ben").get("/next").headers["Location"].endswith(f"claim={first}#claim-{first}")
    store.save_verdict(db, first, users["Ben"], "sourced")
    # The first claim has its two verdicts: the lead, tagging too, is offered the second.
    assert client_for(app, "Lee").get("/next").headers["Location"].endswith(f"claim={second}#claim-{second}")


def test_the_queue_says_how_many_claims_wait_for_the_reviewer(db, app, users, article_id):
    from annotator import team
    team.set_assignments(db, article_id, {users["Ana"], users["Ben"]}, users["Ada"])
    double_review.set_rule(db, article_id, users["Lee"], "2")
    total = len(claim_ids(db, article_id))
    store.save_verdict(db, claim_ids(db, article_id)[0], users["Ana"], "sourced")
    page = client_for(app, "Ana").get("/").get_data(as_text=True)
    assert f"{total - 1} waiting for you" in page


def _two_disagree(db, users, article_id):
    first, second = claim_ids(db, article_id)[:2]
    for claim_id in (first, second):
        store.save_verdict(db, claim_id, users["Ana"], "sourced")
        store.save_verdict(db, claim_id, users["Ben"], "speculative")
    return first, second


def test_the_agreement_page_shows_claims_shared_beside_kappa_and_a_reading(db, lead_client, users, article_id):
    _two_disagree(db, users, article_id)
    page = lead_client.get(f"/agreement?article={article_id}").get_data(as_text=True)
    assert '<td class="shared">2</td>' in page
    assert "agreement (Landis &amp; Koch) on 2 shared claims: few, read it with care." in page


def test_disagreements_list_only_unresolved_ones_by_default_with_the_article(db, lead_client, users, article_id):
    from annotator import team
    first, second = _two_disagree(db, users, article_id)
    team.set_final_verdict(db, first, users["Lee"], "sourced", "on record")
    title = store.get_article(db, article_id)["title"]
    page = lead_client.get("/disagreements").get_data(as_text=True)
    assert f'id="d-{second}"' in page and f'id="d-{first}"' not in page
    assert f">{title}</a>, claim 2" in page
    page = lead_client.get("/disagreements?resolved=1").get_data(as_text=True)
    assert f'id="d-{second}"' in page and f'id="d-{first}"' in page


@pytest.mark.parametrize("as_htmx", [False, True])
def test_a_final_verdict_without_a_reason_is_refused(db, lead_client, users, article_id, as_htmx):
    first, _ = _two_disagree(db, users, article_id)
    response = post(lead_client, f"/claims/{first}/final", {"verdict": "sourced", "reason": "  "}, htmx=as_htmx)
    assert response.status_code == 422
    assert "Give the reason for the final verdict" in response.get_data(as_text=True)
    assert db["final_verdicts"].count == 0


def test_archived_articles_are_left_out_of_corpus_agreement(db, lead_client, users, article_id):
    from annotator import lifecycle
    _two_disagree(db, users, article_id)
    lifecycle.archive_article(db, article_id, users["Lee"])
    page = lead_client.get("/agreement").get_data(as_text=True)
    assert "0 claims tagged by two or more reviewers" in page
    assert "d-" not in lead_client.get("/disagreements").get_data(as_text=True)
