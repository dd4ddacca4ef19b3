"""Feedback in a real browser at a laptop's size: a refused fix of the split says why beside the form, in view,
focused and announced; an action that reloads the page says what it changed in the announced #flash box."""
import pytest
from playwright.sync_api import expect

from live_db import let_reviewers_fix_the_split, live_claims

LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def reviewers_may_fix_the_split(live_app):
    let_reviewers_fix_the_split(live_app)


@pytest.mark.parametrize("index", [0, 7])
def test_a_refused_overlap_is_said_beside_the_form_in_view_focused_and_announced(page, live_server, login,
                                                                                   live_app, index):
    page.set_viewport_size(LAPTOP)
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    claims = live_claims(live_app)
    claim, after = claims[index], claims[index + 1]
    card = page.locator(f"#claim-{claim['id']}")
    card.scroll_into_view_if_needed()
    card.focus()  # a claim's tools open once it is the current one
    card.get_by_text("Evidence · fix the split").click()
    end = card.get_by_label("End")
    end.fill(str(after["start"] + 4))
    card.get_by_role("button", name="Set boundaries").click()
    message = page.locator(f"#claim-{claim['id']}-boundaries-error")
    expect(message).to_contain_text("That would overlap claim")
    expect(message).to_be_in_viewport()
    expect(message).to_have_attribute("role", "alert")
    # The refused value stays; the field the message describes has the focus, in view too.
    expect(card.get_by_label("End")).to_have_value(str(after["start"] + 4))
    field = page.locator(f"[aria-describedby='claim-{claim['id']}-boundaries-error']")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()
    assert page.locator("[role=alert]").count() == 1  # said once, not again at the top of the page
    assert live_claims(live_app) == claims


@pytest.mark.parametrize("javascript", [True, False])
def test_a_refused_added_claim_is_said_beside_its_form_in_view(browser, live_server, login, live_app, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport=LAPTOP)
    try:
        page = context.new_page()
        login(page, "Ana")
        page.goto(live_server + "/articles/1")
        claims = live_claims(live_app)
        form = page.locator("#add-claim")
        form.locator("summary").click()
        form.get_by_label("From character").fill(str(claims[5]["start"]))
        form.get_by_label("to character").fill(str(claims[5]["end"]))
        form.get_by_role("button", name="Add claim").click()
        message = page.locator("#add-claim-error")
        expect(message).to_contain_text("That would overlap claim 6")
        expect(message).to_have_attribute("role", "alert")
        expect(message).to_be_in_viewport()
        field = form.get_by_label("From character")
        expect(field).to_be_focused()
        expect(field).to_be_in_viewport()
        assert page.locator("[role=alert]").count() == 1
        assert live_claims(live_app) == claims
    finally:
        context.close()


def test_an_import_says_what_it_imported_in_the_announced_box(page, live_server, login):
    page.set_viewport_size(LAPTOP)
    login(page, "Ada")
    page.goto(live_server + "/articles/new")
    page.get_by_label("Title (optional)").fill("Exports")
    page.get_by_label("Article text").fill("Seoul said exports rose 5%, officials said.")
    page.get_by_role("button", name="Import and split into claims").click()
    status = page.get_by_role("status").filter(has_text="Imported")
    expect(status).to_have_text("Imported “Exports”: 1 claim.")
    expect(status).to_be_in_viewport()
    expect(page.locator("#flash")).to_have_attribute("aria-live", "polite")
