"""Typed text is kept: the note endpoint as a plain form and with htmx, refusals keep what was typed, exports."""
import csv
import io

from annotator import store, team
from client_helpers import client_for, login, post


def claim_ids(db, article_id):
    return [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                          [article_id])]


def test_save_url_and_note_works_on_an_untagged_claim_without_javascript(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = post(client, f"/claims/{claim_id}/note", {"evidence_url": "https://example.org", "note": "ask"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#claim-{claim_id}")
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert "https://example.org" in page and ">ask</textarea>" in page
    assert "Saved, not tagged yet" in page
    assert db["verdicts"].count == 0


def test_the_untagged_claims_form_has_the_save_button_posting_to_the_note(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    claim = page[page.index(f'id="claim-{claim_id}"'):]
    claim = claim[:claim.index("</article>")]
    assert f'formaction="/claims/{claim_id}/note"' in claim
    # The fields save on change through autosave.js, which looks for data-autosave (the wiring moved out of the
    # markup with the compact screen: one listener instead of attributes on every claim).
    assert '<div class="fields" hx-sync="this:queue last" data-autosave>' in claim and 'role="status"' in claim


def test_htmx_note_answers_with_the_saved_mark(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = post(client, f"/claims/{claim_id}/note", {"evidence_url": "", "note": "on change"}, htmx=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "✓ Saved, not tagged yet" in text and "<article" not in text
    assert store.claim_with_verdict(db, claim_id, store.reviewer_id_for(db, "Ana"))["note"] == "on change"


def test_htmx_note_on_a_tagged_claim_says_saved(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    response = post(client, f"/claims/{claim_id}/note", {"evidence_url": "", "note": "later"}, htmx=True)
    assert "✓ Saved" in response.get_data(as_text=True) and "not tagged" not in response.get_data(as_text=True)
    assert next(db.query("select verdict, note from verdicts")) == {"verdict": "sourced", "note": "later"}


def test_an_invalid_url_is_refused_and_the_typed_text_stays(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    typed = {"evidence_url": "ftp://example.org/x", "note": "keep me"}
    response = post(client, f"/claims/{claim_id}/note", typed, htmx=True)
    assert response.status_code == 422
    assert "Not saved: The evidence URL must start with http" in response.get_data(as_text=True)
    response = post(client, f"/claims/{claim_id}/note", typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="ftp://example.org/x"' in page and ">keep me</textarea>" in page
    assert "must start with http" in page
    assert db["untagged_notes"].count == 0 and db["verdicts"].count == 0


def test_refused_evidence_comes_back_as_it_was_typed(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    typed = {"url": "ftp://example.org/doc", "quote": "the passage", "source_type": "news report",
             "accessed_on": "2026-11-20", "archive_url": ""}
    for htmx in (False, True):
        response = post(client, f"/claims/{claim_id}/evidence", typed, htmx=htmx)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'value="ftp://example.org/doc"' in page and ">the passage</textarea>" in page
        assert "<option selected>news report</option>" in page and 'value="2026-11-20"' in page
    assert db["evidence"].count == 0


def test_note_without_csrf_token_is_refused(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(f"/claims/{claim_id}/note", data={"note": "x"}, headers=headers)
        assert response.status_code == 400
    assert db["untagged_notes"].count == 0


def test_note_without_login_or_on_an_unknown_claim(client, users, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    assert post(client, f"/claims/{claim_id}/note", {"note": "x"}).status_code == 401
    login(client, "Ana")
    for htmx in (False, True):
        assert post(client, "/claims/999999/note", {"note": "x"}, htmx=htmx).status_code == 404


def test_a_note_only_claim_is_not_a_verdict_anywhere(app, users, db, demo_article):
    ana, lead = client_for(app, "Ana"), client_for(app, "Lee")
    first, second = claim_ids(db, demo_article["id"])[:2]
    post(ana, f"/claims/{first}/note", {"evidence_url": "https://example.org", "note": "only a note"}, htmx=True)
    post(ana, f"/claims/{second}/verdict", {"verdict": "sourced"})
    post(lead, f"/claims/{second}/verdict", {"verdict": "sourced"})
    page = ana.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert '<span id="progress-count">1 of' in page
    rows = list(csv.DictReader(io.StringIO(lead.get("/export/verdicts.csv").get_data(as_text=True))))
    assert [(row["claim_id"], row["reviewer"]) for row in rows] == [(str(second), "Ana"), (str(second), "Lee")]
    assert "only a note" not in lead.get("/export/verdicts.jsonl").get_data(as_text=True)
    wide = lead.get("/export/verdicts.csv?shape=wide").get_data(as_text=True)
    assert str(first) not in [line.split(",")[2] for line in wide.splitlines()[1:]]
    assert all(row["claim_id"] != first for row in ana.get("/api/verdicts").get_json()["items"])
    assert first not in team.ratings(db, demo_article["id"])


def test_a_tag_posted_without_the_fields_keeps_the_typed_note(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/note", {"evidence_url": "https://example.org", "note": "typed first"})
    for htmx in (False, True):
        post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced" if htmx else "speculative"}, htmx=htmx)
    assert list(db.query("select verdict, evidence_url, note from verdicts")) == [
        {"verdict": "sourced", "evidence_url": "https://example.org", "note": "typed first"}]
    assert db["untagged_notes"].count == 0
