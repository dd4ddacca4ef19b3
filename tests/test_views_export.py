import csv
import io

from annotator import scales

from client_helpers import post
from client_helpers import client_for


def tag_first_claim(client, db, article_id, verdict="sourced", note=""):
    """Tag the article's first claim as the client's user; return its id."""
    claim_id = next(db.query("select id from claims where article_id = ? order by position", [article_id]))["id"]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": verdict, "note": note}, htmx=True)
    return claim_id


def test_csv_download_has_one_row_per_verdict(client, reviewer, lead_client, db, demo_article):
    claim_id = tag_first_claim(client, db, demo_article["id"], note="=cmd|' /C calc'!A0")
    response = lead_client.get("/export/verdicts.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="verdicts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["claim_id"], row["reviewer"], row["verdict"]) == (str(claim_id), "Ana", "sourced")
    assert row["article_title"] == "Xiaomi expands into South Korea"
    assert row["note"] == "'=cmd|' /C calc'!A0"
    assert row["updated_at"].endswith("Z")


def test_csv_can_be_limited_to_one_article(client, reviewer, lead_client, db, demo_article):
    tag_first_claim(client, db, demo_article["id"])
    response = lead_client.get(f"/export/verdicts.csv?article={demo_article['id']}")
    assert f'filename="verdicts-article-{demo_article["id"]}.csv"' in response.headers["Content-Disposition"]
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == 1


def test_empty_export_still_has_the_header(lead_client):
    text = lead_client.get("/export/verdicts.csv").get_data(as_text=True)
    assert text.startswith("article_id,article_title,claim_id,claim_text,key_phrase,start,end,reviewer,verdict,")
    assert text.count("\r\n") == 1


def test_jsonl_export(client, reviewer, lead_client, db, demo_article):
    tag_first_claim(client, db, demo_article["id"], verdict="unverified")
    response = lead_client.get("/export/verdicts.jsonl")
    assert response.mimetype == "application/x-ndjson"
    assert '"verdict": "unverified"' in response.get_data(as_text=True)


def test_export_of_unknown_article_or_format_is_404(lead_client):
    assert lead_client.get("/export/verdicts.csv?article=9999").status_code == 404
    assert lead_client.get("/export/verdicts.xlsx").status_code == 404


def test_reviewer_cannot_export(client, reviewer):
    assert client.get("/export/verdicts.csv").status_code == 403


def test_csv_has_final_verdict_and_structured_evidence(app, users, lead_client, db, demo_article):
    ana = client_for(app, "Ana")
    claim_id = tag_first_claim(ana, db, demo_article["id"], verdict="sourced")
    post(ana, f"/claims/{claim_id}/evidence", {
        "url": "https://example.org/a", "quote": "only official dealers", "source_type": "news report",
        "accessed_on": "2026-11-20"})
    post(ana, f"/claims/{claim_id}/evidence", {
        "url": "https://example.org/b", "source_type": "official statement", "accessed_on": "2026-11-21",
        "archive_url": "https://web.archive.org/b"})
    post(lead_client, f"/claims/{claim_id}/final", {"verdict": "unverified", "reason": "source too weak"})
    [row] = csv.DictReader(io.StringIO(lead_client.get("/export/verdicts.csv").get_data(as_text=True)))
    assert row["evidence"] == (
        "news report | https://example.org/a | “only official dealers” | accessed 2026-11-20\n"
        "official statement | https://example.org/b | accessed 2026-11-21 | archive https://web.archive.org/b")
    assert (row["final_verdict"], row["adjudicated_by"]) == ("unverified", "Lee")
    assert row["adjudicated_at"].endswith("Z")


def test_wide_csv_has_a_column_per_reviewer(app, users, lead_client, db, demo_article):
    claim_id = tag_first_claim(client_for(app, "Ana"), db, demo_article["id"], verdict="sourced")
    tag_first_claim(client_for(app, "Ben"), db, demo_article["id"], verdict="speculative")
    post(lead_client, f"/claims/{claim_id}/final", {"verdict": "sourced", "reason": "on record"})
    response = lead_client.get(f"/export/verdicts.csv?shape=wide&article={demo_article['id']}")
    assert 'filename="verdicts-wide-article-' in response.headers["Content-Disposition"]
    [row] = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    assert (row["claim_id"], row["final_verdict"], row["reviewer:Ana"], row["reviewer:Ben"]) == (
        str(claim_id), "sourced", "sourced", "speculative")


def test_export_page_offers_every_format_and_filter(lead_client):
    page = lead_client.get("/export").get_data(as_text=True)
    for text in ('name="shape"', 'name="article"', 'name="reviewer"', 'name="verdict"', 'name="since"',
                 'name="until"', "/export/snapshot.jsonl", "/export/claimreview.json", "/export/verdicts.jsonl"):
        assert text in page


def test_csv_filters_come_from_the_url(app, users, lead_client, db, demo_article):
    tag_first_claim(client_for(app, "Ana"), db, demo_article["id"], verdict="sourced")
    tag_first_claim(client_for(app, "Ben"), db, demo_article["id"], verdict="speculative")

    def reviewers(query):
        text = lead_client.get("/export/verdicts.csv" + query).get_data(as_text=True)
        return [row["reviewer"] for row in csv.DictReader(io.StringIO(text))]

    assert reviewers("") == ["Ana", "Ben"]
    assert reviewers("?reviewer=Ben") == ["Ben"]
    assert reviewers("?verdict=sourced") == ["Ana"]
    assert reviewers("?until=2000-01-01") == []
    bad = lead_client.get("/export/verdicts.csv?verdict=maybe")
    assert bad.status_code == 400 and "Unknown verdict" in bad.get_data(as_text=True)


def test_snapshot_and_claimreview_downloads(app, users, lead_client, db, demo_article):
    import json

    scales.use_scale(db, "rating", demo_article["id"])
    claim_id = tag_first_claim(client_for(app, "Ana"), db, demo_article["id"], verdict="true")
    post(lead_client, f"/claims/{claim_id}/final", {"verdict": "true", "reason": "dealers named"})
    snapshot = lead_client.get("/export/snapshot.jsonl")
    assert snapshot.headers["Content-Disposition"] == 'attachment; filename="snapshot.jsonl"'
    [record] = [json.loads(line) for line in snapshot.get_data(as_text=True).splitlines()]
    assert record["article"]["title"] == "Xiaomi expands into South Korea"
    assert record["verdicts"][0]["reviewer_id"] == "Ana"
    reviews = lead_client.get("/export/claimreview.json")
    assert reviews.mimetype == "application/ld+json"
    [review] = json.loads(reviews.get_data(as_text=True))
    assert (review["@type"], review["reviewRating"]["alternateName"]) == ("ClaimReview", "True")
    assert review["author"]["name"] == app.config["CLAIMREVIEW_ORGANISATION"]
