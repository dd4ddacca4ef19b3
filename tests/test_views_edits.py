"""Fixing the split from the review page: each edit as a plain post and with htmx, and every refusal."""
import pytest

from annotator import store, team
from annotator.importing import ArticleDraft
from client_helpers import post


@pytest.fixture(autouse=True)
def reviewers_may_fix_the_split(db):
    """Reviewer Ana fixes the split here, as an admin allowed; who may is tested in test_views_split_rights.py."""
    team.set_reviewers_may_fix_split(db, True)


def live_claims(db, article_id):
    return list(db.query("select * from live_claims where article_id = ? order by position", [article_id]))


@pytest.fixture
def claims(db, demo_article):
    return live_claims(db, demo_article["id"])


def assert_review_body(response, focus_id):
    """An htmx edit answers with the review body (article text and claims) focused on the claim it made."""
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.startswith('<div id="review-body"') and "<html" not in page
    assert f'data-focus="{focus_id}"' in page and f'id="claim-{focus_id}"' in page
    assert response.headers["HX-Push-Url"].endswith(f"?claim={focus_id}")


def assert_back_to_review(response, article_id, focus_id):
    assert response.status_code == 303
    assert response.headers["Location"] == f"/articles/{article_id}?claim={focus_id}#claim-{focus_id}"


@pytest.mark.parametrize("htmx", [False, True])
def test_merge_two_adjacent_claims(client, reviewer, db, demo_article, claims, htmx):
    first, second = claims[:2]
    response = post(client, f"/claims/{first['id']}/merge", {"other": second["id"]}, htmx=htmx)
    merged = live_claims(db, demo_article["id"])[0]
    assert merged["edit"] == f"merge of {first['id']} and {second['id']}"
    assert merged["text"] == demo_article["text"][first["start"]:second["end"]]
    if htmx:
        assert_review_body(response, merged["id"])
    else:
        assert_back_to_review(response, demo_article["id"], merged["id"])


@pytest.mark.parametrize("htmx", [False, True])
def test_split_a_claim(client, reviewer, db, demo_article, claims, htmx):
    claim = claims[3]
    at = claim["text"].index(" with ")
    response = post(client, f"/claims/{claim['id']}/split", {"at": at}, htmx=htmx)
    left, right = live_claims(db, demo_article["id"])[3:5]
    assert left["text"] + " " + right["text"] == claim["text"]
    if htmx:
        assert_review_body(response, left["id"])
    else:
        assert_back_to_review(response, demo_article["id"], left["id"])


@pytest.mark.parametrize("htmx", [False, True])
def test_new_boundaries(client, reviewer, db, demo_article, claims, htmx):
    claim = claims[0]
    response = post(client, f"/claims/{claim['id']}/boundaries",
                    {"start": claim["start"], "end": claim["end"] - 1}, htmx=htmx)
    new = live_claims(db, demo_article["id"])[0]
    assert new["text"] == claim["text"][:-1] and new["edit"] == f"boundaries of {claim['id']}"
    if htmx:
        assert_review_body(response, new["id"])
    else:
        assert_back_to_review(response, demo_article["id"], new["id"])


@pytest.mark.parametrize("htmx", [False, True])
def test_add_a_claim_where_none_is(client, reviewer, db, demo_article, claims, htmx):
    text = demo_article["text"]
    gap_start = claims[6]["end"]  # "Neither company will sell Xiaomi phones" | ", but " | "they will be able..."
    gap_end = claims[7]["start"]
    response = post(client, f"/articles/{demo_article['id']}/claims", {"start": gap_start, "end": gap_end}, htmx=htmx)
    added = next(claim for claim in live_claims(db, demo_article["id"]) if claim["edit"] == "added")
    assert added["text"] == text[gap_start:gap_end].strip() == ", but"
    if htmx:
        assert_review_body(response, added["id"])
    else:
        assert_back_to_review(response, demo_article["id"], added["id"])


@pytest.mark.parametrize("htmx", [False, True])
def test_mark_not_a_claim_and_back(client, reviewer, db, demo_article, claims, htmx):
    claim = claims[2]
    response = post(client, f"/claims/{claim['id']}/not-a-claim", {"reason": "a teaser"}, htmx=htmx)
    assert db["claims"].get(claim["id"])["reason"] == "a teaser"
    if htmx:
        assert_review_body(response, claim["id"])
        assert "Not a claim: a teaser" in response.get_data(as_text=True)
    else:
        assert_back_to_review(response, demo_article["id"], claim["id"])
    response = post(client, f"/claims/{claim['id']}/a-claim", htmx=htmx)
    assert db["claims"].get(claim["id"])["is_claim"] == 1
    assert response.status_code == (200 if htmx else 303)


@pytest.mark.parametrize("htmx", [False, True])
def test_overlapping_boundaries_are_refused_beside_the_form(client, reviewer, db, demo_article, claims, htmx):
    first, second = claims[:2]
    response = post(client, f"/claims/{first['id']}/boundaries",
                     {"start": first["start"], "end": second["start"] + 5}, htmx=htmx)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That would overlap claim 2" in page
    assert f'id="claim-{first["id"]}-boundaries-error"' in page  # beside the form, which is open
    assert f'value="{second["start"] + 5}"' in page  # what was typed is kept
    assert ("<html" in page) is not htmx
    assert live_claims(db, demo_article["id"]) == claims


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_claim_is_refused(client, reviewer, db, demo_article, claims, htmx):
    text = demo_article["text"]
    newline = text.index("\n")
    response = post(client, f"/articles/{demo_article['id']}/claims", {"start": newline, "end": newline + 1}, htmx=htmx)
    assert response.status_code == 422
    assert "empty claim" in response.get_data(as_text=True)
    claim = claims[1]
    response = post(client, f"/claims/{claim['id']}/split", {"at": 0}, htmx=htmx)
    assert response.status_code == 422
    assert "split point inside the claim" in response.get_data(as_text=True)
    assert live_claims(db, demo_article["id"]) == claims


@pytest.mark.parametrize("htmx", [False, True])
def test_a_number_that_is_not_a_number_is_refused(client, reviewer, db, claims, htmx):
    response = post(client, f"/claims/{claims[0]['id']}/split", {"at": "middle"}, htmx=htmx)
    assert response.status_code == 422
    assert "Enter a whole number" in response.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_not_a_claim_without_a_reason_is_refused(client, reviewer, db, claims, htmx):
    response = post(client, f"/claims/{claims[0]['id']}/not-a-claim", {"reason": " "}, htmx=htmx)
    assert response.status_code == 422
    assert "Say why" in response.get_data(as_text=True)
    assert db["claims"].get(claims[0]["id"])["is_claim"] == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_unknown_claim_or_article_is_404(client, reviewer, claims, htmx):
    for url, data in (("/claims/99999/split", {"at": 3}), ("/claims/99999/merge", {"other": claims[0]["id"]}),
                      (f"/claims/{claims[0]['id']}/merge", {"other": 99999}), ("/claims/99999/boundaries", {}),
                      ("/claims/99999/not-a-claim", {"reason": "x"}), ("/articles/99999/claims", {"start": 0, "end": 3})):
        response = post(client, url, data, htmx=htmx)
        assert response.status_code == 404, url
        assert "does not exist" in response.get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_claim_of_another_article_does_not_merge(client, reviewer, db, claims, htmx):
    other = store.add_article(db, ArticleDraft(title="Other", text="Beta sold ten cars in Lima, the police said."))
    other_claim = live_claims(db, other)[0]
    response = post(client, f"/claims/{claims[0]['id']}/merge", {"other": other_claim["id"]}, htmx=htmx)
    assert response.status_code == 422
    assert "belongs to another article" in response.get_data(as_text=True)


def test_a_replaced_claim_cannot_be_edited_again(client, reviewer, db, claims):
    first, second = claims[:2]
    post(client, f"/claims/{first['id']}/merge", {"other": second["id"]}, htmx=True)
    response = post(client, f"/claims/{first['id']}/merge", {"other": second["id"]}, htmx=True)  # a double click
    assert response.status_code == 422
    assert "already replaced" in response.get_data(as_text=True)


def test_edits_need_a_login(client, users, claims):
    assert post(client, f"/claims/{claims[0]['id']}/split", {"at": 3}).status_code == 401


def test_every_role_may_fix_the_split_once_reviewers_are_allowed(admin_client, lead_client, client, reviewer, db, claims):
    for number, someone in enumerate((client, lead_client, admin_client)):
        claim = live_claims(db, claims[0]["article_id"])[number]
        assert post(someone, f"/claims/{claim['id']}/not-a-claim", {"reason": "a headline"}).status_code == 303


def test_tools_are_a_fragment_for_htmx_and_a_page_of_plain_forms_without(client, reviewer, claims):
    claim = claims[1]
    fragment = client.get(f"/claims/{claim['id']}/tools", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True)
    assert "<html" not in html and "Split in two" in html and 'hx-post="/claims/' in html
    assert f'name="other" value="{claims[0]["id"]}"' in html and f'name="other" value="{claims[2]["id"]}"' in html
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get(f"/claims/{claim['id']}/tools")
    html = page.get_data(as_text=True)
    assert "<html" in html and "Split in two" in html and "Add evidence" in html
    assert "hx-post" not in html.split("<main", 1)[1]  # plain forms: they post and come back
    assert "HX-Request" in page.headers["Vary"]


def test_tools_of_a_replaced_claim_are_404(client, reviewer, claims):
    first, second = claims[:2]
    post(client, f"/claims/{first['id']}/merge", {"other": second["id"]})
    assert client.get(f"/claims/{first['id']}/tools").status_code == 404


def test_an_edit_keeps_the_verdicts_of_unchanged_claims_and_the_history(client, reviewer, db, demo_article, claims):
    post(client, f"/claims/{claims[5]['id']}/verdict", {"verdict": "sourced"})
    post(client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]})
    assert next(db.query("select claim_id, verdict from verdicts")) == {"claim_id": claims[5]["id"], "verdict": "sourced"}
    merged = live_claims(db, demo_article["id"])[0]
    page = client.get(f"/claims/{merged['id']}/history").get_data(as_text=True)
    assert "merge" in page and f"claims {claims[0]['id']} and {claims[1]['id']}" in page
    review = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert review.count('<article id="claim-') == len(claims) - 1


def test_a_long_article_lists_its_claims_a_page_at_a_time(client, reviewer, db):
    text = "\n".join(f"Company {i} sold {i + 3} phones in Lima last year, the ministry reported." for i in range(70))
    article_id = store.add_article(db, ArticleDraft(title="Long", text=text))
    ids = [claim["id"] for claim in live_claims(db, article_id)]
    first = client.get(f"/articles/{article_id}").get_data(as_text=True)
    assert first.count('<article id="claim-') == 25 and f'id="claim-{ids[0]}"' in first
    assert first.count("data-claim=") > 70  # the article text marks every claim all the same
    assert f'href="/articles/{article_id}?page=2#claim-{ids[25]}">Next 25 →' in first
    second = client.get(f"/articles/{article_id}?page=2").get_data(as_text=True)
    assert f'id="claim-{ids[25]}"' in second and f'id="claim-{ids[24]}"' not in second
    assert f'href="/articles/{article_id}?page=1#claim-{ids[24]}">← Previous 25' in second
    focused = client.get(f"/articles/{article_id}?claim={ids[60]}").get_data(as_text=True)
    assert "Claims 51–70 of 70" in focused and f'data-focus="{ids[60]}"' in focused
    for junk in ("?page=x", "?page=-3", "?claim=abc", "?page=999"):
        assert client.get(f"/articles/{article_id}{junk}").status_code == 200
    # Tagging the first page opens the article on the page of the first claim left to tag.
    for claim_id in ids[:30]:
        post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True)
    assert "Claims 26–50 of 70" in client.get(f"/articles/{article_id}").get_data(as_text=True)
