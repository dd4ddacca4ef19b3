"""In Chromium: type words in the search box, see the matches highlighted, follow one to its claim."""
import re

from playwright.sync_api import expect

from test_accessibility import serious_violations


def test_typed_words_show_highlighted_results_that_lead_to_the_claim(page, live_server, login):
    login(page, "Ana")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Words or a").fill('"legal issues"')
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator("#search-results")
    expect(results.get_by_role("heading", level=2)).to_have_text("1 claim found")
    expect(results.locator("mark").first).to_have_text("legal issues")
    # htmx swapped the results and put the search in the address bar, so it can be bookmarked or sent.
    expect(page).to_have_url(live_server + "/search?q=%22legal+issues%22")
    results.get_by_role("link", name="Xiaomi expands into South Korea").click()
    expect(page).to_have_url(re.compile(r"/articles/1\?claim=\d+#claim-\d+"))
    claim_id = re.search(r"#claim-(\d+)", page.url).group(1)
    expect(page.locator(f"#claim-{claim_id}")).to_contain_text("legal issues")


def test_a_refused_date_says_so_where_the_results_would_be(page, live_server, login):
    login(page, "Ana")
    page.goto(live_server + "/search?q=Xiaomi&since=someday")
    expect(page.locator("#search-error")).to_have_text("The since date must be a date like 2026-11-25.")


def test_the_search_page_has_no_serious_accessibility_problem(page, live_server, login):
    login(page, "Ana")
    page.goto(live_server + "/search?q=Xiaomi")
    assert serious_violations(page) == []


def test_results_follow_the_words_as_they_are_typed(page, live_server, login):
    login(page, "Ana")
    page.goto(live_server + "/search")
    page.get_by_label("Words or a").press_sequentially("hoverboa*", delay=20)
    results = page.locator("#search-results")
    expect(results.locator("mark").first).to_contain_text("hoverboard")
    expect(page).to_have_url(live_server + "/search?q=hoverboa*")
