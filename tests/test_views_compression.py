"""Pages, static files and exports go compressed to a browser that asks, and static files are cached by version."""
import gzip
import re

import brotli
from client_helpers import post


def _static_links(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_the_review_page_goes_brotli_compressed_to_a_browser_that_takes_it(reviewer, client, demo_article):
    plain = client.get(f"/articles/{demo_article['id']}").get_data()
    response = client.get(f"/articles/{demo_article['id']}", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    # The page's CSRF tokens carry the second they were signed in: two loads may differ there, and only there.
    assert without_tokens(brotli.decompress(response.get_data())) == without_tokens(plain)
    assert len(response.get_data()) < len(plain) / 3


def without_tokens(page: bytes) -> bytes:
    page = re.sub(rb'(name="csrf_token" value=")[^"]+"', rb'\1"', page)
    return re.sub(rb'("X-CSRFToken": ")[^"]+"', rb'\1"', page)


def test_a_client_that_asks_for_nothing_gets_plain_text(reviewer, client, demo_article):
    response = client.get(f"/articles/{demo_article['id']}")
    assert "Content-Encoding" not in response.headers
    assert b"Xiaomi" in response.get_data()


def test_a_streamed_csv_export_arrives_whole_under_gzip(client, reviewer, lead_client, db, demo_article):
    claim_ids = [row["id"] for row in db.query("select id from claims where article_id = ?", [demo_article["id"]])]
    for claim_id in claim_ids:
        post(client, f"/claims/{claim_id}/verdict", {"verdict": "sourced", "note": "checked"}, htmx=True)
    plain = lead_client.get("/export/verdicts.csv").get_data()
    response = lead_client.get("/export/verdicts.csv", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.get_data()) == plain
    assert plain.count(b"\n") == len(claim_ids) + 1


def test_every_static_file_a_page_links_has_a_content_version_and_is_cached_for_a_year(reviewer, client, demo_article):
    links = _static_links(client.get(f"/articles/{demo_article['id']}").get_data(as_text=True))
    assert any("htmx" in link for link in links)
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{10}$", link), link
        response = client.get(link)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_changed_static_file_gets_a_new_address(app, tmp_path):
    (tmp_path / "app.css").write_text("body { color: black }")
    app.static_folder = str(tmp_path)
    app.debug = True  # re-read on every link, as a developer editing the file would expect
    with app.test_request_context():
        from flask import url_for
        before = url_for("static", filename="app.css")
        (tmp_path / "app.css").write_text("body { color: navy }")
        after = url_for("static", filename="app.css")
    assert before != after


def test_a_static_file_asked_for_without_a_version_is_not_cached_for_a_year(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
