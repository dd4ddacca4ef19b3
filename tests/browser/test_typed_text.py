"""Typed text is not lost, in a real browser: notes and URLs save on change, a refusal keeps them, leaving asks."""
from playwright.sync_api import expect

from test_keyboard import live_rows, my_verdicts, open_review


def typed_rows(live_app, name="Ana"):
    return [(row["claim_id"], row["evidence_url"], row["note"]) for row in live_rows(
        live_app, """select n.claim_id, n.evidence_url, n.note from untagged_notes n
                     join reviewers r on r.id = n.reviewer_id where r.name = ? order by n.claim_id""", [name])]


def test_escape_after_typing_a_note_saves_it_on_an_untagged_claim(page, live_server, login, live_app):
    open_review(page, live_server, login)
    claim = page.locator("article.claim.current")
    claim_id = claim.get_attribute("data-claim")
    page.keyboard.press("n")
    page.keyboard.type("Ask the ministry for the 2025 figure")
    page.keyboard.press("Escape")
    expect(claim).to_be_focused()
    expect(claim.locator(".typed-status")).to_contain_text("Saved, not tagged yet")
    assert typed_rows(live_app) == [(int(claim_id), "", "Ask the ministry for the 2025 figure")]
    # A note is not a verdict: the claim is still untagged, here and after a reload.
    expect(page.locator("#progress-count")).to_contain_text("0 of")
    page.reload()
    row = page.locator(f"#claim-{claim_id}")
    expect(row.get_by_label("Note")).to_have_value("Ask the ministry for the 2025 figure")
    expect(row.locator(".current-verdict")).to_have_text("not tagged yet")
    expect(page.locator("#progress-count")).to_contain_text("0 of")
    assert my_verdicts(live_app, "Ana") == []
    # Tagging it afterwards keeps the note with the verdict.
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", claim_id)
    page.keyboard.press("s")
    expect(page.locator("#progress-count")).to_contain_text("1 of")
    assert live_rows(live_app, "select verdict, note from verdicts") == [
        {"verdict": "sourced", "note": "Ask the ministry for the 2025 figure"}]
    assert typed_rows(live_app) == []


def test_a_url_typed_and_tabbed_away_from_is_saved(page, live_server, login, live_app):
    open_review(page, live_server, login)
    page.keyboard.press("s")  # a tagged claim: the URL joins its verdict
    claim = page.locator("article.claim").first
    claim_id = claim.get_attribute("data-claim")
    expect(claim.locator(".current-verdict")).to_have_text("sourced")
    claim.locator(".claim-text").click()  # the tag moved on: a click makes this claim current, its fields open
    claim.get_by_label("Evidence URL").click()
    page.keyboard.type("https://example.org/dealers")
    page.keyboard.press("Tab")
    expect(claim.locator(".typed-status")).to_contain_text("✓ Saved")
    expect(claim.get_by_label("Note")).to_be_focused()  # the save swapped only the mark, not the fields
    assert live_rows(live_app, "select claim_id, verdict, evidence_url from verdicts") == [
        {"claim_id": int(claim_id), "verdict": "sourced", "evidence_url": "https://example.org/dealers"}]


def test_an_invalid_url_keeps_the_typed_text_with_the_message(page, live_server, login, live_app):
    open_review(page, live_server, login)
    claim_id = page.locator("article.claim.current").get_attribute("data-claim")
    claim = page.locator(f"#claim-{claim_id}")
    url = claim.get_by_label("Evidence URL")
    url.click()
    page.keyboard.type("www.example.org/report")
    page.keyboard.press("Tab")
    expect(claim.locator(".typed-status")).to_contain_text("Not saved: The evidence URL must start with http")
    expect(url).to_have_value("www.example.org/report")
    # Tagging it now is refused beside the claim too, and the field still holds what was typed.
    url.press("Escape")
    page.keyboard.press("p")
    row = page.locator(f"#claim-{claim_id}")
    expect(row.get_by_role("alert")).to_contain_text("must start with http")
    expect(row.get_by_label("Evidence URL")).to_have_value("www.example.org/report")
    assert my_verdicts(live_app, "Ana") == [] and typed_rows(live_app) == []
    # Fixed and left, it saves.
    row.get_by_label("Evidence URL").fill("https://www.example.org/report")
    row.get_by_label("Evidence URL").press("Tab")
    expect(row.locator(".typed-status")).to_contain_text("✓ Saved")
    assert typed_rows(live_app) == [(int(claim_id), "https://www.example.org/report", "")]


def test_leaving_with_unsaved_text_asks_first_and_not_once_it_is_saved(page, live_server, login, live_app):
    open_review(page, live_server, login)
    claim = page.locator("article.claim.current")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.keyboard.press("n")
    page.keyboard.type("half a thought")  # still in the field: not saved yet
    assert typed_rows(live_app) == []
    page.evaluate("window.__stayed = true")
    # Leave without moving the focus (a click on a link would blur the note, which saves it).
    page.evaluate("setTimeout(function () { window.location.assign('/'); }, 0)")
    for _ in range(50):
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert dialogs == ["beforeunload"]
    assert page.evaluate("window.__stayed") is True  # dismissed: still on the review page, text in the field
    expect(claim.get_by_label("Note")).to_have_value("half a thought")
    assert typed_rows(live_app) == []
    page.remove_listener("dialog", stay)

    # Saved (Esc), leaving asks nothing.
    page.locator("article.claim.current").get_by_label("Note").focus()
    page.keyboard.press("Escape")
    expect(claim.locator(".typed-status")).to_contain_text("Saved")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("link", name="Articles").first.click()
    page.wait_for_url(live_server + "/")
    assert dialogs == ["beforeunload"]
    assert typed_rows(live_app)[0][2] == "half a thought"


def test_save_url_and_note_button_saves_on_an_untagged_claim(page, live_server, login, live_app):
    open_review(page, live_server, login)
    claim = page.locator("article.claim.current")
    claim_id = claim.get_attribute("data-claim")
    claim.get_by_label("Note").fill("pressed the button")
    page.evaluate("window.__noReload = true")
    claim.get_by_role("button", name="Save URL and note").click()
    expect(claim.locator(".typed-status")).to_contain_text("Saved, not tagged yet")
    assert page.evaluate("window.__noReload") is True
    assert typed_rows(live_app) == [(int(claim_id), "", "pressed the button")]


def test_without_javascript_the_button_saves_an_untagged_note(browser, live_server, login, live_app):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, "Ana")
        page.goto(live_server + "/articles/1")
        claim = page.locator("article.claim").first
        claim_id = claim.get_attribute("data-claim")
        claim.get_by_label("Note").fill("no script here")
        claim.get_by_role("button", name="Save URL and note").click()
        page.wait_for_url(f"**/articles/1?claim={claim_id}#claim-{claim_id}")
        expect(page.locator(f"#claim-{claim_id}").get_by_label("Note")).to_have_value("no script here")
        assert typed_rows(live_app) == [(int(claim_id), "", "no script here")]
    finally:
        context.close()
