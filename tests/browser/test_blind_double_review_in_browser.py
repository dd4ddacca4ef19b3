"""Blind double review, guidelines and time per tag in a real browser: what a colleague sees before and after
tagging, /next with two reviewers per claim, `h` for the guidelines, and the seconds a keyboard tag records."""
import re
import time

from playwright.sync_api import expect

from annotator import double_review, guidelines, store
from annotator.db import connect
from live_db import live_claims, live_rows


def two_reviewers_per_claim(live_app):
    """Article 1 needs two reviewers per claim, so it is reviewed blind."""
    database = connect(live_app.config["DATABASE"])
    try:
        lee = next(database.query("select id from reviewers where name = 'Lee'"))["id"]
        double_review.set_rule(database, 1, lee, "2")
    finally:
        database.close()


def tag(page, live_server, claim_id, verdict):
    page.goto(live_server + f"/articles/1?claim={claim_id}")
    claim = page.locator(f"#claim-{claim_id}")
    claim.get_by_role("button", name=verdict, exact=True).click()
    expect(claim.locator(".current-verdict")).to_have_text(verdict.lower())
    return claim


def test_blind_review_hides_a_colleagues_verdict_until_one_tags(make_page, live_server, login, live_app):
    two_reviewers_per_claim(live_app)
    ana, ben = make_page(), make_page()
    login(ana, "Ana")
    login(ben, "Ben")
    first = live_claims(live_app)[0]["id"]
    claim = tag(ana, live_server, first, "Speculative")
    ana_note = claim.get_by_label("Note")
    ana_note.fill("Only officials, unnamed")
    ana_note.press("Tab")
    expect(claim.locator(".typed-status")).to_contain_text("Saved")

    ben.goto(live_server + f"/articles/1?claim={first}")
    card = ben.locator(f"#claim-{first}")
    expect(card.locator(".blind-note")).to_be_visible()
    expect(card.locator(".colleagues")).to_have_count(0)
    expect(ben.get_by_text("Only officials, unnamed")).to_have_count(0)
    card.get_by_role("button", name="Sourced", exact=True).click()
    expect(card.locator(".current-verdict")).to_have_text("sourced")
    colleagues = ben.locator(f"#claim-{first} .colleagues")
    expect(colleagues).to_contain_text("Ana: speculative")
    expect(colleagues).to_contain_text("Only officials, unnamed")


def test_with_two_required_next_stops_offering_a_claim_once_two_tagged_it(make_page, live_server, login, live_app):
    two_reviewers_per_claim(live_app)
    ana, ben, eli = make_page(), make_page(), make_page()
    for page, name in ((ana, "Ana"), (ben, "Ben"), (eli, "Eli")):
        login(page, name)
    ids = [claim["id"] for claim in live_claims(live_app) if claim["is_claim"]]
    first, second = ids[:2]
    tag(ana, live_server, first, "Sourced")
    database = connect(live_app.config["DATABASE"])
    try:
        ana_id = next(database.query("select id from reviewers where name = 'Ana'"))["id"]
        for claim_id in ids[1:]:
            store.save_verdict(database, claim_id, ana_id, "unverified")
    finally:
        database.close()
    # Every claim has one verdict of the two it needs: Ben is handed the first in reading order.
    ben.goto(live_server + "/next")
    expect(ben).to_have_url(f"{live_server}/articles/1?claim={first}#claim-{first}")
    ben.locator(f"#claim-{first}").get_by_role("button", name="Sourced", exact=True).click()
    expect(ben.locator(f"#claim-{first} .current-verdict")).to_have_text("sourced")
    # Two have tagged the first claim: Eli is handed the second, never the first.
    eli.goto(live_server + "/next")
    expect(eli).to_have_url(f"{live_server}/articles/1?claim={second}#claim-{second}")


def test_h_shows_and_hides_the_guidelines_beside_the_claims(page, live_server, login, live_app):
    database = connect(live_app.config["DATABASE"])
    try:
        ada = next(database.query("select id from reviewers where name = 'Ada'"))["id"]
        guidelines.save(database, "sourcing", "## Speculative\n\nThe source is **not named**.", ada)
    finally:
        database.close()
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    expect(page.locator("article.claim.current")).to_have_count(1)
    panel = page.locator("#guidelines")
    expect(panel).to_be_hidden()
    page.keyboard.press("h")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Speculative")).to_be_visible()
    expect(panel.locator("strong")).to_have_text("not named")
    page.keyboard.press("h")
    expect(panel).to_be_hidden()
    # The Guidelines link above the claims opens the same panel, and each verdict button's help names the key.
    page.locator(".guidelines-link").get_by_role("link", name="Guidelines").click()
    expect(panel).to_be_visible()
    expect(page.locator("article.claim").first.get_by_role("button", name="Sourced")).to_have_attribute(
        "title", re.compile(r"h: the guidelines"))


def test_a_keyboard_tag_records_its_seconds(page, live_server, login, live_app):
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    expect(page.locator("article.claim.current")).to_have_count(1)
    page.keyboard.press("j")
    time.sleep(1.2)
    page.keyboard.press("s")
    expect(page.locator("#progress-count")).to_contain_text("1 of")
    [row] = live_rows(live_app, "select v.seconds from verdicts v join reviewers r on r.id = v.reviewer_id "
                                "where r.name = 'Ana'")
    assert row["seconds"] is not None and 1 <= row["seconds"] <= 30
