"""In Chromium: archiving, restoring and editing an article swap their forms in place and say so in the status box."""
from playwright.sync_api import expect

from test_accessibility import serious_violations


def test_archive_and_restore_swap_in_place_and_are_announced(page, live_server, login):
    login(page, "Lee")
    page.goto(live_server + "/articles/1/edit")
    page.get_by_role("button", name="Archive").click()
    expect(page.locator("#flash")).to_contain_text("Archived “Xiaomi expands into South Korea”")
    expect(page.get_by_role("button", name="Restore")).to_be_visible()
    assert page.url == live_server + "/articles/1/edit"  # swapped, not reloaded
    page.goto(live_server + "/")
    expect(page.get_by_role("link", name="Archived articles (1)")).to_be_visible()
    page.get_by_role("link", name="Archived articles (1)").click()
    page.get_by_role("button", name="Restore").click()
    expect(page.locator("#flash")).to_contain_text("Restored “Xiaomi expands into South Korea”")


def test_a_refused_edit_shows_its_message_beside_the_field_and_keeps_the_typing(page, live_server, login):
    login(page, "Lee")
    page.goto(live_server + "/articles/1/edit")
    page.get_by_label("Author").fill("Jane Doe")
    page.get_by_label("Published on").fill("next Tuesday")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#published-error")).to_have_text("The date must be a date like 2026-11-25.")
    expect(page.get_by_label("Author")).to_have_value("Jane Doe")
    page.get_by_label("Published on").fill("2016-03-10")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator("#flash")).to_contain_text("Saved the article's author, date.")


def test_the_edit_and_archived_pages_have_no_serious_accessibility_problem(page, live_server, login):
    login(page, "Ada")
    page.goto(live_server + "/articles/1/edit")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("button", name="Restore")).to_be_visible()
    page.goto(live_server + "/articles/archived")
    assert serious_violations(page) == []
