"""The Password page and the users page's resets, unlocks and account facts, as plain posts and as htmx."""
import base64
import re

import pytest

from annotator import accounts
from client_helpers import PASSWORD, client_for, login, post

NEW = "a brand new password"


def logged_out(client) -> bool:
    """Whether the client's session is over: its next page is the login."""
    response = client.get("/")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def lock(app, name):
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert login(app.test_client(), name, "wrong password").status_code == 401


def flash_box(page: str) -> str:
    """What the #flash status box says on a full page."""
    return re.search(r'<div id="flash"[^>]*>(.*?)</div>', page, re.S).group(1)


def user_row(page: str, user_id: int) -> str:
    return re.search(rf'<tr id="user-{user_id}".*?</tr>', page, re.S).group(0)


# --- Changing your own password -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Ana", "Lee", "Ada"])
def test_every_role_has_a_password_link_in_the_header(app, users, name):
    page = client_for(app, name).get("/").get_data(as_text=True)
    header = page[page.index('<header'):page.index('</header>')]
    assert '<a href="/account/password">Password</a>' in header


def test_the_password_page_asks_for_the_current_password_and_the_new_one_twice(client, reviewer):
    page = client.get("/account/password").get_data(as_text=True)
    for field in ("current_password", "new_password", "new_password_again"):
        assert f'name="{field}" type="password"' in page
    assert 'name="csrf_token"' in page


def test_the_password_page_is_for_people_logged_in(client, users):
    assert client.get("/account/password").headers["Location"].startswith("/login")
    assert post(client, "/account/password", {"current_password": PASSWORD, "new_password": NEW,
                                              "new_password_again": NEW}).status_code == 401
    assert login(client, "Ana").status_code == 303  # unchanged


@pytest.mark.parametrize("htmx", [False, True])
def test_changing_your_password_keeps_this_session_and_ends_the_others(app, users, htmx):
    here, elsewhere = client_for(app, "Ana"), client_for(app, "Ana")
    response = post(here, "/account/password", {"current_password": PASSWORD, "new_password": NEW,
                                                "new_password_again": NEW}, htmx=htmx)
    if htmx:
        assert response.status_code == 200
        fragment = response.get_data(as_text=True)
        assert "<html" not in fragment and 'id="password-form"' in fragment
        assert 'hx-swap-oob="innerHTML:#flash"' in fragment and "Password changed" in fragment
    else:
        assert (response.status_code, response.headers["Location"]) == (303, "/account/password")
        assert "Password changed" in flash_box(here.get("/account/password").get_data(as_text=True))
    assert not logged_out(here)
    assert logged_out(elsewhere)
    assert login(app.test_client(), "Ana", NEW).status_code == 303
    assert login(app.test_client(), "Ana", PASSWORD).status_code == 401


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("form, field, message", [
    ({"current_password": "not my password", "new_password": NEW, "new_password_again": NEW},
     "current_password", "That is not your current password."),
    ({"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW + "?"},
     "new_password_again", "The two new passwords differ."),
    ({"current_password": PASSWORD, "new_password": "short", "new_password_again": "short"},
     "new_password", "A password has at least 8 characters."),
])
def test_a_refused_change_says_why_beside_the_field_and_changes_nothing(app, users, htmx, form, field, message):
    here, elsewhere = client_for(app, "Ana"), client_for(app, "Ana")
    response = post(here, "/account/password", form, htmx=htmx)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert ("<html" in page) is not htmx
    assert f'<p class="error" id="{field}-error">{message}</p>' in page
    assert re.search(rf'name="{field}"[^>]*aria-describedby="{field}-error"', page)
    for typed in set(form.values()):
        assert typed not in page  # never echoed back
    assert not logged_out(here) and not logged_out(elsewhere)
    assert login(app.test_client(), "Ana").status_code == 303


# --- An admin's reset ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("htmx", [False, True])
def test_a_password_reset_lets_the_person_in_and_ends_old_sessions(app, users, admin_client, htmx):
    ana = client_for(app, "Ana")
    response = post(admin_client, f"/admin/users/{users['Ana']}/password", {"password": NEW}, htmx=htmx)
    if htmx:
        assert response.status_code == 200
        fragment = response.get_data(as_text=True)
        assert fragment.lstrip().startswith(f'<tr id="user-{users["Ana"]}"')
        assert "Password of Ana reset: their sessions have ended." in fragment  # into #flash, out of band
    else:
        assert (response.status_code, response.headers["Location"]) == (303, "/admin/users")
        assert "Password of Ana reset" in flash_box(admin_client.get("/admin/users").get_data(as_text=True))
    assert logged_out(ana)
    assert login(app.test_client(), "Ana", NEW).status_code == 303
    assert login(app.test_client(), "Ana", PASSWORD).status_code == 401
    assert not logged_out(admin_client)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_generated_password_is_shown_once_and_logs_in(app, users, admin_client, htmx):
    response = post(admin_client, f"/admin/users/{users['Ben']}/password", {"generate": "1"}, htmx=htmx)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    generated = re.search(r"New password for Ben, shown only this once: <code>([^<]+)</code>", page).group(1)
    assert "it is not shown again" in page
    assert login(app.test_client(), "Ben", generated).status_code == 303
    assert generated not in admin_client.get("/admin/users").get_data(as_text=True)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_reset_says_why_beside_that_rows_password_field(app, users, admin_client, htmx):
    response = post(admin_client, f"/admin/users/{users['Ana']}/password", {"password": "short"}, htmx=htmx)
    assert response.status_code == 422
    row = user_row(response.get_data(as_text=True), users["Ana"])
    assert '<details class="reset" open>' in row
    assert f'id="user-{users["Ana"]}-password-error">A password has at least 8 characters.</p>' in row
    assert login(app.test_client(), "Ana").status_code == 303


def test_an_admin_is_sent_to_the_password_page_for_their_own_password(app, users, admin_client):
    page = admin_client.get("/admin/users").get_data(as_text=True)
    assert '<a href="/account/password">Change your password</a>' in user_row(page, users["Ada"])
    response = post(admin_client, f"/admin/users/{users['Ada']}/password", {"password": NEW})
    assert response.status_code == 422
    assert "use the Password page" in user_row(response.get_data(as_text=True), users["Ada"])
    assert not logged_out(admin_client)


# --- Locks and last logins on the users page ----------------------------------------------------------------

def test_the_users_page_shows_locked_until_and_the_last_login(app, users, admin_client):
    client_for(app, "Ana")
    lock(app, "Ben")
    page = admin_client.get("/admin/users").get_data(as_text=True)
    ben, ana, lee = (user_row(page, users[name]) for name in ("Ben", "Ana", "Lee"))
    assert re.search(r"locked until <time datetime=\"[^\"]+\">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>", ben)
    assert "Unlock Ben" in ben
    assert re.search(r"last login <time datetime=\"[^\"]+Z\">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>", ana)
    assert "locked until" not in ana and "Unlock" not in ana
    assert "never logged in" in lee


def test_an_api_request_is_not_counted_as_a_login(app, users, admin_client, client):
    token = base64.b64encode(f"Lee:{PASSWORD}".encode()).decode()
    assert client.get("/api/articles", headers={"Authorization": f"Basic {token}"}).status_code == 200
    assert "never logged in" in user_row(admin_client.get("/admin/users").get_data(as_text=True), users["Lee"])


@pytest.mark.parametrize("htmx", [False, True])
def test_unlocking_lets_a_locked_account_in_and_says_so(app, users, admin_client, htmx):
    lock(app, "Ben")
    response = post(admin_client, f"/admin/users/{users['Ben']}/unlock", htmx=htmx)
    if htmx:
        assert response.status_code == 200
        answer = response.get_data(as_text=True)
    else:
        assert response.status_code == 303
        answer = admin_client.get("/admin/users").get_data(as_text=True)
    assert "Ben unlocked: they can log in again." in answer
    assert "locked until" not in user_row(answer, users["Ben"])
    assert login(app.test_client(), "Ben").status_code == 303


def test_a_reset_clears_the_lock(app, users, admin_client):
    lock(app, "Ben")
    post(admin_client, f"/admin/users/{users['Ben']}/password", {"password": NEW})
    assert "locked until" not in user_row(admin_client.get("/admin/users").get_data(as_text=True), users["Ben"])
    assert login(app.test_client(), "Ben", NEW).status_code == 303


# --- Who may, and what the other user changes say -----------------------------------------------------------

@pytest.mark.parametrize("name", ["Ana", "Lee"])
def test_only_admins_reset_or_unlock(app, users, name):
    lock(app, "Ben")
    client = client_for(app, name)
    for htmx in (False, True):
        assert post(client, f"/admin/users/{users['Ben']}/password", {"password": NEW}, htmx=htmx).status_code == 403
        assert post(client, f"/admin/users/{users['Ben']}/unlock", htmx=htmx).status_code == 403
    assert login(app.test_client(), "Ben").status_code == 401  # still locked
    assert login(app.test_client(), "Ben", NEW).status_code == 401


def test_resetting_or_unlocking_nobody_is_404(admin_client, users):
    for htmx in (False, True):
        assert post(admin_client, "/admin/users/999999/password", {"password": NEW}, htmx=htmx).status_code == 404
        assert post(admin_client, "/admin/users/999999/unlock", htmx=htmx).status_code == 404


@pytest.mark.parametrize("htmx", [False, True])
def test_a_role_change_and_a_disabled_account_say_what_changed(app, users, admin_client, htmx):
    def said(response):
        if htmx:
            assert response.status_code == 200
            return response.get_data(as_text=True)
        assert response.status_code == 303
        return flash_box(admin_client.get("/admin/users").get_data(as_text=True))

    assert "Role of Ben set to lead." in said(post(admin_client, f"/admin/users/{users['Ben']}",
                                                   {"role": "lead"}, htmx=htmx))
    ben = client_for(app, "Ben")
    assert "Ben disabled: their sessions have ended." in said(post(admin_client, f"/admin/users/{users['Ben']}",
                                                                   {"active": "0"}, htmx=htmx))
    assert logged_out(ben)


@pytest.mark.parametrize("htmx", [False, True])
def test_disabling_yourself_is_refused_beside_the_button(users, admin_client, htmx):
    response = post(admin_client, f"/admin/users/{users['Ada']}", {"active": "0"}, htmx=htmx)
    assert response.status_code == 422
    row = user_row(response.get_data(as_text=True), users["Ada"])
    assert f'id="user-{users["Ada"]}-active-error">You cannot disable your own account.</p>' in row


def test_adding_a_user_says_so_and_a_refusal_sits_beside_its_field(admin_client, users):
    assert post(admin_client, "/admin/users", {"name": "Cy", "password": NEW, "role": "lead"}).status_code == 303
    assert "Added lead Cy." in flash_box(admin_client.get("/admin/users").get_data(as_text=True))
    response = post(admin_client, "/admin/users", {"name": "Cy", "password": NEW, "role": "lead"})
    assert response.status_code == 422
    assert '<p class="error" id="new-name-error">The user Cy already exists.</p>' in response.get_data(as_text=True)
