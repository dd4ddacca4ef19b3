"""Reviewing with the keyboard only, in a real browser: move, tag, undo, fields, the keys panel, and filters."""
from pathlib import Path

from playwright.sync_api import expect

from live_db import live_rows

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def my_verdicts(live_app, name):
    return [(row["position"], row["verdict"]) for row in live_rows(
        live_app, """select c.position, v.verdict from verdicts v join live_claims c on c.id = v.claim_id
                     join reviewers r on r.id = v.reviewer_id where r.name = ? order by c.position""", [name])]


def suggestions(live_app):
    return [row["suggestion"] for row in live_rows(
        live_app, "select suggestion from live_claims where article_id = 1 order by position")]


def open_review(page, live_server, login, name="Ana"):
    login(page, name)
    page.goto(live_server + "/articles/1")
    expect(page.locator("article.claim.current")).to_have_count(1)


def current_id(page):
    return page.locator("article.claim.current").get_attribute("data-claim")


def test_ten_claims_tagged_with_the_keyboard_only_are_saved(page, live_server, login, live_app):
    open_review(page, live_server, login)
    first = page.locator("article.claim").first.get_attribute("data-claim")
    assert current_id(page) == first  # the first claim left to tag is current from the start
    for key in ("s", "p", "u", "1", "2", "3", "s", "p", "u", "a"):
        page.keyboard.press(key)
    expect(page.locator("#progress-count")).to_contain_text("10 of")
    expect(page.locator("article.claim.tagged")).to_have_count(10)
    verdicts = ["sourced", "speculative", "unverified"] * 3
    assert my_verdicts(live_app, "Ana") == list(enumerate(verdicts + [suggestions(live_app)[9]]))
    # Each tag moved on to the next untagged claim: the eleventh is current now.
    assert current_id(page) == page.locator("article.claim").nth(10).get_attribute("data-claim")


def test_j_and_k_move_the_current_claim_highlighted_in_list_and_article(page, live_server, login):
    open_review(page, live_server, login)
    claims = page.locator("article.claim")
    page.keyboard.press("j")
    page.keyboard.press("ArrowDown")
    third = claims.nth(2).get_attribute("data-claim")
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", third)
    expect(page.locator(f"#claim-{third}")).to_be_focused()
    expect(page.locator(f'mark.current[data-claim="{third}"]').first).to_be_visible()
    expect(page.locator("mark.current")).to_have_count(page.locator(f'mark[data-claim="{third}"]').count())
    page.keyboard.press("k")
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", claims.nth(1).get_attribute("data-claim"))
    # Clicking a claim in the article text makes it current.
    page.locator(f'mark[data-claim="{third}"]').first.click()
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", third)


def test_z_undoes_the_last_change(page, live_server, login, live_app):
    open_review(page, live_server, login)
    first = current_id(page)
    page.keyboard.press("s")
    page.keyboard.press("u")
    expect(page.locator("#progress-count")).to_contain_text("2 of")
    page.keyboard.press("z")
    expect(page.locator("#progress-count")).to_contain_text("1 of")
    assert my_verdicts(live_app, "Ana") == [(0, "sourced")]
    page.keyboard.press("z")
    expect(page.locator("#progress-count")).to_contain_text("0 of")
    expect(page.locator("article.claim.current")).to_have_attribute("data-claim", first)
    assert my_verdicts(live_app, "Ana") == []


def test_keys_do_nothing_while_typing_and_escape_leaves_the_field(page, live_server, login, live_app):
    open_review(page, live_server, login)
    claim = page.locator("article.claim.current")
    page.keyboard.press("n")
    note = claim.get_by_label("Note")
    expect(note).to_be_focused()
    page.keyboard.type("spus zz a")
    expect(note).to_have_value("spus zz a")
    page.keyboard.press("Escape")
    expect(claim).to_be_focused()
    page.keyboard.press("e")
    expect(claim.get_by_label("Evidence URL")).to_be_focused()
    page.keyboard.press("Escape")
    page.get_by_label("Search claims").fill("sjk")
    assert my_verdicts(live_app, "Ana") == []
    expect(page.locator("#progress-count")).to_contain_text("0 of")


def test_question_mark_shows_the_keys_and_escape_hides_them(page, live_server, login):
    open_review(page, live_server, login)
    help_panel = page.locator("#keys-help")
    expect(help_panel.get_by_role("heading", name="Keyboard keys")).to_be_hidden()
    page.keyboard.press("?")
    expect(help_panel.get_by_role("heading", name="Keyboard keys")).to_be_visible()
    expect(help_panel).to_contain_text("accept the suggested verdict")
    page.keyboard.press("Escape")
    expect(help_panel.get_by_role("heading", name="Keyboard keys")).to_be_hidden()


def test_filter_by_the_form_is_in_the_url(page, live_server, login):
    open_review(page, live_server, login)
    page.keyboard.press("s")
    expect(page.locator("#progress-count")).to_contain_text("1 of")
    page.get_by_label("Show").select_option("tagged")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/articles/1?show=tagged*")
    expect(page.locator("article.claim")).to_have_count(1)
    page.get_by_label("Show").select_option("all")
    page.get_by_label("Search claims").fill("legal issues")
    page.get_by_label("Search claims").press("Enter")
    page.wait_for_url("**q=legal+issues*")
    expect(page.locator("article.claim")).to_have_count(1)
    expect(page.locator("article.claim")).to_contain_text("legal issues")


def test_screenshot_of_the_review_page(page, live_server, login):
    open_review(page, live_server, login)
    page.set_viewport_size({"width": 1400, "height": 900})
    for key in ("s", "p", "a", "j"):
        page.keyboard.press(key)
    expect(page.locator("#progress-count")).to_contain_text("3 of")
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "review-page.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.screenshot(path=str(ARTIFACTS / "review-page-phone.png"))


def unlikely_positions(live_app):
    return [row["position"] for row in live_rows(
        live_app, "select position from live_claims where article_id = 1 and not is_claim order by position")]


def test_claims_judged_not_check_worthy_are_folded_and_f_shows_them(page, live_server, login, live_app):
    folded = unlikely_positions(live_app)
    assert folded, "the demo article has lines the pipeline judges not check-worthy"
    open_review(page, live_server, login)
    claims = page.locator("article.claim")
    total = claims.count()
    expect(page.locator("article.claim:visible")).to_have_count(total - len(folded))
    expect(page.locator("[data-fold-toggle]")).to_contain_text(f"Show {len(folded)} unlikely claim")
    # j walks the visible claims only: it never lands on a folded one.
    for _ in range(total - len(folded) + 2):
        page.keyboard.press("j")
        assert not page.locator("article.claim.current").evaluate("c => !!c.closest('li.unlikely')")
    page.keyboard.press("f")
    expect(page.locator("article.claim:visible")).to_have_count(total)
    expect(page.locator("[data-fold-toggle]")).to_have_attribute("aria-expanded", "true")
    unlikely = page.locator("li.unlikely article.claim").first
    expect(unlikely.locator(".not-claim-note")).to_contain_text("Not a claim")
    expect(unlikely.locator(".checkworthiness")).to_contain_text("Check-worthy")
    page.keyboard.press("f")
    expect(page.locator("article.claim:visible")).to_have_count(total - len(folded))


def test_most_check_worthy_first_reorders_the_list_and_shows_each_source(page, live_server, login, live_app):
    login(page, "Ana")
    page.goto(live_server + "/articles/1")
    page.select_option("select[name=sort]", "checkworthy")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**sort=checkworthy**")
    expect(page.locator("article.claim.current")).to_have_count(1)
    page.keyboard.press("f")
    scores = [int(text.rstrip(" %")) for text in page.locator(".checkworthiness strong").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and len(scores) > 10
    source = page.locator("p.source q").first
    expect(source).not_to_be_empty()
    [text] = [row["text"] for row in live_rows(live_app, "select text from articles where id = 1")]
    start, end = int(source.get_attribute("data-source-start")), int(source.get_attribute("data-source-end"))
    assert text[start:end] == source.inner_text()
