import re

from client_helpers import post
from client_helpers import client_for


def claim_ids(db, article_id):
    return [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                          [article_id])]


def test_plain_post_saves_verdict_and_redirects_to_the_claim(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "seen"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/articles/{demo_article['id']}?claim={claim_id}#claim-{claim_id}")
    verdict = next(db.query("select * from verdicts where claim_id = ?", [claim_id]))
    assert (verdict["verdict"], verdict["note"]) == ("sourced", "seen")
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert "1 of " in page


def test_htmx_post_returns_the_row_and_the_progress(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[1]
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "speculative"}, htmx=True)
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert f'id="claim-{claim_id}"' in fragment
    assert re.search(r'value="speculative"[^>]*aria-pressed="true"', fragment)
    assert 'id="progress" class="progress" hx-swap-oob="true"' in fragment
    assert "1 of " in fragment


def test_changing_a_verdict_is_kept_in_history(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True)
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "unverified"}, htmx=True)
    history = list(db.query("select from_verdict, to_verdict from verdict_history where claim_id = ? order by id",
                            [claim_id]))
    assert [(h["from_verdict"], h["to_verdict"]) for h in history] == [(None, "sourced"), ("sourced", "unverified")]


def test_double_submit_saves_once(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    for _ in range(2):
        assert post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True).status_code == 200
    assert db["verdicts"].count == 1
    assert db["verdict_history"].count == 1


def test_unknown_verdict_is_refused_beside_the_claim(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    for htmx in (False, True):
        response = post(client, f"/claims/{claim_id}/verdict",
                        {"verdict": "true", "note": "typed text"}, htmx=htmx)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert "Choose a verdict" in page
        assert "typed text" in page  # what the reviewer typed is not lost
    assert db["verdicts"].count == 0


def test_javascript_evidence_url_is_refused(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = post(client, f"/claims/{claim_id}/verdict",
                    {"verdict": "sourced", "evidence_url": "javascript:alert(1)"}, htmx=True)
    assert response.status_code == 422
    assert "must start with http" in response.get_data(as_text=True)
    assert db["verdicts"].count == 0


def test_unknown_claim_is_404(client, reviewer):
    for htmx in (False, True):
        response = post(client, "/claims/999999/verdict", {"verdict": "sourced"}, htmx=htmx)
        assert response.status_code == 404
        assert "Claim 999999 does not exist" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = client.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert db["verdicts"].count == 0


def test_csrf_token_in_htmx_header_is_accepted(client, reviewer, db, demo_article):
    from client_helpers import csrf_token

    claim_id = claim_ids(db, demo_article["id"])[0]
    response = client.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced"},
                           headers={"HX-Request": "true", "X-CSRFToken": csrf_token(client)})
    assert response.status_code == 200


def test_verdict_without_login_is_refused(client, users, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    assert response.status_code == 401
    assert db["verdicts"].count == 0


def test_two_reviewers_on_one_claim_keep_both_verdicts(app, users, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    for name, verdict in (("Ana", "sourced"), ("Ben", "speculative")):
        post(client_for(app, name), f"/claims/{claim_id}/verdict", {"verdict": verdict}, htmx=True)
    rows = db.query("select r.name, v.verdict from verdicts v join reviewers r on r.id = v.reviewer_id order by r.name")
    assert [(r["name"], r["verdict"]) for r in rows] == [("Ana", "sourced"), ("Ben", "speculative")]


def test_security_headers_are_set(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_undo_button_reverts_the_last_change(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True)
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "speculative"}, htmx=True)
    fragment = post(client, f"/claims/{claim_id}/undo", htmx=True).get_data(as_text=True)
    assert '<strong class="current-verdict">sourced</strong>' in fragment
    assert post(client, f"/claims/{claim_id}/undo").status_code == 303  # undoing the undo redoes
    assert next(db.query("select verdict from verdicts"))["verdict"] == "speculative"
    assert post(client, "/claims/99999/undo").status_code == 404


def test_filters_are_in_the_url(client, reviewer, db, demo_article):
    url = f"/articles/{demo_article['id']}"
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "speculative"}, htmx=True)
    total = len(claim_ids(db, demo_article["id"]))
    tagged = client.get(url + "?show=tagged").get_data(as_text=True)
    assert tagged.count('<article id="claim-') == 1
    assert f"1 of {total} claims shown" in tagged
    untagged = client.get(url + "?show=untagged").get_data(as_text=True)
    assert untagged.count('<article id="claim-') == total - 1
    search = client.get(url + "?q=legal+issues").get_data(as_text=True)
    assert search.count('<article id="claim-') == 1 and "legal issues" in search
    assert "sourced 0 · speculative 1 · unverified 0" in tagged


def test_reviewers_cannot_filter_by_disagreement(app, users, db, demo_article):
    from client_helpers import client_for

    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client_for(app, "Ana"), f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    post(client_for(app, "Ben"), f"/claims/{claim_id}/verdict", {"verdict": "speculative"})
    url = f"/articles/{demo_article['id']}?show=disagreement"
    as_reviewer = client_for(app, "Ana").get(url).get_data(as_text=True)
    assert 'value="disagreement"' not in as_reviewer
    assert as_reviewer.count('<article id="claim-') > 1  # the filter was ignored: every claim is listed
    as_lead = client_for(app, "Lee").get(url).get_data(as_text=True)
    assert as_lead.count('<article id="claim-') == 1


def test_undo_on_a_replaced_claim_is_refused(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True)
    db.execute("update claims set retired_at = '2026-11-25T00:00:00Z' where id = ?", [claim_id])
    db.conn.commit()
    response = post(client, f"/claims/{claim_id}/undo", htmx=True)
    assert response.status_code == 422
    assert "replaced" in response.get_data(as_text=True)
    assert next(db.query("select verdict from verdicts"))["verdict"] == "sourced"
