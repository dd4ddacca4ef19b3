"""The search page, its CSV and GET /api/claims?q=: who may search, what they see, and every refusal a message."""
import base64
import re

import pytest

from annotator import lifecycle
from client_helpers import PASSWORD, client_for, post


def basic(name, password=PASSWORD):
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _claim(db, phrase):
    return next(db.query("select * from claims where text like ?", [f"%{phrase}%"]))


def _results(page: str) -> list[str]:
    return re.findall(r'id="result-(\d+)"', page)


def test_anonymous_visitors_go_to_the_login_page(client, users):
    response = client.get("/search?q=Xiaomi")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/search?q%3DXiaomi"


def test_the_api_asks_anonymous_scripts_for_credentials(client, users):
    response = client.get("/api/claims?q=Xiaomi")
    assert response.status_code == 401
    assert response.json["error"].startswith("Log in first")


def test_every_logged_in_user_finds_the_search_page_in_the_navigation(app, users):
    for name in ("Ana", "Lee", "Ada"):
        page = client_for(app, name).get("/").get_data(as_text=True)
        assert 'href="/search">Search</a>' in page


def test_a_phrase_search_shows_the_claim_highlighted_with_a_link_to_it_on_its_review_page(app, users, db,
                                                                                         demo_article):
    claim = _claim(db, "legal issues")
    page = client_for(app, "Ana").get('/search?q="legal issues"').get_data(as_text=True)
    assert _results(page) == [str(claim["id"])]
    assert "<mark>legal issues</mark>" in page
    assert f'href="/articles/{demo_article["id"]}?claim={claim["id"]}#claim-{claim["id"]}"' in page
    assert "Xiaomi expands into South Korea</a>" in page
    assert "Found in: text, key phrase" in page
    assert 'value="&#34;legal issues&#34;"' in page or 'value="&quot;legal issues&quot;"' in page


def test_the_search_box_without_words_shows_no_results_yet(app, users, demo_article):
    page = client_for(app, "Ana").get("/search").get_data(as_text=True)
    assert "Type words to search every claim" in page
    assert _results(page) == []


def test_a_note_with_a_script_shows_as_text_in_the_results(app, users, db, demo_article):
    claim = _claim(db, "legal issues")
    ana = client_for(app, "Ana")
    post(ana, f"/claims/{claim['id']}/verdict", {"verdict": "sourced", "note": "<script>alert(1)</script> lawsuit"})
    page = ana.get("/search?q=lawsuit").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>lawsuit</mark>" in page
    assert "Note by Ana" in page
    assert "Verdicts: Ana: <strong>sourced</strong>" in page


def test_a_reviewer_does_not_find_another_reviewers_note_a_lead_does(app, users, db, demo_article):
    claim = _claim(db, "legal issues")
    post(client_for(app, "Ben"), f"/claims/{claim['id']}/verdict", {"verdict": "unverified", "note": "subpoena"})
    assert _results(client_for(app, "Ana").get("/search?q=subpoena").get_data(as_text=True)) == []
    lead_page = client_for(app, "Lee").get("/search?q=subpoena").get_data(as_text=True)
    assert _results(lead_page) == [str(claim["id"])]
    assert "Ben: <strong>unverified</strong>" in lead_page
    # Nor does a reviewer see Ben's verdict on a claim found by its own words.
    assert "Ben:" not in client_for(app, "Ana").get('/search?q="legal issues"').get_data(as_text=True)


def test_a_reviewer_filtering_by_another_reviewer_gets_a_message(app, users, demo_article):
    response = client_for(app, "Ana").get("/search?q=Xiaomi&reviewer=Ben")
    assert response.status_code == 422
    assert "A reviewer sees only their own verdicts" in response.get_data(as_text=True)


def test_a_bad_date_is_refused_with_a_message_as_a_page_and_as_htmx(app, users, demo_article):
    ana = client_for(app, "Ana")
    page = ana.get("/search?q=Xiaomi&since=yesterday")
    assert page.status_code == 422
    assert "The since date must be a date like 2026-11-25." in page.get_data(as_text=True)
    assert "<h1>Search</h1>" in page.get_data(as_text=True)
    fragment = ana.get("/search?q=Xiaomi&until=2026-02-30", headers={"HX-Request": "true"})
    assert fragment.status_code == 422
    body = fragment.get_data(as_text=True)
    assert body.startswith('<section id="search-results"') and "The until date must be" in body


@pytest.mark.parametrize("query", ['"', "AND", "(", "NEAR(", "-", "*", "x" * 5000, '"legal', "Xiaomi OR", "a:b"])
def test_a_query_fts_cannot_parse_is_never_a_server_error(app, users, demo_article, query):
    ana = client_for(app, "Ana")
    page = ana.get("/search", query_string={"q": query})
    assert page.status_code in (200, 422)
    if page.status_code == 422:
        assert 'class="error"' in page.get_data(as_text=True)
    api = ana.get("/api/claims", query_string={"q": query})
    assert api.status_code in (200, 400)
    if api.status_code == 400:
        assert api.json["error"]


def test_the_api_refuses_a_query_without_words_with_a_clear_message(client, users, demo_article):
    response = client.get("/api/claims?q=*", headers=basic("Ana"))
    assert response.status_code == 400
    assert response.json == {"error": "The search holds no word to look for: type letters or numbers."}


def test_htmx_gets_only_the_results_and_the_response_varies_on_it(app, users, demo_article):
    ana = client_for(app, "Ana")
    fragment = ana.get("/search?q=Xiaomi", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.get_data(as_text=True).startswith('<section id="search-results"')
    assert "<h1>" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    assert fragment.headers["HX-Push-Url"] == "/search?q=Xiaomi"
    assert "<h1>Search</h1>" in ana.get("/search?q=Xiaomi").get_data(as_text=True)


def test_results_are_paged_by_25_and_the_page_links_keep_the_filters(app, users, db, demo_article):
    # The demo holds fewer claims: add an article of 30 claims that all say "bridge".
    from annotator import store
    from annotator.importing import ArticleDraft
    store.add_article(db, ArticleDraft(title="Bridges", text=" ".join(
        f"Officials said bridge {n} opened." for n in range(30)), url="", author="", published="", source="paste",
        filename=""))
    ana = client_for(app, "Ana")
    first = ana.get("/search?q=bridge&final=none").get_data(as_text=True)
    assert len(_results(first)) == 25
    assert "page 1 of 2" in first
    assert 'href="/search?page=2&amp;q=bridge&amp;final=none"' in first
    second = ana.get("/search?q=bridge&final=none&page=2").get_data(as_text=True)
    assert len(_results(second)) == 5 and not set(_results(first)) & set(_results(second))
    assert 'href="/search?page=1&amp;q=bridge&amp;final=none" rel="prev"' in second
    assert len(_results(ana.get("/search?q=bridge&page=abc").get_data(as_text=True))) == 25


def test_archived_articles_are_out_of_the_results_unless_a_filter_takes_them_in(app, users, db, demo_article):
    lifecycle.archive_article(db, demo_article["id"], users["Lee"])
    ana = client_for(app, "Ana")
    assert _results(ana.get("/search?q=Xiaomi").get_data(as_text=True)) == []
    page = ana.get("/search?q=Xiaomi&archived=include").get_data(as_text=True)
    assert _results(page) and "· archived" in page


def test_retired_claims_are_out_unless_included_and_then_say_retired(app, users, db, demo_article):
    claim = _claim(db, "legal issues")
    db.execute("update claims set retired_at = '2026-11-25T10:00:00Z' where id = ?", [claim["id"]])
    ana = client_for(app, "Ana")
    assert _results(ana.get('/search?q="legal issues"').get_data(as_text=True)) == []
    page = ana.get('/search?q="legal issues"&claims=all').get_data(as_text=True)
    assert _results(page) == [str(claim["id"])]
    assert "retired</strong>" in page
    assert f'href="/claims/{claim["id"]}/history"' in page


def test_the_csv_of_the_results_has_its_header_and_one_row_per_claim(app, users, db, demo_article):
    claim = _claim(db, "legal issues")
    response = client_for(app, "Ana").get('/search.csv?q="legal issues"')
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="search-results.csv"'
    lines = response.get_data(as_text=True).split("\r\n")
    assert lines[0] == ("article_id,article_title,claim_id,claim_text,key_phrase,claim_status,verdicts,"
                        "final_verdict,matched_in")
    assert lines[1].startswith(f"{demo_article['id']},Xiaomi expands into South Korea,{claim['id']},")
    assert lines[1].endswith(",live,,,text; key phrase") and lines[2:] == [""]


def test_the_results_link_to_their_csv_with_the_same_search(app, users, demo_article):
    page = client_for(app, "Ana").get("/search?q=Xiaomi&claims=all").get_data(as_text=True)
    assert 'href="/search.csv?q=Xiaomi&amp;claims=all"' in page


def test_a_bad_csv_search_is_a_400_with_the_message(app, users, demo_article):
    response = client_for(app, "Ana").get("/search.csv?q=Xiaomi&verdict=maybe")
    assert response.status_code == 400
    assert "Unknown verdict" in response.get_data(as_text=True)


def test_the_api_answers_pages_of_claims_in_its_usual_shape(client, users, db, demo_article):
    body = client.get("/api/claims?q=Xiaomi&per_page=2", headers=basic("Ana")).json
    assert set(body) == {"items", "page", "per_page", "total", "next"}
    assert body["total"] > 2 and body["next"] == "/api/claims?q=Xiaomi&page=2&per_page=2"
    item = body["items"][0]
    assert set(item) == {"id", "article_id", "article_title", "text", "key_phrase", "status", "verdicts",
                         "final_verdict", "matched_in"}
    assert "<mark>" not in item["text"]
    seen, url = [], "/api/claims?q=Xiaomi&per_page=2"
    while url:
        page = client.get(url, headers=basic("Ana")).json
        seen += [claim["id"] for claim in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == body["total"]


def test_the_api_refuses_bad_filters_and_pages_as_the_rest_of_the_api_does(client, users, demo_article):
    assert client.get("/api/claims?q=Xiaomi&since=soon", headers=basic("Ana")).json == {
        "error": "The since date must be a date like 2026-11-25."}
    response = client.get("/api/claims?q=Xiaomi&page=0", headers=basic("Ana"))
    assert response.status_code == 400 and "page is a whole number" in response.json["error"]
    assert client.get("/api/claims?q=Xiaomi&article=abc", headers=basic("Ana")).status_code == 400


def test_the_api_shows_a_reviewer_only_their_own_verdicts(app, client, users, db, demo_article):
    claim = _claim(db, "legal issues")
    for name, verdict in (("Ana", "sourced"), ("Ben", "speculative")):
        post(client_for(app, name), f"/claims/{claim['id']}/verdict", {"verdict": verdict})
    mine = client.get('/api/claims?q="legal issues"', headers=basic("Ana")).json["items"][0]
    assert mine["verdicts"] == [{"reviewer": "Ana", "verdict": "sourced"}]
    everyone = client.get('/api/claims?q="legal issues"', headers=basic("Lee")).json["items"][0]
    assert [v["reviewer"] for v in everyone["verdicts"]] == ["Ana", "Ben"]


def test_an_empty_box_with_the_default_filters_shows_the_hint_not_every_claim(app, users, demo_article):
    ana = client_for(app, "Ana")
    page = ana.get("/search?q=&article=&claims=live&archived=exclude").get_data(as_text=True)
    assert "Type words to search every claim" in page and _results(page) == []
    fragment = ana.get("/search?q=&claims=live&archived=exclude", headers={"HX-Request": "true"})
    assert fragment.headers["HX-Push-Url"] == "/search"
    assert _results(ana.get("/search?q=&claims=all").get_data(as_text=True))  # a filter of its own lists claims


def test_a_page_past_the_last_one_links_back_to_the_first(app, users, demo_article):
    page = client_for(app, "Ana").get("/search?q=Xiaomi&page=40").get_data(as_text=True)
    assert _results(page) == []
    assert 'This page is past the last one: <a href="/search?q=Xiaomi">go to the first page</a>' in page
