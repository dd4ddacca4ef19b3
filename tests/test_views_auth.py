import re

import pytest

from annotator import accounts
from client_helpers import PASSWORD, login, post
from client_helpers import client_for


def test_fresh_instance_asks_for_the_first_admin(client, db):
    assert client.get("/").headers["Location"] == "/setup"
    response = post(client, "/setup", {"name": "Dana", "password": "long enough", "password_again": "long enough"})
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Dana <small>(admin)</small>" in page
    assert "Xiaomi expands into South Korea" in page  # the demo stays usable
    # Setup is a one-off: once an account exists it only leads to the login page.
    assert client.get("/setup").headers["Location"] == "/login"


def test_setup_refuses_mismatched_or_short_passwords(client, db):
    response = post(client, "/setup", {"name": "Dana", "password": "long enough", "password_again": "different!"})
    assert (response.status_code, "differ" in response.get_data(as_text=True)) == (422, True)
    response = post(client, "/setup", {"name": "Dana", "password": "short", "password_again": "short"})
    assert response.status_code == 422
    assert not accounts.has_accounts(db)


def test_login_sends_back_to_the_page_asked_for(client, users, demo_article):
    url = f"/articles/{demo_article['id']}"
    assert client.get(url).headers["Location"] == f"/login?next={url}"
    response = post(client, "/login", {"name": "Ana", "password": PASSWORD, "next": url})
    assert (response.status_code, response.headers["Location"]) == (303, url)


def test_login_ignores_an_off_site_next(client, users):
    response = post(client, "/login", {"name": "Ana", "password": PASSWORD, "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_wrong_name_and_wrong_password_look_the_same(client, users):
    unknown = post(client, "/login", {"name": "Nobody", "password": PASSWORD})
    wrong = post(client, "/login", {"name": "Ana", "password": "wrong password"})
    assert unknown.status_code == wrong.status_code == 401

    def page(response):
        # CSRF tokens carry a timestamp, so two pages a second apart differ there and only there.
        return re.sub(r'"[\w-]+\.[\w-]+\.[\w-]+"', '"TOKEN"', response.get_data(as_text=True))

    assert page(unknown).replace("Nobody", "Ana") == page(wrong)


def test_repeated_failures_lock_the_account(client, users):
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert login(client, "Ana", "wrong password").status_code == 401
    # Locked: even the right password is refused for now.
    assert login(client, "Ana").status_code == 401
    assert login(client, "Ben").status_code == 303  # other accounts are not affected


def test_lock_expires(db, users):
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(db, "Ana", "wrong", now=now)
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate(db, "Ana", PASSWORD, now=now + timedelta(minutes=1))
    assert accounts.authenticate(db, "Ana", PASSWORD, now=now + accounts.LOCKOUT + timedelta(seconds=1))["name"] == "Ana"


def test_password_is_stored_hashed(db, users):
    row = next(db.query("select password_hash from reviewers where name = 'Ana'"))
    assert PASSWORD not in row["password_hash"]
    assert row["password_hash"].startswith("scrypt:")


def test_logout_ends_the_session(client, reviewer):
    assert post(client, "/logout").status_code == 303
    assert client.get("/").headers["Location"].startswith("/login")


def test_session_cookie_is_httponly_and_samesite(client, users):
    response = login(client, "Ana")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_disabled_account_loses_its_session(app, users, admin_client):
    ana = client_for(app, "Ana")
    post(admin_client, f"/admin/users/{users['Ana']}", {"active": "0"})
    assert ana.get("/").headers["Location"].startswith("/login")
    assert login(app.test_client(), "Ana").status_code == 401


# Which role reaches which page: 200 (or a redirect after a POST) for allowed, 403 for forbidden, never 500.
ROUTES = [
    ("GET", "/", {"reviewer", "lead", "admin"}),
    ("GET", "/articles/1", {"reviewer", "lead", "admin"}),
    ("GET", "/next", {"reviewer", "lead", "admin"}),
    ("GET", "/articles/new", {"admin"}),
    ("GET", "/admin/users", {"admin"}),
    ("GET", "/admin/articles/1/assign", {"admin"}),
    ("GET", "/agreement", {"lead", "admin"}),
    ("GET", "/agreement?article=1", {"lead", "admin"}),
    ("GET", "/disagreements", {"lead", "admin"}),
    ("GET", "/export/verdicts.csv", {"lead", "admin"}),
    ("POST", "/claims/1/final", {"lead", "admin"}),
    ("POST", "/admin/users", {"admin"}),
]


@pytest.mark.parametrize("name, role", [("Ana", "reviewer"), ("Lee", "lead"), ("Ada", "admin")])
def test_each_role_reaches_only_its_pages(app, users, name, role):
    client = client_for(app, name)
    for method, url, allowed in ROUTES:
        if method == "GET":
            response = client.get(url)
        else:
            response = post(client, url, {"verdict": "sourced", "reason": "on record", "name": "Zed",
                                          "password": PASSWORD})
        expected = {200, 303} if role in allowed else {403}
        assert response.status_code in expected, (role, url, response.status_code)


def test_anonymous_posts_are_refused_not_redirected(client, users):
    assert post(client, "/claims/1/final", {"verdict": "sourced"}).status_code == 401


def test_admin_creates_a_user_who_can_log_in(app, admin_client):
    response = post(admin_client, "/admin/users", {"name": "Cy", "password": "a fine password", "role": "lead"})
    assert response.status_code == 303
    assert "Cy" in admin_client.get("/admin/users").get_data(as_text=True)
    cy = app.test_client()
    assert login(cy, "Cy", "a fine password").status_code == 303
    assert cy.get("/agreement").status_code == 200


def test_admin_cannot_demote_themselves(admin_client, users):
    response = post(admin_client, f"/admin/users/{users['Ada']}", {"role": "reviewer"})
    assert response.status_code == 422
    assert "cannot remove your own admin role" in response.get_data(as_text=True)


def test_create_user_command(runner, db):
    result = runner.invoke(args=["create-user", "ana", "--role", "admin", "--password", "a fine password"])
    assert result.exit_code == 0, result.output
    assert accounts.authenticate(db, "ana", "a fine password")["role"] == "admin"
    again = runner.invoke(args=["create-user", "ana", "--password", "a fine password"])
    assert again.exit_code != 0
    assert "already exists" in again.output


def test_wrong_passwords_sent_at_once_all_count(app, users):
    import threading

    from annotator.db import connect

    barrier = threading.Barrier(accounts.MAX_FAILED_LOGINS + 3)

    def guess():
        database = connect(app.config["DATABASE"])
        barrier.wait()
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(database, "Ana", "wrong guess")
        database.close()

    threads = [threading.Thread(target=guess) for _ in range(accounts.MAX_FAILED_LOGINS + 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert login(app.test_client(), "Ana").status_code == 401  # locked, right password or not


def test_assignment_with_a_strange_digit_is_ignored_not_a_crash(admin_client, users):
    response = post(admin_client, "/admin/articles/1/assign", {"reviewer_id": ["²", str(users["Ana"])]})
    assert response.status_code == 303
