"""Guidelines and time per verdict through the app: the page, the editor, the review panel, seconds, the CSV."""
import csv
import io

import pytest

from annotator import guidelines, store
from client_helpers import client_for, post


@pytest.fixture
def claim_id(db, demo_article):
    return [claim["id"] for claim in store.claims_for(db, demo_article["id"]) if claim["is_claim"]][0]


def test_an_admin_saves_versions_and_everyone_reads_them(db, app, admin_client, users):
    response = post(admin_client, "/guidelines/sourcing", {"body": "## Sourced\n\nA **named** source."})
    assert response.status_code == 303
    assert "Guidelines saved as version 1." in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    post(admin_client, "/guidelines/sourcing", {"body": "## Sourced\n\nA named, checkable source."})
    page = client_for(app, "Ana").get("/guidelines/sourcing").get_data(as_text=True)
    assert "Version 2, in force" in page and "checkable" in page and "<textarea" not in page
    old = client_for(app, "Ana").get("/guidelines/sourcing?version=1").get_data(as_text=True)
    assert "<strong>named</strong>" in old and "version 2 is in force" in old
    assert client_for(app, "Ana").get("/guidelines/sourcing?version=7").status_code == 404


@pytest.mark.parametrize("name", ["Lee", "Ana"])
def test_only_an_admin_writes_guidelines(db, app, users, name):
    assert post(client_for(app, name), "/guidelines/sourcing", {"body": "mine"}).status_code == 403
    assert db["guidelines"].count == 0


def test_the_editor_needs_its_csrf_token(db, admin_client):
    assert admin_client.post("/guidelines/sourcing", data={"body": "x"}).status_code == 400


def test_an_empty_text_is_refused_beside_the_field_and_kept(db, admin_client):
    response = post(admin_client, "/guidelines/sourcing", {"body": "  "})
    assert response.status_code == 422
    assert "Write the guidelines first" in response.get_data(as_text=True)
    assert db["guidelines"].count == 0


def test_raw_html_in_the_guidelines_is_shown_as_text(db, app, admin_client, users):
    post(admin_client, "/guidelines/sourcing", {"body": "<script>alert(1)</script> [x](javascript:alert(1))"})
    page = client_for(app, "Ana").get("/guidelines/sourcing").get_data(as_text=True)
    assert "<script>alert(1)" not in page and 'href="javascript' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_review_page_carries_the_guidelines_beside_the_claims(db, app, users, demo_article):
    guidelines.save(db, "sourcing", "## Speculative\n\nAn unnamed source.", users["Ada"])
    page = client_for(app, "Ana").get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert 'id="guidelines"' in page and "<h2>Speculative</h2>" in page and "version 1" in page
    assert "guidelines.js" in page and "<kbd>h</kbd>" in page


@pytest.mark.parametrize("as_htmx", [False, True])
def test_a_tag_keeps_the_seconds_the_browser_sent(db, client, reviewer, users, claim_id, as_htmx):
    guidelines.save(db, "sourcing", "Version one", users["Ada"])
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "seconds": "14"}, htmx=as_htmx)
    assert response.status_code == (200 if as_htmx else 303)
    row = store.get_verdict(db, claim_id, users["Ana"])
    assert (row["seconds"], row["guidelines_version"]) == (14, 1)


def test_a_tag_without_javascript_has_no_seconds(db, client, reviewer, users, claim_id):
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    assert store.get_verdict(db, claim_id, users["Ana"])["seconds"] is None


@pytest.mark.parametrize("as_htmx", [False, True])
def test_seconds_that_are_not_a_number_are_refused_and_nothing_saved(db, client, reviewer, users, claim_id,
                                                                      as_htmx):
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "seconds": "-5"}, htmx=as_htmx)
    assert response.status_code == 422
    assert "whole number" in response.get_data(as_text=True)
    assert store.get_verdict(db, claim_id, users["Ana"]) is None


def test_the_csv_has_the_seconds_and_guidelines_version_columns(db, lead_client, users, claim_id):
    guidelines.save(db, "sourcing", "Version one", users["Ada"])
    store.save_verdict(db, claim_id, users["Ana"], "sourced", seconds=9)
    rows = list(csv.DictReader(io.StringIO(lead_client.get("/export/verdicts.csv").get_data(as_text=True))))
    [row] = [row for row in rows if row["claim_id"] == str(claim_id)]
    assert (row["seconds"], row["guidelines_version"]) == ("9", "1")


def test_the_agreement_page_shows_each_reviewers_pace(db, lead_client, users, demo_article):
    ids = [claim["id"] for claim in store.claims_for(db, demo_article["id"]) if claim["is_claim"]][:2]
    store.save_verdict(db, ids[0], users["Ana"], "sourced", seconds=20)
    store.save_verdict(db, ids[1], users["Ana"], "sourced", seconds=40)
    page = lead_client.get("/agreement").get_data(as_text=True)
    assert "Pace per reviewer" in page
    assert '<td class="per-hour">120.0</td>' in page and '<td class="median">30</td>' in page


def test_a_scale_name_that_cannot_be_one_is_not_found(db, admin_client):
    assert admin_client.get("/guidelines/Bad%20Name").status_code == 404
    assert post(admin_client, "/guidelines/Bad%20Name", {"body": "text"}).status_code == 404
    assert db["guidelines"].count == 0
