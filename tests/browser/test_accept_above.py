"""A lead's "accept every suggestion at X % or more" in a real browser: one click tags exactly the claims that sure,
and `z` (or the Undo button) takes them all back, without a page reload."""
from playwright.sync_api import expect

from live_db import live_rows


def lead_verdicts(live_app):
    return {row["claim_id"]: row["verdict"] for row in live_rows(
        live_app, "select v.claim_id, v.verdict from verdicts v join reviewers r on r.id = v.reviewer_id "
                  "where r.name = 'Lee'")}


def sure_claims(live_app, percent):
    return {row["id"]: row["suggestion"] for row in live_rows(
        live_app, "select id, suggestion, confidence from live_claims where article_id = 1 and is_claim")
        if int(100 * row["confidence"] + 1e-9) >= percent}


def test_accept_above_then_z_takes_every_accepted_verdict_back(page, live_server, login, live_app):
    expected = sure_claims(live_app, 85)
    total = len(live_rows(live_app, "select id from live_claims where article_id = 1 and is_claim"))
    assert 0 < len(expected) < total  # the threshold leaves some claims to a person
    login(page, "Lee")
    page.goto(live_server + "/articles/1")
    page.evaluate("window.__noReload = true")
    page.get_by_label("Accept every suggestion at").fill("85")
    page.get_by_role("button", name="as my verdicts on this article's untagged claims").click()
    expect(page.get_by_role("status").filter(has_text=f"Accepted {len(expected)} suggestions at 85 % or more")) \
        .to_be_visible()
    assert lead_verdicts(live_app) == expected
    for claim_id, verdict in expected.items():
        expect(page.locator(f"#claim-{claim_id} .current-verdict")).to_have_text(verdict)

    page.locator("h1").click()  # keys act outside form fields
    page.keyboard.press("z")
    expect(page.get_by_text(f"Undone: {len(expected)} accepted suggestions back to untagged.")).to_be_visible()
    assert lead_verdicts(live_app) == {}
    for claim_id in expected:
        expect(page.locator(f"#claim-{claim_id} .current-verdict")).to_have_text("not tagged yet")
    assert page.evaluate("window.__noReload") is True  # htmx swapped the review body in place
    expect(page.locator("form.undo-accept")).to_have_count(0)


def test_the_undo_button_takes_them_back_too(page, live_server, login, live_app):
    login(page, "Lee")
    page.goto(live_server + "/articles/1")
    page.get_by_label("Accept every suggestion at").fill("95")
    page.get_by_role("button", name="as my verdicts on this article's untagged claims").click()
    expect(page.locator("form.undo-accept")).to_be_visible()
    assert lead_verdicts(live_app) == sure_claims(live_app, 95)
    page.get_by_role("button", name="Undo accepting them").click()
    expect(page.locator("form.undo-accept")).to_have_count(0)
    assert lead_verdicts(live_app) == {}
