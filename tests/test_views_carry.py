"""Fixing the split from the review page keeps the verdicts: confirmation, re-check notes, undo, exports, API."""
import base64
import csv
import io

import pytest

from annotator import team
from client_helpers import PASSWORD, client_for, post


def live_claims(db, article_id):
    return list(db.query("select * from live_claims where article_id = ? order by position", [article_id]))


@pytest.fixture
def claims(db, demo_article):
    return live_claims(db, demo_article["id"])


@pytest.fixture
def ana(app, users):
    return client_for(app, "Ana")


@pytest.fixture
def ben(app, users):
    return client_for(app, "Ben")


def tag(client, claim_id, verdict):
    assert post(client, f"/claims/{claim_id}/verdict", {"verdict": verdict}).status_code == 303


def csv_rows(client, query=""):
    return list(csv.DictReader(io.StringIO(client.get(f"/export/verdicts.csv{query}").get_data(as_text=True))))


def claim_card(page: str, claim_id: int) -> str:
    """The HTML of one claim's card on a review page."""
    return page.split(f'<article id="claim-{claim_id}"', 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("htmx", [False, True])
def test_retiring_tagged_claims_asks_for_confirmation_first(lead_client, ana, ben, db, demo_article, claims, htmx):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    tag(ana, second["id"], "sourced")
    tag(ben, first["id"], "unverified")
    url = f"/claims/{first['id']}/merge"
    response = post(lead_client, url, {"other": second["id"]}, htmx=htmx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 verdicts by 2 reviewers will be carried or flagged" in page
    assert ("<html" in page) is not htmx
    assert f'action="{url}"' in page and 'name="confirmed" value="1"' in page
    assert f'name="other" value="{second["id"]}"' in page
    assert live_claims(db, demo_article["id"]) == claims  # nothing changed yet
    response = post(lead_client, url, {"other": second["id"], "confirmed": "1"}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    merged = live_claims(db, demo_article["id"])[0]
    assert merged["edit"] == f"merge of {first['id']} and {second['id']}"


def test_untagged_claims_are_merged_without_asking(lead_client, db, demo_article, claims):
    assert post(lead_client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]}).status_code == 303


@pytest.mark.parametrize("htmx", [False, True])
def test_a_split_of_a_tagged_claim_asks_then_both_parts_inherit(lead_client, ana, db, demo_article, claims, htmx):
    claim = claims[3]
    tag(ana, claim["id"], "speculative")
    at = claim["text"].index(" with ")
    first = post(lead_client, f"/claims/{claim['id']}/split", {"at": at}, htmx=htmx)
    assert "1 verdict by 1 reviewer will be carried or flagged" in first.get_data(as_text=True)
    post(lead_client, f"/claims/{claim['id']}/split", {"at": at, "confirmed": "1"}, htmx=htmx)
    left, right = live_claims(db, demo_article["id"])[3:5]
    page = ana.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    for part in (left, right):
        article = claim_card(page, part["id"])
        assert "Re-check after split" in article and "✓ Speculative" in article


def test_a_reviewer_whose_verdicts_differ_sees_them_beside_the_untagged_merged_claim(
        lead_client, ana, db, demo_article, claims):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    tag(ana, second["id"], "unverified")
    post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"], "confirmed": "1"})
    merged = live_claims(db, demo_article["id"])[0]
    page = ana.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    article = claim_card(page, merged["id"])
    assert "Re-check after merge" in article and "not tagged yet" in article
    assert "<strong>sourced</strong>" in article and "<strong>unverified</strong>" in article
    # Tagging settles it: the note goes, the verdict is saved.
    response = post(ana, f"/claims/{merged['id']}/verdict", {"verdict": "sourced"}, htmx=True)
    assert "Re-check after merge" not in response.get_data(as_text=True)


def test_merged_tagged_claims_keep_both_verdicts_in_the_csv_with_their_status(
        lead_client, ana, db, demo_article, claims):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    tag(ana, second["id"], "speculative")
    post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"], "confirmed": "1"})
    merged = live_claims(db, demo_article["id"])[0]
    rows = csv_rows(lead_client, f"?article={demo_article['id']}&claims=all")
    assert [(row["claim_id"], row["verdict"], row["claim_status"], row["replaced_by"]) for row in rows] == [
        (str(first["id"]), "sourced", "retired", str(merged["id"])),
        (str(second["id"]), "speculative", "retired", str(merged["id"]))]
    assert csv_rows(lead_client, f"?article={demo_article['id']}") == []  # live only: the merged claim is untagged
    page = lead_client.get("/export").get_data(as_text=True)
    assert "2 verdicts are on retired claims" in page and 'value="all"' in page
    wide = lead_client.get("/export/verdicts.csv?shape=wide&claims=retired").get_data(as_text=True)
    assert wide.splitlines()[0].endswith("claim_status,replaced_by,final_reason,article_url,scale,reviewer:Ana")


def test_the_api_lists_retired_verdicts_when_asked(lead_client, ana, app, db, demo_article, claims):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"], "confirmed": "1"})
    basic = {"Authorization": "Basic " + base64.b64encode(f"Lee:{PASSWORD}".encode()).decode()}
    api = app.test_client()
    live = api.get("/api/verdicts", headers=basic).json["items"]
    assert [(item["claim_status"], item["recheck"]) for item in live] == [("live", 1)]  # carried, to re-check
    every = api.get("/api/verdicts?claims=all", headers=basic).json["items"]
    assert sorted(item["claim_status"] for item in every) == ["live", "retired"]
    assert api.get("/api/verdicts?claims=gone", headers=basic).status_code == 400


@pytest.mark.parametrize("htmx", [False, True])
def test_undo_restores_the_claims_and_their_verdicts(lead_client, ana, db, demo_article, claims, htmx):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    tag(ana, second["id"], "speculative")
    response = post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"], "confirmed": "1"}, htmx=htmx)
    [edit] = list(db.query("select id from claim_edits"))
    if htmx:
        assert f'data-edit="{edit["id"]}"' in response.get_data(as_text=True)  # z (keys.js) can undo it
    page = lead_client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert f'data-undo-edit="{edit["id"]}"' in page and "claims 1 and 2 merged into claim 1" in page
    response = post(lead_client, f"/edits/{edit['id']}/undo", htmx=htmx)
    if htmx:
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and body.startswith('<div id="review-body"') and "data-edit=" not in body
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == f"/articles/{demo_article['id']}?claim={first['id']}#claim-{first['id']}"
    assert [claim["id"] for claim in live_claims(db, demo_article["id"])] == [claim["id"] for claim in claims]
    mine = {row["claim_id"]: row["verdict"] for row in db.query("select * from verdicts where reviewer_id = 3")}
    assert (mine[first["id"]], mine[second["id"]]) == ("sourced", "speculative")
    assert post(lead_client, f"/edits/{edit['id']}/undo", htmx=htmx).status_code == 422  # undone already


@pytest.mark.parametrize("htmx", [False, True])
def test_undoing_claims_tagged_since_the_edit_asks_first(lead_client, ana, db, demo_article, claims, htmx):
    post(lead_client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]})
    merged = live_claims(db, demo_article["id"])[0]
    tag(ana, merged["id"], "unverified")
    [edit] = list(db.query("select id from claim_edits"))
    response = post(lead_client, f"/edits/{edit['id']}/undo", htmx=htmx)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 verdict by 1 reviewer were given" in page
    assert f'action="/edits/{edit["id"]}/undo"' in page
    assert live_claims(db, demo_article["id"])[0]["id"] == merged["id"]
    post(lead_client, f"/edits/{edit['id']}/undo", {"confirmed": "1"}, htmx=htmx)
    assert live_claims(db, demo_article["id"])[0]["id"] == claims[0]["id"]


def test_undo_needs_the_right_to_fix_the_split_and_a_known_edit(client, reviewer, lead_client, db, claims):
    post(lead_client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]})
    [edit] = list(db.query("select id from claim_edits"))
    assert post(client, f"/edits/{edit['id']}/undo").status_code == 403
    assert post(lead_client, "/edits/99999/undo").status_code == 404
    assert lead_client.post(f"/edits/{edit['id']}/undo").status_code == 400  # no CSRF token
    team.set_reviewers_may_fix_split(db, True)
    assert post(client, f"/edits/{edit['id']}/undo").status_code == 303


def test_the_history_says_a_verdict_was_carried(lead_client, ana, db, demo_article, claims):
    first, second = claims[:2]
    tag(ana, first["id"], "sourced")
    tag(ana, second["id"], "sourced")
    post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"], "confirmed": "1"})
    merged = live_claims(db, demo_article["id"])[0]
    page = ana.get(f"/claims/{merged['id']}/history").get_data(as_text=True)
    # Named by the numbers the reviewer saw on screen, not by database ids.
    assert f"carried from merge of claims {first['position'] + 1} and {second['position'] + 1}" in page


def test_marking_not_a_claim_is_not_offered_to_z_as_a_fix_to_undo(lead_client, db, claims):
    post(lead_client, f"/claims/{claims[0]['id']}/merge", {"other": claims[1]["id"]})
    response = post(lead_client, f"/claims/{claims[3]['id']}/not-a-claim", {"reason": "a teaser"}, htmx=True)
    body = response.get_data(as_text=True)
    assert "data-edit=" not in body and "data-undo-edit=" in body  # the merge keeps its button, not the z key
