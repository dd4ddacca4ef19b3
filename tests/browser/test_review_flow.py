"""A new desk sets up, tags the demo article in a real browser, sees it saved without a reload, and exports it."""
import csv
import io

from playwright.sync_api import expect


def test_first_admin_tags_a_claim_sees_it_saved_and_exports(page, live_server, tmp_path):
    # A fresh instance asks for the first admin account, then shows the seeded demo article.
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("create the first admin")
    page.get_by_label("User name").fill("Dana")
    page.get_by_label("Password (at least 8 characters)").fill("a long password")
    page.get_by_label("Password again").fill("a long password")
    page.get_by_role("button", name="Create admin and start").click()
    page.get_by_role("link", name="Xiaomi expands into South Korea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xiaomi expands into South Korea")
    expect(page.locator("#progress-count")).to_contain_text("0 of")

    claim = page.locator("article.claim", has_text="only official dealers").first
    claim_id = claim.get_attribute("data-claim")
    # A marker on the window survives an htmx swap but not a page load: proves there was no reload.
    page.evaluate("window.__noReload = true")
    claim.get_by_role("button", name="Sourced").click()

    row = page.locator(f"#claim-{claim_id}")
    expect(row.get_by_role("button", name="✓ Sourced")).to_have_attribute("aria-pressed", "true")
    expect(row.locator(".current-verdict")).to_have_text("sourced")
    expect(page.locator("#progress-count")).to_contain_text("1 of")
    assert page.evaluate("window.__noReload") is True

    page.reload()
    expect(page.locator(f"#claim-{claim_id} .current-verdict")).to_have_text("sourced")
    expect(page.locator("#progress-count")).to_contain_text("1 of")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download verdicts (CSV)").click()
    path = tmp_path / "verdicts.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [(r["claim_id"], r["reviewer"], r["verdict"]) for r in rows] == [(claim_id, "Dana", "sourced")]
    assert "only official dealers" in rows[0]["claim_text"]


def test_invalid_evidence_url_shows_a_message_and_keeps_the_note(page, live_server, login):
    login(page, "Eli")
    page.goto(live_server + "/articles/1")
    claim = page.locator("article.claim").first
    claim_id = claim.get_attribute("data-claim")
    # type="url" would stop the browser from sending it; a tampered or old browser can, so test the server path.
    claim.get_by_label("Evidence URL").evaluate("el => el.type = 'text'")
    claim.get_by_label("Evidence URL").fill("ftp://example.org/file")
    claim.get_by_label("Note").fill("my careful note")
    claim.get_by_role("button", name="Unverified").click()
    row = page.locator(f"#claim-{claim_id}")
    expect(row.get_by_role("alert")).to_contain_text("must start with http")
    expect(row.get_by_label("Note")).to_have_value("my careful note")
    expect(row.locator(".current-verdict")).to_have_text("not tagged yet")
