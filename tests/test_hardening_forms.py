"""Bad form posts: missing or over-long fields, hostile URLs, wrong ids, forged, replayed and doubled posts."""
import io
import re

from annotator import accounts
from client_helpers import PASSWORD, client_for, csrf_token, login, post
from test_hardening_uploads import active_markup


def first_claim(db, article_id):
    return next(db.query("select id from claims where article_id = ? order by position limit 1", [article_id]))["id"]


def counts(db):
    """Every table a form can write to, with its row count: equal before and after means nothing was saved."""
    return {table: db[table].count for table in ("articles", "claims", "verdicts", "verdict_history", "evidence",
                                                 "final_verdicts", "claim_history", "assignments", "reviewers")}


# --- Missing fields ------------------------------------------------------------------------------------------

def test_every_form_posted_with_no_fields_gets_a_message_and_saves_nothing(app, users, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    cases = [  # who, where, status, message
        ("Ana", f"/claims/{claim_id}/verdict", 422, "Choose a verdict"),
        ("Ana", f"/claims/{claim_id}/evidence", 422, "The evidence URL is required"),
        ("Lee", f"/claims/{claim_id}/final", 422, "Choose a final verdict"),
        ("Ada", "/articles", 422, "The article is empty"),
        ("Ada", "/admin/users", 422, "Enter a user name"),
    ]
    before = counts(db)
    for name, url, status, message in cases:
        client = client_for(app, name)
        for htmx in (False, True):
            response = post(client, url, {}, htmx=htmx)
            assert response.status_code == status, (url, htmx)
            assert message in response.get_data(as_text=True), (url, htmx)
    assert counts(db) == before


def test_upload_with_an_empty_file_name_is_refused_as_no_file(admin_client, db):
    before = counts(db)
    response = post(admin_client, "/articles/upload", {"file": (io.BytesIO(b"Kim said so."), "")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a file" in response.get_data(as_text=True)
    assert counts(db) == before


def test_login_with_no_fields_is_refused_like_a_wrong_password(client, users):
    response = post(client, "/login", {})
    assert response.status_code == 401
    assert "Wrong user name or password" in response.get_data(as_text=True)


def test_first_admin_setup_with_no_fields_is_refused(client, db):
    response = post(client, "/setup", {})
    assert response.status_code == 422
    assert "Enter a user name" in response.get_data(as_text=True)
    assert not accounts.has_accounts(db)


# --- Over-long fields ----------------------------------------------------------------------------------------

def test_note_of_exactly_the_limit_is_saved_and_one_more_character_is_refused(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    refused = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "n" * 5001}, htmx=True)
    assert refused.status_code == 422
    assert "The note is longer than 5000 characters" in refused.get_data(as_text=True)
    assert db["verdicts"].count == 0
    saved = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "n" * 5000}, htmx=True)
    assert saved.status_code == 200
    assert len(next(db.query("select note from verdicts"))["note"]) == 5000


OVER_LONG = [  # who, where, form, message
    ("Ana", "/claims/{claim}/verdict", {"verdict": "sourced", "evidence_url": "https://e.org/" + "a" * 2000},
     "The evidence URL is longer than 2000 characters"),
    ("Ana", "/claims/{claim}/evidence", {"url": "https://e.org/" + "a" * 2000}, "longer than 2000 characters"),
    ("Ana", "/claims/{claim}/evidence", {"url": "https://e.org/", "archive_url": "https://a.org/" + "a" * 2000},
     "The archive link is longer than 2000 characters"),
    ("Ana", "/claims/{claim}/evidence", {"url": "https://e.org/", "quote": "q" * 2001},
     "The quoted passage is longer than 2000 characters"),
    ("Lee", "/claims/{claim}/final", {"verdict": "sourced", "reason": "r" * 2001},
     "The reason is longer than 2000 characters"),
    ("Ada", "/admin/users", {"name": "n" * 61, "password": PASSWORD}, "at most 60 characters"),
]


def test_over_long_fields_are_refused_with_a_message(app, users, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    clients = {name: client_for(app, name) for name in ("Ana", "Lee", "Ada")}
    before = counts(db)
    for who, url, form, message in OVER_LONG:
        response = post(clients[who], url.format(claim=claim_id), form, htmx=True)
        assert response.status_code == 422, url
        assert message in response.get_data(as_text=True), url
    assert counts(db) == before


# --- Hostile URLs ----------------------------------------------------------------------------------------------

HOSTILE_URLS = ["javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)",
                "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x",
                "file:///etc/passwd", "http:/evil.example"]


def test_evidence_urls_that_are_not_web_links_are_refused_everywhere(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    before = counts(db)
    for url in HOSTILE_URLS:
        for path, form in ((f"/claims/{claim_id}/verdict", {"verdict": "sourced", "evidence_url": url}),
                           (f"/claims/{claim_id}/evidence", {"url": url}),
                           (f"/claims/{claim_id}/evidence", {"url": "https://ok.example/", "archive_url": url})):
            for htmx in (False, True):
                response = post(client, path, form, htmx=htmx)
                assert response.status_code == 422, (url, path, htmx)
                assert "must start with http:// or https://" in response.get_data(as_text=True)
    assert counts(db) == before


def test_article_source_url_that_is_not_a_web_link_is_refused(admin_client, db):
    before = counts(db)
    for url in ("javascript:alert(1)", "data:text/html,x", "//evil.example/"):
        pasted = post(admin_client, "/articles", {"text": "Kim said so.", "url": url})
        uploaded = post(admin_client, "/articles/upload", {"file": (io.BytesIO(b"Kim said so."), "a.txt"),
                                                           "url": url}, content_type="multipart/form-data")
        for response in (pasted, uploaded):
            assert response.status_code == 422, url
            assert "The source URL must start with http:// or https://" in response.get_data(as_text=True)
    assert counts(db) == before


def test_a_web_link_that_tries_to_break_out_of_its_attribute_stays_inert(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    sneaky = 'https://e.example/"><script>alert(1)</script><a onmouseover="alert(2)" href="x'
    post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "evidence_url": sneaky,
                                                 "note": '</textarea><img src=x onerror="alert(3)">'})
    post(client, f"/claims/{claim_id}/evidence", {"url": sneaky, "quote": "<iframe src=//evil.example>"})
    assert db["evidence"].count == 1  # saved: it is a web link, only an odd one
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    fragment = post(client, f"/claims/{claim_id}/undo", htmx=True).get_data(as_text=True)
    assert active_markup(page) == []
    assert active_markup(fragment) == []


# --- Ids that do not exist or are someone else's --------------------------------------------------------------

def test_posts_about_things_that_do_not_exist_are_404_and_save_nothing(app, users, db):
    before = counts(db)
    cases = [("Ana", "/claims/999999/evidence", {"url": "https://e.org/"}),
             ("Ana", "/evidence/999999/delete", {}),
             ("Ada", "/admin/users/999999", {"role": "admin"}),
             ("Ada", "/admin/articles/999999/assign", {"reviewer_id": "1"})]
    for name, url, form in cases:
        client = client_for(app, name)
        for htmx in (False, True):
            assert post(client, url, form, htmx=htmx).status_code == 404, (url, htmx)
    assert client_for(app, "Ana").get("/claims/999999/history").status_code == 404
    assert counts(db) == before


def test_ids_that_are_not_whole_numbers_are_404(client, reviewer, db):
    before = counts(db)
    for path in ("/claims/-1/verdict", "/claims/1.5/verdict", "/claims/one/verdict", "/claims/%00/verdict",
                 "/evidence/-3/delete", "/claims/1e3/final"):
        assert post(client, path, {"verdict": "sourced"}).status_code == 404, path
    assert counts(db) == before


HUGE_ID = "9" * 25  # more digits than SQLite's 64-bit integers hold


def test_an_id_too_large_for_the_database_is_404_not_a_crash(app, users):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does: an uncaught error is a 500 page
    clients = {name: client_for(app, name) for name in ("Ana", "Lee", "Ada")}
    statuses = {}
    for who, method, path in [
        ("Ana", "GET", f"/articles/{HUGE_ID}"), ("Ana", "POST", f"/claims/{HUGE_ID}/verdict"),
        ("Ana", "POST", f"/claims/{HUGE_ID}/evidence"), ("Ana", "POST", f"/evidence/{HUGE_ID}/delete"),
        ("Ana", "POST", f"/claims/{HUGE_ID}/undo"), ("Ana", "GET", f"/claims/{HUGE_ID}/history"),
        ("Lee", "POST", f"/claims/{HUGE_ID}/final"), ("Lee", "GET", f"/agreement?article={HUGE_ID}"),
        ("Lee", "GET", f"/disagreements?article={HUGE_ID}"), ("Lee", "GET", f"/export/verdicts.csv?article={HUGE_ID}"),
        ("Ada", "GET", f"/admin/articles/{HUGE_ID}/assign"), ("Ada", "POST", f"/admin/users/{HUGE_ID}"),
        ("Ana", "GET", f"/api/articles/{HUGE_ID}"),
    ]:
        client = clients[who]
        response = client.get(path) if method == "GET" else post(client, path, {"verdict": "sourced",
                                                                                "url": "https://e.org/"})
        statuses[path] = response.status_code
    assert statuses == {path: 404 for path in statuses}


def test_reviewer_undo_never_touches_another_reviewers_verdict(app, users, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    post(client_for(app, "Ana"), f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    ben = client_for(app, "Ben")
    assert post(ben, f"/claims/{claim_id}/undo").status_code == 303  # Ben has nothing to undo
    assert [(row["reviewer_id"], row["verdict"]) for row in db.query("select * from verdicts")] == [
        (users["Ana"], "sourced")]


def test_not_even_a_lead_or_admin_can_delete_a_reviewers_evidence(app, users, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    post(client_for(app, "Ana"), f"/claims/{claim_id}/evidence", {"url": "https://e.org/a"})
    evidence_id = next(db.query("select id from evidence"))["id"]
    for name in ("Lee", "Ada"):
        assert post(client_for(app, name), f"/evidence/{evidence_id}/delete", htmx=True).status_code == 404
    assert db["evidence"].count == 1


def retire(db, claim_id):
    """What a reviewer's fix of the split does to the claim it replaces."""
    db.execute("update claims set retired_at = '2026-11-25T10:00:00Z' where id = ?", [claim_id])
    db.conn.commit()


def test_htmx_verdict_on_a_claim_replaced_by_a_split_fix_is_refused_with_a_message(client, reviewer, db,
                                                                                    demo_article):
    claim_id = first_claim(db, demo_article["id"])
    retire(db, claim_id)
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True)
    assert response.status_code == 422
    assert "replaced when the split was fixed" in response.get_data(as_text=True)
    assert db["verdicts"].count == 0


def test_plain_verdict_on_a_claim_replaced_by_a_split_fix_shows_the_message(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    retire(db, claim_id)
    response = post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    assert response.status_code == 422
    assert "replaced when the split was fixed" in response.get_data(as_text=True)
    assert db["verdicts"].count == 0


def test_assigning_reviewers_that_do_not_exist_assigns_only_the_real_ones(admin_client, users, db, demo_article):
    response = post(admin_client, f"/admin/articles/{demo_article['id']}/assign",
                    {"reviewer_id": [str(users["Ana"]), "424242", "-1", "x"]})
    assert response.status_code == 303
    assert [row["reviewer_id"] for row in db.query("select reviewer_id from assignments")] == [users["Ana"]]


OFF_SITE = ["//evil.example/x", "/\\evil.example", "/\t/evil.example", "https://evil.example/", "\\\\evil.example",
            "/%5C%5Cevil.example", " //evil.example", "/\\/evil.example"]


def test_a_next_or_back_address_never_leads_off_site(app, users, db, demo_article):
    lee = client_for(app, "Lee")
    claim_id = first_claim(db, demo_article["id"])
    for target in OFF_SITE:
        login_response = post(app.test_client(), "/login", {"name": "Ana", "password": PASSWORD, "next": target})
        final_response = post(lee, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "on record", "back": target})
        for response in (login_response, final_response):
            assert response.status_code == 303
            location = response.headers["Location"]
            # Same site: a path that browsers cannot read as another host (no //, no backslash, no tab).
            assert location.startswith("/") and not re.match(r"^/[/\\\t]", location), (target, location)


# --- Forged, cross-site and replayed posts ------------------------------------------------------------------

def post_routes(app):
    """Every URL of the app that accepts a POST, with its ids filled in."""
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            yield re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule)


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(app, users, db, admin_client):
    routes = sorted(set(post_routes(app)))
    assert len(routes) >= 10  # the list is read from the app, so a new form is checked without editing this test
    before = counts(db)
    for url in routes:
        for headers in ({}, {"HX-Request": "true"}):
            response = admin_client.post(url, data={"verdict": "sourced", "url": "https://e.org/", "name": "Zed",
                                                    "password": PASSWORD, "text": "Kim said so."}, headers=headers)
            assert response.status_code == 400, url
            assert "CSRF" in response.get_data(as_text=True), url
    assert counts(db) == before
    assert admin_client.get("/admin/users").status_code == 200  # and the admin is still logged in


def test_a_wrong_csrf_token_is_refused(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    for token in ("", "not-a-token", "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.x.y",
                  csrf_token(client)[:-2] + "xx"):
        for data, headers in (({"csrf_token": token}, {}), ({}, {"X-CSRFToken": token, "HX-Request": "true"})):
            response = client.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced", **data},
                                   headers=headers)
            assert response.status_code == 400, token
    assert db["verdicts"].count == 0


def test_a_csrf_token_from_another_session_is_refused(app, users, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    ana, ben = client_for(app, "Ana"), client_for(app, "Ben")
    bens_token = csrf_token(ben)
    for data, headers in (({"csrf_token": bens_token}, {}), ({}, {"X-CSRFToken": bens_token})):
        response = ana.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced", **data}, headers=headers)
        assert response.status_code == 400
    assert db["verdicts"].count == 0


def test_a_csrf_token_from_before_login_is_worthless_after_it(client, users, db, demo_article):
    # An attacker who planted a session and read its token cannot use that token once the victim logs in.
    planted = csrf_token(client)
    assert login(client, "Ana").status_code == 303
    claim_id = first_claim(db, demo_article["id"])
    response = client.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced", "csrf_token": planted})
    assert response.status_code == 400
    assert db["verdicts"].count == 0


def test_login_and_logout_forms_need_the_csrf_token_too(app, users):
    anonymous = app.test_client()
    response = anonymous.post("/login", data={"name": "Ana", "password": PASSWORD})
    assert response.status_code == 400  # a forged login cannot sign a victim into the attacker's account
    ana = client_for(app, "Ana")
    assert ana.post("/logout").status_code == 400  # nor log a reviewer out from another site
    assert ana.get("/").status_code == 200


def https_post(client, url, data, referer=None):
    headers = {"Referer": referer} if referer else {}
    return client.post(url, data=data, base_url="https://annotator.example", headers=headers)


def test_over_https_a_post_from_another_site_is_refused_even_with_a_valid_token(app, users, db, demo_article):
    client = app.test_client()
    page = client.get("/login", base_url="https://annotator.example").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    same_site = "https://annotator.example/login"
    assert https_post(client, "/login", {"csrf_token": token, "name": "Ana", "password": PASSWORD},
                      same_site).status_code == 303
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/", base_url="https://annotator.example").get_data(as_text=True)).group(1)
    claim_id = first_claim(db, demo_article["id"])
    form = {"csrf_token": token, "verdict": "sourced"}
    assert https_post(client, f"/claims/{claim_id}/verdict", form, "https://evil.example/page").status_code == 400
    assert https_post(client, f"/claims/{claim_id}/verdict", form).status_code == 400  # no Referer at all
    assert db["verdicts"].count == 0
    assert https_post(client, f"/claims/{claim_id}/verdict", form,
                      f"https://annotator.example/articles/{demo_article['id']}").status_code == 303
    assert db["verdicts"].count == 1


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app, users, db, demo_article):
    ana = client_for(app, "Ana")
    token = csrf_token(ana)
    copied = ana.get_cookie("session").value
    assert post(ana, "/logout").status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", copied)
    claim_id = first_claim(db, demo_article["id"])
    response = thief.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced", "csrf_token": token})
    assert response.status_code in (400, 401)
    assert db["verdicts"].count == 0


# --- Double submits -------------------------------------------------------------------------------------------

def test_double_submitted_final_verdict_is_saved_and_recorded_once(lead_client, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    for _ in range(2):
        assert post(lead_client, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "on record"},
                    htmx=True).status_code == 200
    assert db["final_verdicts"].count == 1
    assert db["claim_history"].count_where("action = 'final verdict'") == 1


def test_double_submitted_new_user_form_creates_one_account(admin_client, db):
    form = {"name": "Cy", "password": "a fine password", "role": "reviewer"}
    assert post(admin_client, "/admin/users", form).status_code == 303
    again = post(admin_client, "/admin/users", form)
    assert again.status_code == 422
    assert "already exists" in again.get_data(as_text=True)
    assert db["reviewers"].count_where("name = 'Cy'") == 1


def test_double_submitted_evidence_is_saved_once(client, reviewer, db, demo_article):
    claim_id = first_claim(db, demo_article["id"])
    form = {"url": "https://e.org/a", "quote": "two dealers", "source_type": "news report", "accessed_on": "2026-11-20"}
    for _ in range(2):
        assert post(client, f"/claims/{claim_id}/evidence", form, htmx=True).status_code == 200
    assert db["evidence"].count == 1
    assert db["claim_history"].count_where("action = 'evidence added'") == 1


def test_double_submitted_paste_imports_the_article_once(admin_client, db):
    form = {"title": "Port report", "url": "https://e.org/port", "text": "Kim said the port reopened."}
    first, second = (post(admin_client, "/articles", form) for _ in range(2))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]  # both land on the one article
    assert db["articles"].count_where("title = 'Port report'") == 1
