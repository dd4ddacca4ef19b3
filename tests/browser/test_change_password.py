"""In Chromium: change your own password with the keyboard and log in with it; an admin's unlock and reset in place."""
import re

from playwright.sync_api import expect

from annotator import accounts
from annotator.db import connect
from conftest import PASSWORD
from test_accessibility import serious_violations

NEW = "my new browser password"


def log_in(page, live_server, name, password):
    page.goto(live_server + "/login")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.keyboard.press("Enter")


def test_a_reviewer_changes_their_password_with_the_keyboard_and_logs_in_with_it(page, live_server, login):
    login(page, "Ana")
    page.get_by_role("link", name="Password", exact=True).click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    expect(page.get_by_label("Current password")).to_be_focused()  # autofocus: type at once
    page.keyboard.type("not my password")
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Enter")
    expect(page.locator("#current_password-error")).to_have_text("That is not your current password.")
    expect(page.get_by_label("Current password")).to_be_focused()  # back where the mistake is
    assert serious_violations(page) == []

    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_contain_text("Password changed")
    expect(page.locator("#current_password-error")).to_have_count(0)
    page.goto(live_server + "/")  # this session stayed logged in
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "Ana", PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Wrong user name or password")
    log_in(page, live_server, "Ana", NEW)
    page.wait_for_url(live_server + "/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_an_admin_unlocks_and_resets_in_place_and_the_page_says_so(page, live_server, live_app, login):
    database = connect(live_app.config["DATABASE"])
    for _ in range(accounts.MAX_FAILED_LOGINS):
        try:
            accounts.authenticate(database, "Ben", "wrong password")
        except accounts.LoginFailed:
            pass
    database.close()
    login(page, "Ada")
    page.get_by_role("link", name="Users").click()
    ben = page.locator("tr", has=page.get_by_role("rowheader", name="Ben"))
    expect(ben).to_contain_text("locked until")
    page.evaluate("window.notReloaded = true")  # gone if a click reloads the page instead of swapping the row
    ben.get_by_role("button", name="Unlock Ben").click()
    expect(page.locator("#flash")).to_have_text("Ben unlocked: they can log in again.")
    expect(ben).not_to_contain_text("locked until")
    assert page.evaluate("window.notReloaded") is True

    ben.get_by_text("Reset password").click()
    ben.get_by_role("button", name="Generate one").click()
    expect(page.locator("#flash")).to_contain_text("Password of Ben reset")
    generated = ben.locator(".new-password code").inner_text()
    assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", generated)
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []

    other = page.context.browser.new_context().new_page()
    try:
        log_in(other, live_server, "Ben", generated)
        other.wait_for_url(live_server + "/")
    finally:
        other.context.close()
