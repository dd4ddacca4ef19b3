"""Who may fix the split: leads and admins; reviewers where an admin allows it, on their assigned articles."""
import pytest

from annotator import team
from client_helpers import post


def live_claims(db, article_id):
    return list(db.query("select * from live_claims where article_id = ? order by position", [article_id]))


@pytest.fixture
def claims(db, demo_article):
    return live_claims(db, demo_article["id"])


@pytest.mark.parametrize("htmx", [False, True])
def test_a_reviewer_may_not_fix_the_split_unless_an_admin_allows_it(client, reviewer, db, claims, htmx):
    response = post(client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]}, htmx=htmx)
    assert response.status_code == 403
    assert "Fixing the split is for leads and admins" in response.get_data(as_text=True)
    assert live_claims(db, claims[0]["article_id"]) == claims


@pytest.mark.parametrize("htmx", [False, True])
def test_a_reviewers_merge_on_an_article_they_are_not_assigned_to_is_403(client, reviewer, users, db, claims, htmx):
    team.set_reviewers_may_fix_split(db, True)
    team.set_assignments(db, claims[0]["article_id"], {users["Ben"]}, users["Ada"])
    response = post(client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]}, htmx=htmx)
    assert response.status_code == 403
    assert "You are not assigned to this article" in response.get_data(as_text=True)
    assert live_claims(db, claims[0]["article_id"]) == claims
    # Once assigned, the same reviewer may.
    team.set_assignments(db, claims[0]["article_id"], {users["Ana"], users["Ben"]}, users["Ada"])
    response = post(client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)


def test_while_no_article_is_assigned_an_allowed_reviewer_may_fix_any(client, reviewer, db, claims):
    team.set_reviewers_may_fix_split(db, True)
    assert post(client, f"/claims/{claims[0]['id']}/split", {"at": 10}).status_code == 303


def test_once_the_desk_assigns_articles_an_unassigned_article_is_refused(client, reviewer, users, db, claims):
    from annotator import store
    from annotator.importing import ArticleDraft

    team.set_reviewers_may_fix_split(db, True)
    other = store.add_article(db, ArticleDraft(title="Other", text="Beta sold ten cars in Lima, the police said."))
    team.set_assignments(db, other, {users["Ana"]}, users["Ada"])
    response = post(client, f"/claims/{claims[0]['id']}/split", {"at": 10})
    assert response.status_code == 403


def test_every_edit_route_checks_the_role(client, reviewer, db, claims):
    article_id = claims[0]["article_id"]
    for url, data in ((f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]}),
                      (f"/claims/{claims[0]['id']}/split", {"at": 5}),
                      (f"/claims/{claims[0]['id']}/boundaries", {"start": 0, "end": 5}),
                      (f"/claims/{claims[0]['id']}/not-a-claim", {"reason": "a headline"}),
                      (f"/claims/{claims[0]['id']}/a-claim", {}),
                      (f"/articles/{article_id}/claims", {"start": 0, "end": 5})):
        assert post(client, url, data).status_code == 403, url
    assert live_claims(db, article_id) == claims


def test_leads_and_admins_may_fix_the_split_on_any_article(lead_client, admin_client, users, db, claims):
    team.set_assignments(db, claims[0]["article_id"], {users["Ben"]}, users["Ada"])
    assert post(lead_client, f"/claims/{claims[0]['id']}/not-a-claim", {"reason": "a headline"}).status_code == 303
    assert post(admin_client, f"/claims/{claims[1]['id']}/not-a-claim", {"reason": "a teaser"}).status_code == 303


def test_a_refused_reviewer_sees_why_instead_of_the_split_forms(client, reviewer, db, demo_article, claims):
    fragment = client.get(f"/claims/{claims[1]['id']}/tools", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Fixing the split is for leads and admins" in fragment and "Split in two" not in fragment
    assert "Add evidence" in fragment  # evidence is still theirs to add
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert "Add a claim" not in page


@pytest.mark.parametrize("htmx", [False, True])
def test_the_admin_settings_page_lets_reviewers_fix_the_split(admin_client, db, htmx):
    page = admin_client.get("/admin/settings").get_data(as_text=True)
    assert 'name="reviewers_fix_split"' in page and "checked" not in page
    response = post(admin_client, "/admin/settings", {"reviewers_fix_split": "1"}, htmx=htmx)
    assert response.status_code == 303 and response.headers["Location"] == "/admin/settings"
    assert team.reviewers_may_fix_split(db)
    assert "checked" in admin_client.get("/admin/settings").get_data(as_text=True)
    post(admin_client, "/admin/settings", {}, htmx=htmx)  # unticked
    assert not team.reviewers_may_fix_split(db)


def test_only_admins_change_the_settings_and_with_a_csrf_token(lead_client, admin_client, db):
    assert lead_client.get("/admin/settings").status_code == 403
    assert post(lead_client, "/admin/settings", {"reviewers_fix_split": "1"}).status_code == 403
    assert admin_client.post("/admin/settings", data={"reviewers_fix_split": "1"}).status_code == 400  # no token
    assert not team.reviewers_may_fix_split(db)
