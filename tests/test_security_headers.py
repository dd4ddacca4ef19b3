"""Security headers, cookies, the secret key, login answers, logs and download names: what an attacker could use."""
import base64
import logging
import re
import secrets
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask

from annotator import accounts, create_app
from annotator.db import connect
from client_helpers import PASSWORD, client_for, login, post

HTTPS = "https://annotator.example"


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_protective_headers(response, what):
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"], what
    assert directives["frame-ancestors"] == ["'none'"], what
    assert directives["object-src"] == ["'none'"], what
    assert directives["base-uri"] == ["'none'"], what
    assert "default-src" in directives and "form-action" in directives, what
    policy = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "*" not in policy, what
    assert response.headers["X-Content-Type-Options"] == "nosniff", what
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin"), what
    assert response.headers["X-Frame-Options"] == "DENY", what


def test_every_kind_of_response_carries_the_protective_headers(app, users, db, demo_article):
    ana, lee, ada = (client_for(app, name) for name in ("Ana", "Lee", "Ada"))
    claim_id = next(db.query("select id from claims order by id"))["id"]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    responses = {
        "login page": app.test_client().get("/login"),
        "redirect to login": app.test_client().get("/"),
        "review page": ana.get(f"/articles/{demo_article['id']}"),
        "htmx fragment": post(ana, f"/claims/{claim_id}/verdict", {"verdict": "sourced"}, htmx=True),
        "validation error": post(ana, f"/claims/{claim_id}/verdict", {"verdict": "maybe"}, htmx=True),
        "not found": ana.get("/articles/424242"),
        "forbidden": ana.get("/admin/users"),
        "csrf refusal": ana.post(f"/claims/{claim_id}/verdict", data={"verdict": "sourced"}),
        "too large": post(ada, "/articles", {"text": "x" * 5000}),
        "csv download": lee.get("/export/verdicts.csv", buffered=True),
        "json api": ana.get("/api/articles"),
        "static file": ana.get("/static/app.js"),
    }
    assert responses["too large"].status_code == 413
    for what, response in responses.items():
        assert_protective_headers(response, what)


class InlineCode(HTMLParser):
    """Everything the Content-Security-Policy would block or that runs code inline."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        source = dict(attrs).get("src") or ""
        if tag == "script" and not source:
            self.found.append("inline <script>")
        elif tag == "script" and not source.startswith("/static/"):
            self.found.append(f"script from {source}")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            if name.startswith(("on", "hx-on")) or name == "style":
                self.found.append(f"<{tag} {name}>")
            if re.match(r"\s*javascript:", value or "", re.IGNORECASE):
                self.found.append(f"<{tag} {name}={value}>")


def inline_code(page: str) -> list[str]:
    parser = InlineCode()
    parser.feed(page)
    return parser.found


def test_no_page_carries_inline_script_style_or_event_handlers(app, users, db, demo_article):
    ana, lee, ada = (client_for(app, name) for name in ("Ana", "Lee", "Ada"))
    claim_id = next(db.query("select id from claims order by id"))["id"]
    post(ana, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "checked"})
    post(ana, f"/claims/{claim_id}/evidence", {"url": "https://e.org/a", "quote": "dealers"})
    post(client_for(app, "Ben"), f"/claims/{claim_id}/verdict", {"verdict": "speculative"})
    post(lee, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "on record"})
    article = f"/articles/{demo_article['id']}"
    pages = {
        "login": app.test_client().get("/login"),
        "setup": create_app({"TESTING": True, "DATABASE": str(Path(app.config["DATABASE"]).with_name("fresh.db")),
                             "SECRET_KEY": "t"}).test_client().get("/setup"),
        "home": ana.get("/"), "review": ana.get(article), "review filtered": ana.get(article + "?show=tagged&q=a"),
        "history": lee.get(f"/claims/{claim_id}/history"), "agreement": lee.get("/agreement"),
        "disagreements": lee.get("/disagreements?all=1"), "export": lee.get("/export"),
        "import": ada.get("/articles/new"), "users": ada.get("/admin/users"),
        "assign": ada.get(f"/admin/articles/{demo_article['id']}/assign"),
        "error": ana.get("/articles/424242"), "refusal": post(ana, f"/claims/{claim_id}/verdict", {"verdict": "x"}),
        "fragment": post(ana, f"/claims/{claim_id}/verdict", {"verdict": "unverified"}, htmx=True),
    }
    for what, response in pages.items():
        assert response.status_code in (200, 404, 422), what
        assert inline_code(response.get_data(as_text=True)) == [], what


def test_the_inline_code_check_sees_what_it_is_meant_to_see():
    page = ('<script>x()</script><script src="https://cdn.example/x.js"></script><script src="/static/a.js"></script>'
            '<style>p{}</style><p style="color:red" onclick="y()" hx-on:click="z()">t</p><a href="javascript:w()">l</a>')
    assert len(inline_code(page)) == 7


# --- Session cookie ----------------------------------------------------------------------------------------

def session_cookie(response) -> str:
    [cookie] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    return cookie


def https_login(client, name="Ana", **headers):
    page = client.get("/login", base_url=HTTPS, headers=headers).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/login", data={"csrf_token": token, "name": name, "password": PASSWORD},
                       base_url=HTTPS, headers={"Referer": f"{HTTPS}/login", **headers})


def test_every_session_cookie_is_httponly_and_samesite(app, users):
    client = app.test_client()
    cookies = [session_cookie(client.get("/login")), session_cookie(login(client, "Ana")),
               session_cookie(post(client, "/logout"))]
    for cookie in cookies:
        assert "HttpOnly" in cookie
        assert re.search(r"SameSite=(Lax|Strict)", cookie)


def test_session_cookie_over_plain_http_is_not_marked_secure(client, users):
    # Secure on plain HTTP would make the browser drop the cookie: no one could log in on a local run.
    assert "Secure" not in session_cookie(login(client, "Ana"))


def test_session_cookie_over_https_is_marked_secure(app, users):
    response = https_login(app.test_client())
    assert response.status_code == 303
    assert "; Secure" in session_cookie(response)


def test_session_cookie_behind_a_trusted_https_proxy_is_marked_secure(tmp_path, users):
    # The usual deployment: a proxy ends TLS and passes plain HTTP on, saying so in X-Forwarded-Proto.
    proxied = create_app({"TESTING": True, "DATABASE": str(tmp_path / "annotator.db"), "SECRET_KEY": "t",
                          "TRUSTED_PROXIES": 1})
    client = proxied.test_client()
    page = client.get("/login", headers={"X-Forwarded-Proto": "https"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"csrf_token": token, "name": "Ana", "password": PASSWORD},
                           headers={"X-Forwarded-Proto": "https", "Referer": "https://localhost/login"})
    assert response.status_code == 303
    assert "; Secure" in session_cookie(response)


# --- Secret key --------------------------------------------------------------------------------------------

@pytest.fixture
def fresh_instance(tmp_path, monkeypatch):
    """create_app with an instance folder of its own (no ANNOTATOR_SECRET_KEY): folder -> app."""
    monkeypatch.delenv("ANNOTATOR_SECRET_KEY", raising=False)

    def make(folder):
        folder = Path(folder)
        monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(folder))
        return create_app({"TESTING": True, "DATABASE": str(folder / "annotator.db"), "SEED_DEMO": False})
    return make


def test_each_fresh_instance_generates_its_own_private_secret_key_and_keeps_it(fresh_instance, tmp_path):
    first, second = fresh_instance(tmp_path / "one"), fresh_instance(tmp_path / "two")
    keys = [first.config["SECRET_KEY"], second.config["SECRET_KEY"]]
    assert keys[0] != keys[1]
    assert all(len(key) >= 32 for key in keys)
    key_file = tmp_path / "one" / "secret_key"
    assert key_file.read_text().strip() == keys[0]
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert fresh_instance(tmp_path / "one").config["SECRET_KEY"] == keys[0]  # a restart keeps sessions valid


def test_secret_key_from_the_environment_wins_and_nothing_is_written(fresh_instance, tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SECRET_KEY", "from-the-environment-" + "k" * 32)
    app = fresh_instance(tmp_path / "env")
    assert app.config["SECRET_KEY"] == "from-the-environment-" + "k" * 32
    assert not (tmp_path / "env" / "secret_key").exists()


def test_a_session_signed_with_another_instances_key_is_refused(fresh_instance, tmp_path):
    one, two = fresh_instance(tmp_path / "one"), fresh_instance(tmp_path / "two")
    for app in (one, two):
        database = connect(app.config["DATABASE"])
        accounts.create_user(database, "Ana", PASSWORD)
        database.close()
    stolen = client_for(one, "Ana").get_cookie("session").value
    visitor = two.test_client()
    visitor.set_cookie("session", stolen)
    assert visitor.get("/").headers["Location"].startswith("/login")


def test_workers_starting_together_on_a_fresh_instance_share_one_key(fresh_instance, tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    real_token_hex = secrets.token_hex
    other_worker = {}

    def second_worker_starts_meanwhile(*args, **kwargs):
        # The first worker is making its key; before it is written, the second worker starts on the same folder.
        if not other_worker:
            other_worker["app"] = None
            other_worker["app"] = fresh_instance(folder)
        return real_token_hex(*args, **kwargs)

    monkeypatch.setattr(secrets, "token_hex", second_worker_starts_meanwhile)
    first = fresh_instance(folder)
    assert first.config["SECRET_KEY"] == other_worker["app"].config["SECRET_KEY"]
    assert (folder / "secret_key").read_text().strip() == first.config["SECRET_KEY"]


# --- Login answers and logs --------------------------------------------------------------------------------

def login_answer(app, name, password):
    """Status and page of a login attempt, with the name typed and the session's CSRF token blanked out."""
    client = app.test_client()
    response = post(client, "/login", {"name": name, "password": password})
    # A CSRF token carries a timestamp: blank every token, not only this second's one, or pages a second apart differ.
    page = re.sub(r'"[\w-]+\.[\w-]+\.[\w-]+"', '"TOKEN"', response.get_data(as_text=True).replace(name, "NAME"))
    return response.status_code, page


def test_unknown_disabled_and_locked_accounts_answer_exactly_like_a_wrong_password(app, users, db):
    accounts.set_active(db, users["Ben"], False, users["Ada"])
    for _ in range(accounts.MAX_FAILED_LOGINS):
        login_answer(app, "Lee", "wrong password")
    wrong_password = login_answer(app, "Ana", "wrong password")
    assert wrong_password[0] == 401
    assert login_answer(app, "Nobody", PASSWORD) == wrong_password
    assert login_answer(app, "Ben", PASSWORD) == wrong_password  # disabled, right password
    assert login_answer(app, "Lee", PASSWORD) == wrong_password  # locked, right password


def test_api_answers_an_unknown_name_like_a_wrong_password(client, users):
    def answer(name, password):
        token = base64.b64encode(f"{name}:{password}".encode()).decode()
        response = client.get("/api/articles", headers={"Authorization": f"Basic {token}"})
        return response.status_code, response.get_data(as_text=True), response.headers.get("WWW-Authenticate")

    assert answer("Nobody", PASSWORD) == answer("Ana", "wrong password")
    assert answer("Nobody", PASSWORD)[0] == 401


def test_an_unknown_name_takes_as_long_to_refuse_as_a_wrong_password(db, users):
    def slowest_refusal(name, password):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(db, name, password)
            times.append(time.perf_counter() - started)
        return min(times)

    unknown, wrong = slowest_refusal("Nobody", PASSWORD), slowest_refusal("Ben", "wrong password")
    # Both check one scrypt hash: a name that exists cannot be told apart by the time the answer takes.
    assert unknown / wrong > 0.33 and wrong / unknown > 0.33


def test_passwords_never_reach_logs_output_or_pages(app, users, runner, caplog, capfd):
    secrets_used = ["first-admin-secret", "wrong-guess-secret", "new-user-secret", "reset-secret-42", "cli-secret-77"]
    app.logger.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    bodies = []
    fresh = create_app({"TESTING": True, "DATABASE": str(Path(app.config["DATABASE"]).with_name("fresh.db")),
                        "SECRET_KEY": "t"})
    setup_client = fresh.test_client()
    bodies.append(post(setup_client, "/setup", {"name": "Dana", "password": secrets_used[0],
                                                "password_again": secrets_used[0]}))
    bodies.append(post(setup_client, "/setup", {"name": "Dana", "password": secrets_used[0],
                                                "password_again": secrets_used[0]}))
    anonymous = app.test_client()
    bodies.append(post(anonymous, "/login", {"name": "Ana", "password": secrets_used[1]}))
    bodies.append(post(anonymous, "/login", {"name": "Nobody", "password": secrets_used[1]}))
    token = base64.b64encode(f"Ana:{secrets_used[1]}".encode()).decode()
    bodies.append(anonymous.get("/api/articles", headers={"Authorization": f"Basic {token}"}))
    ada = client_for(app, "Ada")
    bodies.append(post(ada, "/admin/users", {"name": "Cy", "password": secrets_used[2], "role": "reviewer"}))
    bodies.append(post(ada, "/admin/users", {"name": "Cy", "password": secrets_used[2], "role": "reviewer"}))  # 422
    bodies.append(post(ada, f"/admin/users/{users['Ben']}", {"password": secrets_used[3]}))
    bodies.append(post(ada, f"/admin/users/{users['Ben']}", {"password": "tiny-pw"}))  # 422: too short
    result = runner.invoke(args=["create-user", "Eve", "--password", secrets_used[4]])
    assert result.exit_code == 0
    captured = capfd.readouterr()
    everything = "\n".join([caplog.text, captured.out, captured.err, result.output]
                           + [response.get_data(as_text=True) for response in bodies])
    for secret in secrets_used + ["tiny-pw"]:
        assert secret not in everything, secret


# --- Download names ----------------------------------------------------------------------------------------

def test_download_file_names_never_carry_user_text(app, users, db, demo_article):
    ana, lee = client_for(app, "Ana"), client_for(app, "Lee")
    db["reviewers"].update(users["Ana"], {"name": 'Ana"; filename="evil.exe'})
    claim_id = next(db.query("select id from claims order by id"))["id"]
    post(ana, f"/claims/{claim_id}/verdict", {"verdict": "sourced"})
    article = demo_article["id"]
    hostile = 'x"\r\nSet-Cookie: a=b; filename="evil.exe'
    urls = [f"/export/verdicts.csv?article={article}", "/export/verdicts.csv?shape=wide",
            f"/export/verdicts.jsonl?reviewer={hostile}", "/export/snapshot.jsonl", "/export/claimreview.json",
            f"/export/verdicts.csv?article={article}&reviewer=Ana%22%3B+filename%3D%22evil.exe&verdict=sourced",
            f"/export/verdicts.csv?article={article}%22evil"]
    for url in urls:
        response = lee.get(url, buffered=True)
        assert response.status_code == 200, url
        disposition = response.headers["Content-Disposition"]
        assert re.fullmatch(r'attachment; filename="[a-z]+(-[a-z]+)*(-article-\d+)?\.(csv|jsonl|json)"',
                            disposition), (url, disposition)
        assert "a=b" not in str(response.headers), url  # no header smuggled in through a line break
