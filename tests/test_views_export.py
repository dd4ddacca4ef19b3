import csv
import io

from client_helpers import post


def tag_first_claim(client, db, article_id, verdict="sourced", note=""):
    claim_id = next(db.query("select id from claims where article_id = ? order by position", [article_id]))["id"]
    post(client, f"/claims/{claim_id}/verdict", {"verdict": verdict, "note": note}, htmx=True)
    return claim_id


def test_csv_download_has_one_row_per_verdict(client, reviewer, db, demo_article):
    claim_id = tag_first_claim(client, db, demo_article["id"], note="=cmd|' /C calc'!A0")
    response = client.get("/export/verdicts.csv")
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


def test_csv_can_be_limited_to_one_article(client, reviewer, db, demo_article):
    tag_first_claim(client, db, demo_article["id"])
    response = client.get(f"/export/verdicts.csv?article={demo_article['id']}")
    assert f'filename="verdicts-article-{demo_article["id"]}.csv"' in response.headers["Content-Disposition"]
    assert len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))) == 1


def test_empty_export_still_has_the_header(client):
    text = client.get("/export/verdicts.csv").get_data(as_text=True)
    assert text.startswith("article_id,article_title,claim_id,claim_text,key_phrase,start,end,reviewer,verdict,")
    assert text.count("\r\n") == 1


def test_jsonl_export(client, reviewer, db, demo_article):
    tag_first_claim(client, db, demo_article["id"], verdict="unverified")
    response = client.get("/export/verdicts.jsonl")
    assert response.mimetype == "application/x-ndjson"
    assert '"verdict": "unverified"' in response.get_data(as_text=True)


def test_export_of_unknown_article_or_format_is_404(client):
    assert client.get("/export/verdicts.csv?article=9999").status_code == 404
    assert client.get("/export/verdicts.xlsx").status_code == 404
