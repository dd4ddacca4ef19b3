"""Fixing the split in a real browser: merge, split at the cursor, add a claim by selecting text in the article."""
import pytest
from playwright.sync_api import expect

from annotator import edits
from annotator.db import connect
from live_db import let_reviewers_fix_the_split, live_claims

# Selects article text between two offsets (or puts the cursor there), as a reader's mouse would, then lets
# the page see the mouse let go.
SELECT_JS = """([selector, start, end]) => {
  const box = document.querySelector(selector);
  const point = (offset) => {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let seen = 0, node;
    while ((node = walker.nextNode())) {
      if (offset <= seen + node.length) { return [node, offset - seen]; }
      seen += node.length;
    }
  };
  const [from, to] = [point(start), point(end)];
  window.getSelection().setBaseAndExtent(from[0], from[1], to[0], to[1]);
  document.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


@pytest.fixture(autouse=True)
def reviewers_may_fix_the_split(live_app):
    let_reviewers_fix_the_split(live_app)


def open_tools(page, claim_id):
    claim = page.locator(f"#claim-{claim_id}")
    claim.focus()  # a claim's tools open once it is the current one
    claim.get_by_text("Evidence · fix the split").click()
    expect(claim.get_by_role("button", name="Split in two")).to_be_visible()
    return claim


def test_merge_then_split_back_at_the_cursor(page, live_server, login, live_app):
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    first, second = live_claims(live_app)[:2]
    page.evaluate("window.__noReload = true")
    claim = open_tools(page, first["id"])
    claim.get_by_role("button", name="Merge with the claim after (2.)").click()
    merged = page.locator("article.claim.current")
    expect(merged.locator(".claim-text")).to_contain_text("South Korea. The land of Samsung")
    now = live_claims(live_app)
    assert now[0]["edit"] == f"merge of {first['id']} and {second['id']}"
    assert merged.get_attribute("data-claim") == str(now[0]["id"])
    assert page.evaluate("window.__noReload") is True  # htmx swapped the list and the article text in place
    assert page.url.endswith(f"?claim={now[0]['id']}")
    expect(page.locator(f'mark[data-claim="{now[0]["id"]}"]')).to_have_count(1)

    claim = open_tools(page, now[0]["id"])
    # The cursor goes just before "The land": the split point, counted from the claim's own text.
    at = second["start"] - first["start"]
    page.evaluate(SELECT_JS, [f"#claim-{now[0]['id']} .claim-text", at, at])
    claim.get_by_role("button", name="Use the cursor").click()
    expect(claim.get_by_label("Split after character")).to_have_value(str(at))
    expect(claim.locator("[data-split-preview]")).to_contain_text("| “The land of Samsung")
    claim.get_by_role("button", name="Split in two").click()
    expect(page.locator("article.claim").first).to_have_attribute("data-claim", str(now[0]["id"] + 1))
    after = live_claims(live_app)
    assert [c["text"] for c in after[:2]] == [first["text"], second["text"]]
    assert [c["edit"] for c in after[:2]] == [f"split of {now[0]['id']}"] * 2
    assert page.evaluate("window.__noReload") is True


def test_a_claim_added_by_selecting_text_in_the_article(page, live_server, login, live_app):
    # Claim 4 is cut short first, so the end of its sentence is text no claim covers.
    claim = live_claims(live_app)[3]
    cut = claim["text"].index(" to ensure")
    database = connect(live_app.config["DATABASE"])
    edits.set_boundaries(database, claim["id"], claim["start"], claim["start"] + cut, actor_id=1)
    database.close()
    freed = claim["text"][cut + 1:]

    login(page, "Ben")
    page.goto(live_server + "/articles/1")
    start = claim["start"] + cut + 1
    page.evaluate(SELECT_JS, ["[data-article-text]", start, claim["end"]])
    form = page.locator("#add-claim")
    expect(form.get_by_label("From character")).to_have_value(str(start))
    expect(form.get_by_label("to character")).to_have_value(str(claim["end"]))
    expect(form.locator("[data-selection-preview]")).to_have_text(f"“{freed}”")
    form.get_by_role("button", name="Add claim").click()
    added = page.locator("article.claim.current")
    expect(added.locator(".claim-text")).to_have_text(freed)
    row = next(c for c in live_claims(live_app) if c["edit"] == "added")
    assert (row["text"], row["start"], row["end"]) == (freed, start, claim["end"])
    expect(page.locator(f'mark.current[data-claim="{row["id"]}"]')).to_have_text(freed)
    # The new claim is tagged with a key like any other.
    page.keyboard.press("u")
    expect(page.locator(f"#claim-{row['id']} .current-verdict")).to_have_text("unverified")


def test_a_refused_edit_shows_its_message_beside_the_form(page, live_server, login, live_app):
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    first, second = live_claims(live_app)[:2]
    claim = open_tools(page, first["id"])
    claim.get_by_label("End").fill(str(second["start"] + 4))
    claim.get_by_role("button", name="Set boundaries").click()
    expect(page.locator(f"#claim-{first['id']}-boundaries-error")).to_contain_text("That would overlap claim 2")
    expect(page.locator(f"#claim-{first['id']}").get_by_label("End")).to_have_value(str(second["start"] + 4))
    assert live_claims(live_app)[:2] == [first, second]


def test_evidence_added_from_the_opened_forms_replaces_the_claim(page, live_server, login, live_app):
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    claim_id = live_claims(live_app)[2]["id"]
    claim = open_tools(page, claim_id)
    claim.get_by_label("Source URL").fill("https://example.org/report")
    claim.get_by_label("Source type").select_option("news report")
    claim.get_by_role("button", name="Add evidence").click()
    row = page.locator(f"#claim-{claim_id}")
    expect(row.locator(".evidence-items")).to_contain_text("https://example.org/report")
    expect(page.locator("article.claim article.claim")).to_have_count(0)  # swapped whole, not nested
    expect(row.get_by_role("button", name="Split in two")).to_be_hidden()
