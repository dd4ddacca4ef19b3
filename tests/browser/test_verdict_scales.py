"""A truth scale chosen for an article: its buttons and keys on the review page, and its rating in ClaimReview."""
import json

from playwright.sync_api import expect

from live_db import live_rows


def test_a_truth_scale_shows_its_buttons_and_keys_and_exports_its_rating(live_server, login, live_app, tmp_path,
                                                                         make_page):
    admin, ana, ben, lead = make_page(), make_page(), make_page(), make_page()
    login(admin, "Ada")
    admin.goto(live_server + "/admin/scales")
    form = admin.locator("form", has=admin.get_by_role("button", name="Use this scale"))
    form.get_by_label("Scale").select_option("rating")
    form.get_by_label("For").select_option("1")
    form.get_by_role("button", name="Use this scale").click()
    expect(admin.get_by_text("Article 1 now uses the scale 'rating'.")).to_be_visible()

    login(ana, "Ana")
    ana.goto(live_server + "/articles/1")
    first = ana.locator("article.claim").first
    expect(first.locator("button.verdict")).to_have_text(
        ["True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven"])
    expect(first.get_by_role("button", name="Sourced")).to_have_count(0)
    expect(first.get_by_role("button", name="Mostly true")).to_have_attribute(
        "title", "Accurate but needs clarification or context. (key m or 2; h: the guidelines)")
    # The keys panel lists the scale's keys.
    ana.keyboard.press("?")
    expect(ana.locator("#keys-help")).to_contain_text("tag mostly false, go to the next untagged claim")
    ana.keyboard.press("Escape")
    expect(ana.locator("article.claim.current")).to_have_count(1)
    claim_id = ana.locator("article.claim.current").get_attribute("data-claim")
    # A letter key and a digit key of the scale tag the current claim, then the next.
    ana.keyboard.press("m")
    ana.keyboard.press("5")
    expect(ana.locator("#progress-count")).to_contain_text("2 of")
    expect(ana.locator(f"#claim-{claim_id} .current-verdict")).to_have_text("mostly true")
    pressed = ana.locator(f'#claim-{claim_id} button.verdict[aria-pressed="true"]')
    expect(pressed).to_have_text("✓ Mostly true")
    # The value's colour comes from /scales.css (no inline style: the Content-Security-Policy forbids it).
    expect(pressed).to_have_css("background-color", "rgb(77, 122, 30)")
    rows = live_rows(live_app, """select c.id, v.verdict from verdicts v join live_claims c on c.id = v.claim_id
                                  where c.article_id = 1 order by c.position""")
    assert [row["verdict"] for row in rows] == ["mostly true", "false"]
    assert str(rows[0]["id"]) == claim_id

    login(ben, "Ben")
    ben.goto(live_server + f"/articles/1#claim-{claim_id}")
    ben.locator(f"#claim-{claim_id}").get_by_role("button", name="Mostly false").click()
    expect(ben.locator(f"#claim-{claim_id} .current-verdict")).to_have_text("mostly false")

    login(lead, "Lee")
    lead.goto(live_server + "/disagreements?article=1")
    section = lead.locator("section.disagreement")
    expect(section).to_have_count(1)
    section.get_by_label("Reason").fill("The figure is right, the comparison is not")
    section.get_by_role("button", name="Final: mostly true").click()
    expect(section.locator(".final-verdict")).to_have_text("mostly true")

    lead.goto(live_server + "/export")
    with lead.expect_download() as download_info:
        lead.get_by_role("link", name="ClaimReview (schema.org JSON-LD)").click()
    path = tmp_path / "claimreview.json"
    download_info.value.save_as(path)
    [review] = json.loads(path.read_text(encoding="utf-8"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": 4,
                                      "bestRating": 5, "worstRating": 1}
    assert review["reviewBody"] == "The figure is right, the comparison is not"
    assert len(review["claimReviewed"]) < 75
    assert review["itemReviewed"]["@type"] == "Claim"
