"""Undoing a fix of the split in a real browser: confirm the merge of tagged claims, then `z` puts them back."""
from playwright.sync_api import expect

from annotator import store
from annotator.db import connect
from live_db import live_rows


def live_claim_ids(live_app):
    return [row["id"] for row in live_rows(
        live_app, "select id from live_claims where article_id = 1 order by position")]


def test_z_after_a_confirmed_merge_undoes_it_and_the_verdicts_come_back(page, live_server, login, live_app):
    before = live_claim_ids(live_app)
    first, second = before[:2]
    database = connect(live_app.config["DATABASE"])
    ana = next(database.query("select id from reviewers where name = 'Ana'"))["id"]
    store.save_verdict(database, first, ana, "sourced")
    store.save_verdict(database, second, ana, "speculative")
    database.close()

    login(page, "Lee")
    page.goto(live_server + "/articles/1")
    page.evaluate("window.__noReload = true")
    claim = page.locator(f"#claim-{first}")
    claim.get_by_text("Evidence · fix the split").click()
    claim.get_by_role("button", name="Merge with the claim after (2.)").click()
    # Two tagged claims would retire: the page asks first, and nothing changed yet.
    expect(page.get_by_text("2 verdicts by 1 reviewer will be carried or flagged")).to_be_visible()
    assert live_claim_ids(live_app) == before
    page.get_by_role("button", name="Merge", exact=True).click()
    merged = page.locator("article.claim.current")
    expect(merged.locator(".claim-text")).to_contain_text("South Korea. The land of Samsung")
    merged_id = live_claim_ids(live_app)[0]
    assert merged_id not in before

    page.keyboard.press("z")
    expect(page.locator(f"#claim-{first}")).to_be_visible()
    expect(page.locator(f"#claim-{merged_id}")).to_have_count(0)
    assert live_claim_ids(live_app) == before
    verdicts = {row["claim_id"]: row["verdict"] for row in live_rows(
        live_app, "select claim_id, verdict from verdicts where reviewer_id = ?", [ana])}
    assert (verdicts[first], verdicts[second]) == ("sourced", "speculative")
    assert page.evaluate("window.__noReload") is True  # htmx swapped the review body in place
    expect(page.locator("form[data-undo-edit]")).to_have_count(0)  # nothing left to undo
