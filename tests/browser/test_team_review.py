"""Two reviewers disagree in two browsers; the lead sees it, sets the final verdict, and the CSV has all three."""
import csv
import io

from playwright.sync_api import expect


def test_two_reviewers_disagree_and_the_lead_adjudicates(browser, live_server, login, tmp_path, make_page):
    ana_page, ben_page, lead_page = make_page(), make_page(), make_page()
    login(ana_page, "Ana")
    login(ben_page, "Ben")
    for page, verdict in ((ana_page, "Sourced"), (ben_page, "Speculative")):
        page.goto(live_server + "/articles/1")
        claim = page.locator("article.claim", has_text="legal issues").first
        claim.get_by_role("button", name=verdict).click()
        expect(claim.locator(".current-verdict")).to_have_text(verdict.lower())
    claim_id = ana_page.locator("article.claim", has_text="legal issues").first.get_attribute("data-claim")

    login(lead_page, "Lee")
    lead_page.goto(live_server + "/agreement?article=1")
    # One shared claim, tagged differently: observed agreement 0, chance agreement 0, so kappa = 0.
    expect(lead_page.locator(".kappa")).to_have_text("0.000")
    expect(lead_page.get_by_text("1 disagreement")).to_be_visible()
    lead_page.get_by_role("link", name="1 disagreement").click()
    section = lead_page.locator("section.disagreement")
    expect(section).to_have_count(1)
    expect(section.get_by_role("cell", name="Ana")).to_be_visible()
    expect(section.get_by_role("cell", name="speculative")).to_be_visible()
    section.get_by_label("Reason").fill("KT cites legal issues; the source is named")
    section.get_by_role("button", name="Final: sourced").click()
    expect(section.locator(".final-verdict")).to_have_text("sourced")

    lead_page.goto(live_server + "/")
    lead_page.get_by_role("link", name="Export", exact=True).click()
    with lead_page.expect_download() as download_info:
        lead_page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "all.csv"
    download_info.value.save_as(path)
    rows = [row for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
            if row["claim_id"] == claim_id]
    assert [(r["reviewer"], r["verdict"], r["final_verdict"], r["adjudicated_by"]) for r in rows] == [
        ("Ana", "sourced", "sourced", "Lee"), ("Ben", "speculative", "sourced", "Lee")]
