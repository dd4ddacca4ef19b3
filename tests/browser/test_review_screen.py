"""The review screen you can scan, in a real browser at a laptop's size: compact claim rows, their tools on focus."""
import re

from playwright.sync_api import expect

from live_db import live_rows

LAPTOP = {"width": 1366, "height": 900}
# A claim row counts as visible only when all of it is inside the window.
FULLY_VISIBLE = """() => Array.from(document.querySelectorAll('article.claim')).filter(claim => {
    const box = claim.getBoundingClientRect();
    return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""


def open_demo(make_page, live_server, login, name):
    page = make_page()
    page.set_viewport_size(LAPTOP)
    login(page, name)
    page.goto(live_server + "/articles/1")
    expect(page.locator("article.claim.current")).to_have_count(1)
    return page


def test_six_claims_fit_a_laptop_screen_on_the_demo_article(make_page, live_server, login):
    for name in ("Ana", "Lee"):  # a reviewer's page, and a lead's with its extra links and accept form
        page = open_demo(make_page, live_server, login, name)
        page.locator("#review-body .review").scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.querySelector('.claims').getBoundingClientRect().top + window.scrollY)")
        assert page.evaluate(FULLY_VISIBLE) >= 6, name
    # As the page opens, before any scrolling, a reviewer already sees six.
    page = open_demo(make_page, live_server, login, "Ana")
    assert page.evaluate(FULLY_VISIBLE) >= 6


def test_url_note_and_tools_open_for_the_focused_claim_only(make_page, live_server, login):
    page = open_demo(make_page, live_server, login, "Ana")
    claims = page.locator("article.claim")
    first, second = claims.nth(0), claims.nth(1)
    expect(first.get_by_label("Note")).to_be_visible()
    expect(second.get_by_label("Note")).to_be_hidden()
    expect(second.get_by_role("button", name="Sourced")).to_be_visible()  # the verdict buttons are always there
    page.keyboard.press("j")
    expect(second.get_by_label("Evidence URL")).to_be_visible()
    expect(first.get_by_label("Evidence URL")).to_be_hidden()
    # Tab into a claim's buttons opens it too.
    claims.nth(3).get_by_role("button", name="Speculative").focus()
    expect(claims.nth(3).get_by_label("Note")).to_be_visible()
    # "t" opens the evidence and split tools of the current claim.
    page.keyboard.press("Escape")
    page.locator("article.claim.current").focus()
    page.keyboard.press("t")
    expect(page.locator("article.claim.current").get_by_label("Source URL")).to_be_visible()


def test_without_javascript_every_claim_shows_its_fields(browser, live_server, login):
    context = browser.new_context(java_script_enabled=False, viewport=LAPTOP)
    try:
        page = context.new_page()
        login(page, "Ana")
        page.goto(live_server + "/articles/1")
        for index in (0, 5, 10):
            expect(page.locator("article.claim").nth(index).get_by_label("Note")).to_be_visible()
    finally:
        context.close()


def mark_look(page, claim_id):
    """How the first mark of a claim looks: its state class, background, underline style and the letter after it."""
    return page.locator(f'[data-article-text] mark[data-claim="{claim_id}"]').first.evaluate("""mark => {
        const style = getComputedStyle(mark), after = getComputedStyle(mark, '::after');
        return {state: [...mark.classList].filter(name => name !== 'current').join(' '), background: style.backgroundColor,
                line: style.borderBottomStyle, letter: after.content};
    }""")


def test_the_article_text_shows_each_claims_state_with_a_legend(make_page, live_server, login):
    page = open_demo(make_page, live_server, login, "Ana")
    ids = page.locator("[data-claim-list] li:not(.unlikely) article.claim").evaluate_all(
        "claims => claims.map(claim => claim.dataset.claim)")
    untagged = mark_look(page, ids[0])
    assert untagged["state"] == "" and untagged["letter"] == "none"
    # The legend names every state, drawn as the text draws it.
    legend = page.locator("#marks-legend")
    for word in ("untagged", "sourced", "speculative", "unverified", "not a claim", "current"):
        expect(legend).to_contain_text(word)
    # A tag shows at once in the text: each verdict its own colour, line and letter, so colour is not needed.
    for key in ("s", "p", "u"):
        page.keyboard.press(key)
    expect(page.locator("#progress-count")).to_contain_text("3 of")
    looks = [mark_look(page, claim_id) for claim_id in ids[:3]]
    assert [look["state"] for look in looks] == ["v-sourced", "v-speculative", "v-unverified"]
    assert [look["letter"] for look in looks] == ['"S"', '"P"', '"U"']
    assert [look["line"] for look in looks] == ["solid", "dashed", "dotted"]
    assert len({look["background"] for look in looks + [untagged]}) == 4
    # The server draws the same after a reload.
    page.reload()
    expect(page.locator("article.claim.current")).to_have_count(1)
    assert [mark_look(page, claim_id)["state"] for claim_id in ids[:4]] == [
        "v-sourced", "v-speculative", "v-unverified", ""]


def test_a_line_judged_not_check_worthy_is_plain_text_in_the_article(make_page, live_server, login):
    page = open_demo(make_page, live_server, login, "Ana")
    unlikely = page.locator("li.unlikely article.claim").first.get_attribute("data-claim")
    plain = mark_look(page, unlikely)
    assert plain["state"] == "plain" and plain["line"] == "none"
    assert plain["background"] == "rgba(0, 0, 0, 0)"


def test_clicking_a_highlight_focuses_its_claim_and_focusing_a_claim_marks_its_highlight(make_page, live_server,
                                                                                        login):
    page = open_demo(make_page, live_server, login, "Ana")
    claims = page.locator("[data-claim-list] li:not(.unlikely) article.claim")
    sixth = claims.nth(5).get_attribute("data-claim")
    page.locator(f'[data-article-text] mark[data-claim="{sixth}"]').first.click()
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", sixth)
    assert page.evaluate(f"document.getElementById('claim-{sixth}').contains(document.activeElement)")
    expect(page.locator(f"#claim-{sixth}").get_by_label("Note")).to_be_visible()
    # Focus moving to another claim (here Tab into its buttons) moves the mark in the text with it.
    ninth = claims.nth(8).get_attribute("data-claim")
    page.locator(f"#claim-{ninth}").get_by_role("button", name="Sourced").focus()
    expect(page.locator(f'[data-article-text] mark.current[data-claim="{ninth}"]').first).to_be_visible()
    expect(page.locator(f'[data-article-text] mark.current[data-claim="{sixth}"]')).to_have_count(0)


def test_keys_typed_while_the_next_page_of_claims_loads_are_kept_and_replayed(page, live_app, live_server, login):
    import time

    from annotator import store
    from annotator.db import connect
    from annotator.importing import ArticleDraft
    from test_page_weight import long_article_text

    database = connect(live_app.config["DATABASE"])
    article_id = store.add_article(database, ArticleDraft(title="A long article", text=long_article_text(80)))
    database.close()

    # The next page answers slowly, as on a busy server: keys are typed while it is on its way.
    @live_app.before_request
    def slow_second_page():
        from flask import request
        if request.args.get("page") == "2":
            time.sleep(1.0)

    login(page, "Ana")
    page.goto(f"{live_server}/articles/{article_id}")
    expect(page.locator("article.claim.current")).to_have_count(1)
    last = page.locator("article.claim").last
    for _ in range(page.locator("article.claim").count() - 1):
        page.keyboard.press("j")
    expect(last).to_have_class(re.compile(r"\bcurrent\b"))
    page.evaluate("window.__noReload = true")
    for key in ("j", "s", "p", "u"):  # past the last claim of the page, then three tags at once
        page.keyboard.press(key)
    expect(page.locator("#progress-count")).to_contain_text("3 of", timeout=10_000)
    assert page.evaluate("window.__noReload") is True  # the page changed in place
    assert "page=2" in page.url
    rows = live_rows(live_app, """select c.position, v.verdict from verdicts v join live_claims c on c.id = v.claim_id
                                  where c.article_id = ? order by c.position""", [article_id])
    # The first three claims of page 2 got the three tags, in order; nothing was tagged on the page left behind.
    assert [(row["position"], row["verdict"]) for row in rows] == [
        (25, "sourced"), (26, "speculative"), (27, "unverified")]
    expect(page.locator("article.claim.current")).to_have_attribute(
        "data-claim", page.locator("article.claim").nth(3).get_attribute("data-claim"))
