"""The scales on the web: the admin page, the review page's buttons and keys, filters, agreement, exports, the
claimant form, and who may do what."""
import csv
import io
import json
import re

import pytest

from annotator import scales, store, team
from client_helpers import client_for, post
from test_scales import GRADES


def claim_ids(db, article_id):
    return [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                          [article_id])]


@pytest.fixture
def rated(db, demo_article):
    """The demo article on the truth rating."""
    scales.use_scale(db, "rating", demo_article["id"])
    return demo_article


def test_the_review_page_shows_the_scales_buttons_with_their_keys_and_help(app, users, db, rated):
    page = client_for(app, "Ana").get(f"/articles/{rated['id']}").get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" name="verdict" value="([^"]+)" class="verdict" data-scale="rating" '
                         r'data-key="(\w)" data-digit="(\d)"', page)
    first_claim = buttons[:6]
    assert first_claim == [("true", "t", "1"), ("mostly true", "m", "2"), ("mixed", "x", "3"),
                           ("mostly false", "o", "4"), ("false", "l", "5"), ("unproven", "u", "6")]
    assert 'title="Accurate but needs clarification or context. (key m or 2; h: the guidelines)"' in page
    assert 'value="sourced"' not in page
    # The keys list and the filter follow the scale.
    assert "<dt><kbd>m</kbd> or <kbd>2</kbd></dt><dd>tag mostly true, go to the next untagged claim</dd>" in page
    assert '<option value="mostly false">My verdict: mostly false</option>' in page
    assert "My verdict: sourced" not in page
    assert "/scales.css" in page


def test_a_sourcing_article_keeps_its_three_buttons(app, users, db, demo_article):
    page = client_for(app, "Ana").get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert re.findall(r'name="verdict" value="(\w+)" class="verdict" data-scale="sourcing" data-key="(\w)"',
                      page)[:3] == [("sourced", "s"), ("speculative", "p"), ("unverified", "u")]


@pytest.mark.parametrize("htmx", [False, True])
def test_a_verdict_on_the_scale_saves_and_one_off_it_is_refused_beside_the_claim(app, users, db, rated, htmx):
    client = client_for(app, "Ana")
    claim_id = claim_ids(db, rated["id"])[0]
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "kept"}, htmx=htmx)
    assert response.status_code == 422
    assert "Choose a verdict: true, mostly true, mixed, mostly false, false, unproven." in response.get_data(as_text=True)
    assert db["verdicts"].count == 0
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "mostly true"}, htmx=htmx)
    assert response.status_code == (200 if htmx else 303)
    if htmx:
        fragment = response.get_data(as_text=True)
        assert re.search(r'value="mostly true"[^>]*aria-pressed="true">✓ Mostly true', fragment)
        assert "mostly true 1" in fragment  # the progress counts the scale's values
    assert store.get_verdict(db, claim_id, users["Ana"])["verdict"] == "mostly true"


def test_the_filter_finds_my_verdicts_of_a_scale_value(app, users, db, rated):
    client = client_for(app, "Ana")
    first, second = claim_ids(db, rated["id"])[:2]
    post(client, f"/claims/{first}/verdict", {"verdict": "mostly false"})
    post(client, f"/claims/{second}/verdict", {"verdict": "true"})
    page = client.get(f"/articles/{rated['id']}?show=mostly+false").get_data(as_text=True)
    assert f'id="claim-{first}"' in page and f'id="claim-{second}"' not in page


def test_the_stylesheet_colours_each_value_and_new_scales(app, users, db, admin_client):
    scales.add_scale(db, GRADES)
    css = admin_client.get("/scales.css")
    assert css.content_type == "text/css; charset=utf-8"
    text = css.get_data(as_text=True)
    assert 'button.verdict[data-scale="rating"][value="mostly false"][aria-pressed="true"] { background: #a33a12;' in text
    assert 'button.verdict[data-scale="grades"][value="so so"]' in text
    again = admin_client.get("/scales.css", headers={"If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304


def test_the_admin_page_adds_a_scale_and_chooses_one_per_article(admin_client, db, demo_article):
    page = admin_client.get("/admin/scales").get_data(as_text=True)
    assert "Truth rating" in page and "default for new imports" in page
    assert f"Article {demo_article['id']}: Xiaomi expands into South Korea (now sourcing)" in page
    response = post(admin_client, "/admin/scales", {"definition": json.dumps(GRADES)})
    assert response.status_code == 303
    assert scales.get_scale(db, "grades").title == "Grades"
    response = post(admin_client, "/admin/scales/use", {"scale": "grades", "article": str(demo_article["id"])})
    assert response.status_code == 303
    assert scales.article_scale(db, demo_article["id"]).name == "grades"
    assert post(admin_client, "/admin/scales/use", {"scale": "rating", "article": ""}).status_code == 303
    assert scales.default_scale_name(db) == "rating"
    upload = {"file": (io.BytesIO(json.dumps({**GRADES, "title": "Grades again"}).encode()), "grades.json")}
    assert post(admin_client, "/admin/scales", upload, content_type="multipart/form-data").status_code == 303
    assert scales.get_scale(db, "grades").title == "Grades again"
    download = admin_client.get("/admin/scales/grades.json")
    assert json.loads(download.get_data(as_text=True))["name"] == "grades"


def test_a_bad_scale_is_refused_on_the_page_with_what_was_typed(admin_client, db):
    response = post(admin_client, "/admin/scales", {"definition": '{"name": "x", "values": []}'})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A scale needs a list of at least two values." in page
    assert "{&#34;name&#34;: &#34;x&#34;" in page  # kept in the box, escaped
    assert "not JSON" in post(admin_client, "/admin/scales", {"definition": "{oops"}).get_data(as_text=True)
    latin1 = {"file": (io.BytesIO('{"name": "caf\u00e9"}'.encode("latin-1")), "s.json")}
    refused = post(admin_client, "/admin/scales", latin1, content_type="multipart/form-data")
    assert refused.status_code == 422 and "not UTF-8" in refused.get_data(as_text=True)
    huge = post(admin_client, "/admin/scales", {"definition": " " * (65 * 1024)})
    assert huge.status_code == 422 and "at most 64 KB" in huge.get_data(as_text=True)
    assert db["scales"].count == 0


def test_moving_an_article_with_verdicts_off_their_scale_is_refused(app, admin_client, db, demo_article):
    post(client_for(app, "Ana"), f"/claims/{claim_ids(db, demo_article['id'])[0]}/verdict", {"verdict": "sourced"})
    response = post(admin_client, "/admin/scales/use", {"scale": "rating", "article": str(demo_article["id"])})
    assert response.status_code == 422
    assert "which the scale &#39;rating&#39; does not have" in response.get_data(as_text=True)
    assert scales.article_scale(db, demo_article["id"]).name == "sourcing"


@pytest.mark.parametrize("name", ["Lee", "Ana"])
def test_only_admins_manage_scales(app, users, db, demo_article, name):
    client = client_for(app, name)
    assert client.get("/admin/scales").status_code == 403
    assert post(client, "/admin/scales", {"definition": json.dumps(GRADES)}).status_code == 403
    assert post(client, "/admin/scales/use", {"scale": "rating", "article": str(demo_article["id"])}).status_code == 403
    assert db["scales"].count == 0 and scales.article_scale(db, demo_article["id"]).name == "sourcing"


def test_scale_forms_need_the_csrf_token(admin_client, db):
    response = admin_client.post("/admin/scales/use", data={"scale": "rating"})
    assert response.status_code == 400
    assert scales.default_scale_name(db) == "sourcing"


def test_agreement_on_an_ordered_scale_shows_weighted_kappa_and_interval_alpha(app, users, lead_client, db, rated):
    ids = claim_ids(db, rated["id"])[:3]
    for name, verdicts in (("Ana", ["true", "mostly false", "false"]), ("Ben", ["mostly true", "mostly false", "false"])):
        client = client_for(app, name)
        for claim_id, verdict in zip(ids, verdicts):
            post(client, f"/claims/{claim_id}/verdict", {"verdict": verdict})
    page = lead_client.get(f"/agreement?article={rated['id']}").get_data(as_text=True)
    assert "Scale: Truth rating" in page
    assert re.search(r'id="interval-alpha">0\.\d{3}<', page)
    assert re.search(r'Ana and Ben</td><td class="weighted-kappa">0\.\d{3}<', page)
    assert '<th scope="col">mostly true</th>' in page  # the confusion matrix has the scale's values
    corpus = lead_client.get("/agreement?scale=rating").get_data(as_text=True)
    assert "Scale: Truth rating" in corpus and 'id="interval-alpha">0.' in corpus
    assert lead_client.get("/agreement?scale=nope").status_code == 404


def test_final_verdict_buttons_follow_the_scale(app, users, lead_client, db, rated):
    claim_id = claim_ids(db, rated["id"])[0]
    for name, verdict in (("Ana", "true"), ("Ben", "false")):
        post(client_for(app, name), f"/claims/{claim_id}/verdict", {"verdict": verdict})
    page = lead_client.get(f"/disagreements?article={rated['id']}").get_data(as_text=True)
    assert "Final: mostly true" in page and "Final: sourced" not in page
    response = post(lead_client, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "x"}, htmx=True)
    assert response.status_code == 422
    assert post(lead_client, f"/claims/{claim_id}/final", {"verdict": "mixed", "reason": "both"}).status_code == 303


def test_csv_exports_carry_reason_article_url_scale_and_an_excel_bom(app, users, lead_client, db, rated):
    claim_id = claim_ids(db, rated["id"])[0]
    post(client_for(app, "Ana"), f"/claims/{claim_id}/verdict", {"verdict": "true"})
    team.set_final_verdict(db, claim_id, users["Lee"], "true", "The filing says so")
    for shape in ("long", "wide"):
        body = lead_client.get(f"/export/verdicts.csv?shape={shape}").get_data(as_text=True)
        assert not body.startswith("\ufeff")
        [row] = list(csv.DictReader(io.StringIO(body)))
        assert (row["final_reason"], row["article_url"], row["scale"], row["claim_status"]) == (
            "The filing says so", rated["url"] or "", "rating", "live")
    excel = lead_client.get("/export/verdicts.csv?excel=1")
    assert excel.get_data().startswith(b"\xef\xbb\xbfarticle_id,")
    assert 'name="excel"' in lead_client.get("/export").get_data(as_text=True)


def test_the_claimreview_download_says_why_sourcing_verdicts_are_left_out(app, users, lead_client, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    team.set_final_verdict(db, claim_id, users["Lee"], "sourced", "checked by the lead")
    response = lead_client.get("/export/claimreview.json")
    assert json.loads(response.get_data(as_text=True)) == []
    assert "1 final verdict on the scale 'sourcing' left out" in response.headers["X-ClaimReview-Left-Out"]
    assert "1 final verdict on the scale &#39;sourcing&#39; left out" in lead_client.get("/export").get_data(as_text=True)


def test_the_api_names_each_articles_scale(app, users, lead_client, db, rated):
    articles = lead_client.get("/api/articles").get_json()
    assert {item["id"]: item["scale"] for item in articles["items"]}[rated["id"]] == "rating"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_lead_edits_the_claimant_and_fact_check_url(app, users, lead_client, db, rated, htmx):
    claim_id = claim_ids(db, rated["id"])[0]
    team.set_final_verdict(db, claim_id, users["Lee"], "false", "No")
    page = lead_client.get(f"/articles/{rated['id']}").get_data(as_text=True)
    assert f'id="publication-{claim_id}"' in page
    data = {"claimant": "Jo Bell", "claimant_type": "Person", "review_url": "javascript:alert(1)"}
    refused = post(lead_client, f"/claims/{claim_id}/publication", data, htmx=htmx)
    assert refused.status_code == 422 and "http" in refused.get_data(as_text=True)
    assert db["claim_publication"].count == 0
    data["review_url"] = "https://desk.example/checks/1"
    saved = post(lead_client, f"/claims/{claim_id}/publication", data, htmx=htmx)
    assert saved.status_code == (200 if htmx else 303)
    [review] = json.loads(lead_client.get("/export/claimreview.json").get_data(as_text=True))
    assert review["url"] == "https://desk.example/checks/1"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Bell"}


def test_reviewers_cannot_edit_the_claimant_nor_see_the_form(app, users, db, rated):
    claim_id = claim_ids(db, rated["id"])[0]
    team.set_final_verdict(db, claim_id, users["Lee"], "false", "No")
    ana = client_for(app, "Ana")
    assert f'id="publication-{claim_id}"' not in ana.get(f"/articles/{rated['id']}").get_data(as_text=True)
    response = post(ana, f"/claims/{claim_id}/publication", {"claimant": "Me", "claimant_type": "Person"})
    assert response.status_code == 403
    assert db["claim_publication"].count == 0
