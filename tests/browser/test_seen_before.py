"""Seen before in a browser: a claim checked in one article is recognised, reworded, in the next; reuse, not the same."""
import re

from playwright.sync_api import expect

FIRST = ("Voss Motors recalled 63,000 Kestrel SUVs last year because a brake hose can crack, the regulator said. "
         "Unemployment in Harwell rose to 5% in March, the statistics office said.")
SECOND = ("Last year Voss Motors recalled 63,000 of its Kestrel SUVs because a brake hose can crack, according to "
          "the regulator. In March, unemployment in Harwell rose to 5%, the statistics office said. "
          "The company recalled 36,000 Kestrel SUVs last year.")


def _import(page, live_server, title, text) -> str:
    page.goto(live_server + "/articles/new")
    page.get_by_label("Title (optional)").fill(title)
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Import and split into claims").click()
    page.wait_for_url(re.compile(r"/articles/\d+"))
    return re.search(r"/articles/(\d+)", page.url).group(1)


def test_a_claim_seen_before_offers_the_earlier_verdict_to_reuse_or_reject(live_server, login, make_page):
    admin, lead, ana = make_page(), make_page(), make_page()
    login(admin, "Ada")
    first = _import(admin, live_server, "First report", FIRST)

    # The lead tags the recall claim and gives it a final verdict with a reason.
    login(lead, "Lee")
    lead.goto(f"{live_server}/articles/{first}")
    recall = lead.locator("article.claim", has_text="recalled 63,000 Kestrel SUVs").first
    recall.get_by_role("button", name="Sourced").click()
    expect(recall.locator(".current-verdict")).to_have_text("sourced")
    lead.goto(f"{live_server}/disagreements?all=1&article={first}")
    section = lead.locator("section.disagreement", has_text="recalled 63,000")
    section.get_by_label("Reason").fill("The regulator's recall notice lists them")
    section.get_by_role("button", name="Final: sourced").click()
    expect(section.locator(".final-verdict")).to_have_text("sourced")

    second = _import(admin, live_server, "Second report", SECOND)

    login(ana, "Ana")
    ana.goto(f"{live_server}/articles/{second}")
    reworded = ana.locator("article.claim", has_text="Last year Voss Motors recalled").first
    seen = reworded.locator("details.seen-before")
    expect(seen.locator("summary")).to_contain_text("seen in 1 article")
    expect(seen.locator("summary")).to_contain_text("earlier final verdict: sourced")
    # Other numbers are another claim: 36,000 is not offered 63,000's verdict.
    expect(ana.locator("article.claim", has_text="36,000").first.locator("details.seen-before")).to_have_count(0)

    seen.locator("summary").click()
    earlier = seen.locator("li.seen-match")
    expect(earlier).to_contain_text("Voss Motors recalled 63,000 Kestrel SUVs last year")
    expect(earlier).to_contain_text("First report")
    expect(earlier).to_contain_text("The regulator's recall notice lists them")
    earlier.get_by_role("button", name="Reuse “sourced”").click()
    reworded = ana.locator("article.claim", has_text="Last year Voss Motors recalled").first
    expect(reworded.locator(".current-verdict")).to_have_text("sourced")
    ana.goto(f"{live_server}/claims/{reworded.get_attribute('data-claim')}/history")
    expect(ana.locator("body")).to_contain_text("reused from claim")

    # The unemployment claim, seen before too, is marked not the same: it is gone, and stays gone on reload.
    ana.goto(f"{live_server}/articles/{second}")
    jobs = ana.locator("article.claim", has_text="unemployment in Harwell").first
    jobs.locator("details.seen-before summary").click()
    jobs.locator("li.seen-match").get_by_role("button", name="Not the same claim").click()
    jobs = ana.locator("article.claim", has_text="unemployment in Harwell").first
    expect(jobs.locator("details.seen-before")).to_have_count(0)
    ana.reload()
    expect(ana.locator("article.claim", has_text="unemployment in Harwell").first
           .locator("details.seen-before")).to_have_count(0)
