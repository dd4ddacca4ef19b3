"""The learning seen from the app: a save queues the retraining without doing it, `learn`, the review page saying
who suggested, least sure first, a lead's accept-above with its undo, and the learn_every setting."""
import re

import pytest

from annotator import create_app, store
from annotator.db import get_setting, set_setting
from annotator.learning import background
from client_helpers import client_for, post
from learning_desk import add_articles, claims_of, tag_like_the_desk

CLAIM_CARD = re.compile(r'<article id="claim-(\d+)".*?</article>', re.S)


def cards(page: str) -> dict[int, str]:
    return {int(match.group(1)): match.group(0) for match in CLAIM_CARD.finditer(page)}


@pytest.fixture
def jobs():
    return []


@pytest.fixture
def app(tmp_path, jobs):
    # The background runner is replaced by a list: a test sees the job a request handed over and runs it itself.
    return create_app({"TESTING": True, "DATABASE": str(tmp_path / "annotator.db"), "SECRET_KEY": "test-only",
                       "SEED_DEMO": False, "LEARN_RUNNER": jobs.append})


@pytest.fixture
def desk(db, users):
    """Ten articles; nine tagged by a desk that counts "Officials said" as sourced, the tenth untagged."""
    ids = add_articles(db, 10)
    tag_like_the_desk(db, ids[:9], users["Ana"])
    return ids


def test_a_save_hands_learning_to_the_background_and_the_request_does_not_train(app, db, users, desk, jobs):
    set_setting(db, "learn_every", "1")
    client = client_for(app, "Ben")
    claim = claims_of(db, desk[9])[1]
    jobs.clear()  # logging in is a POST too
    response = post(client, f"/claims/{claim['id']}/verdict", {"verdict": "sourced"})
    assert response.status_code == 303
    assert jobs == [background.Job(app.config["DATABASE"], str(app.instance_path) + "/learnt_model.json")]
    assert db["learnt_models"].count == 0
    jobs[0]()
    assert db["learnt_models"].count == 1
    assert store.get_claim(db, claims_of(db, desk[9])[4]["id"])["suggestion"] == "sourced"


def test_the_job_does_not_train_before_learn_every_new_settled_verdicts(app, db, users, desk, jobs):
    set_setting(db, "learn_every", "1000")
    background.Job(app.config["DATABASE"], str(app.instance_path) + "/learnt_model.json")()
    assert db["learnt_models"].count == 0


def test_learn_prints_both_methods_and_the_page_says_who_suggested(app, db, users, desk, runner):
    client = client_for(app, "Ana")
    officials = [c for c in claims_of(db, desk[9]) if c["text"].startswith("Officials said")]
    store.save_verdict(db, officials[0]["id"], users["Ben"], "sourced")
    before = cards(client.get(f"/articles/{desk[9]}").get_data(as_text=True))
    assert "built-in rules" in before[officials[1]["id"]]
    result = runner.invoke(args=["learn"])
    assert result.exit_code == 0, result.output
    assert re.search(r"learnt +accuracy \d\.\d{3}, macro-F1 \d\.\d{3}", result.output)
    assert re.search(r"built-in +accuracy \d\.\d{3}, macro-F1 \d\.\d{3}", result.output)
    assert "Verdicts (55 answers), held out (5-fold cross-validation by article, 10 articles):" in result.output
    assert "  The learnt model suggests from now on." in result.output
    after = cards(client.get(f"/articles/{desk[9]}").get_data(as_text=True))
    untagged, tagged = after[officials[1]["id"]], after[officials[0]["id"]]
    assert "learnt from 55 of your verdicts" in untagged
    assert "Suggested: <strong>sourced</strong>" in untagged
    assert "built-in rules" in tagged and "Suggested: <strong>speculative</strong>" in tagged


def test_learn_with_too_few_verdicts_says_the_rules_stay(app, db, users, runner):
    result = runner.invoke(args=["learn"])
    assert result.exit_code == 0
    assert "Verdicts (0 answers): too few to compare on held-out articles" in result.output
    assert "0 untagged claims changed." in result.output


def test_least_sure_first_lists_claims_by_rising_confidence(app, db, users):
    article_id, = add_articles(db, 1)
    page = client_for(app, "Ana").get(f"/articles/{article_id}?sort=unsure").get_data(as_text=True)
    shown = list(cards(page))
    confidence = {c["id"]: c["confidence"] for c in store.claims_for(db, article_id)}
    assert shown == sorted(confidence, key=lambda i: (confidence[i], shown.index(i)))
    assert confidence[shown[0]] < confidence[shown[-1]]
    assert '<option value="unsure" selected>Least sure suggestion first</option>' in page


# --- Accept every suggestion above X % ------------------------------------------------------------------------

def _my_verdicts(db, article_id, user_id):
    return {c["id"]: c["verdict"] for c in store.claims_for(db, article_id, user_id) if c["verdict"]}


def test_a_lead_accepts_every_suggestion_above_x_and_one_undo_takes_them_back(app, db, users):
    article_id, = add_articles(db, 1)
    lead = client_for(app, "Lee")
    expected = {c["id"]: c["suggestion"] for c in claims_of(db, article_id) if c["confidence"] >= 0.88}
    response = post(lead, f"/articles/{article_id}/accept-suggestions", {"percent": "88"})
    assert response.status_code == 303
    assert _my_verdicts(db, article_id, users["Lee"]) == expected
    page = lead.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Accepted {len(expected)} suggestions at 88 % or more as your verdicts." in page
    undo = re.search(r'action="(/acceptances/\d+/undo)"', page).group(1)
    assert f"You accepted {len(expected)} suggestions at 88 % or more" in page
    assert post(lead, undo).status_code == 303
    assert _my_verdicts(db, article_id, users["Lee"]) == {}
    assert 'class="undo-edit undo-accept"' not in lead.get(f"/articles/{article_id}").get_data(as_text=True)
    assert post(lead, undo).status_code == 409


def test_accept_above_with_htmx_swaps_the_review_body_marked_for_z(app, db, users):
    article_id, = add_articles(db, 1)
    lead = client_for(app, "Lee")
    response = post(lead, f"/articles/{article_id}/accept-suggestions", {"percent": "85"}, htmx=True)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("<div id=\"review-body\"") or body.lstrip().startswith("<div id=\"review-body\"")
    edit = re.search(r'data-edit="(accept-\d+)"', body).group(1)
    assert f'data-undo-edit="{edit}"' in body  # the form `z` submits (keys.js: undoEdit)
    undo = re.search(r'action="(/acceptances/\d+/undo)"', body).group(1)
    again = post(lead, undo, htmx=True)
    assert again.status_code == 200 and "back to untagged" in again.get_data(as_text=True)
    assert _my_verdicts(db, article_id, users["Lee"]) == {}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_threshold_out_of_range_is_refused_beside_the_form(app, db, users, htmx):
    article_id, = add_articles(db, 1)
    response = post(client_for(app, "Lee"), f"/articles/{article_id}/accept-suggestions", {"percent": "30"},
                    htmx=htmx)
    assert response.status_code == 422
    assert "Enter a whole percentage from 50 to 100." in response.get_data(as_text=True)
    assert _my_verdicts(db, article_id, users["Lee"]) == {}


def test_a_reviewer_may_not_accept_in_bulk_nor_sees_the_form(app, db, users):
    article_id, = add_articles(db, 1)
    reviewer = client_for(app, "Ana")
    assert 'class="accept-above"' not in reviewer.get(f"/articles/{article_id}").get_data(as_text=True)
    assert post(reviewer, f"/articles/{article_id}/accept-suggestions", {"percent": "90"}).status_code == 403
    assert _my_verdicts(db, article_id, users["Ana"]) == {}


def test_accept_above_on_a_missing_article_is_404(app, users):
    assert post(client_for(app, "Lee"), "/articles/999/accept-suggestions", {"percent": "90"}).status_code == 404


# --- The learn_every setting ----------------------------------------------------------------------------------

def test_an_admin_sets_learn_every(app, db, users):
    admin = client_for(app, "Ada")
    assert 'name="learn_every"' in admin.get("/admin/settings").get_data(as_text=True)
    assert 'value="20"' in admin.get("/admin/settings").get_data(as_text=True)
    assert post(admin, "/admin/settings", {"learn_every": "5"}).status_code == 303
    assert get_setting(db, "learn_every") == "5"
    assert post(admin, "/admin/settings", {"learn_every": "0"}).status_code == 303
    assert get_setting(db, "learn_every") == "0"


def test_a_bad_learn_every_is_refused_and_nothing_changes(app, db, users):
    admin = client_for(app, "Ada")
    response = post(admin, "/admin/settings", {"learn_every": "-3", "reviewers_fix_split": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a whole number of verdicts from 0" in page and 'value="-3"' in page
    assert get_setting(db, "learn_every") is None and get_setting(db, "reviewers_fix_split") in (None, "0")
