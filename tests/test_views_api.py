import base64

from client_helpers import PASSWORD, client_for, post


def basic(name, password=PASSWORD):
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_api_needs_credentials(client, users):
    response = client.get("/api/articles")
    assert response.status_code == 401
    assert response.json == {"error": "Log in first: send HTTP Basic credentials or a session cookie."}
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/api/articles", headers=basic("Ana", "wrong password")).status_code == 401


def test_articles_are_paginated(client, users, demo_article):
    body = client.get("/api/articles", headers=basic("Ana")).json
    assert (body["total"], body["page"], body["next"]) == (1, 1, None)
    assert body["items"][0]["title"] == "Xiaomi expands into South Korea"
    assert "text" not in body["items"][0]  # the list stays light; /api/articles/ID has the text
    article = client.get(f"/api/articles/{demo_article['id']}", headers=basic("Ana")).json
    assert article["text"].startswith("China’s Xiaomi")


def test_claims_pages_link_to_the_next_page(client, users, db, demo_article):
    total = db["claims"].count_where("article_id = ? and retired_at is null", [demo_article["id"]])
    url = f"/api/articles/{demo_article['id']}/claims?per_page=10"
    seen = []
    while url:
        body = client.get(url, headers=basic("Ana")).json
        seen += body["items"]
        url = body["next"]
    assert len(seen) == total
    assert [claim["position"] for claim in seen] == list(range(total))
    assert {"only official dealers", "legal issues"} <= {claim["key_phrase"] for claim in seen}


def test_claims_carry_checkworthiness_and_a_source_span_that_slices_the_article(app, users, db, demo_article):
    client = app.test_client()
    text = db["articles"].get(demo_article["id"])["text"]
    body = client.get(f"/api/articles/{demo_article['id']}/claims?per_page=100", headers=basic("Ana")).json
    sourced = [claim for claim in body["items"] if claim["source_start"] is not None]
    assert sourced, "the demo names its sources (the Korea Herald, the paper)"
    for claim in sourced:
        assert text[claim["source_start"]:claim["source_end"]] == claim["source"]
        assert claim["reporting_verb"] and claim["source_named"] in (0, 1)
    assert all(0 <= claim["checkworthiness"] <= 1 for claim in body["items"])
    assert any(not claim["is_claim"] for claim in body["items"])  # not every line is a claim any more


def test_reviewer_sees_only_their_own_verdicts_lead_sees_all(app, users, db, demo_article):
    claim_id = next(db.query("select id from claims order by position"))["id"]
    for name, verdict in (("Ana", "sourced"), ("Ben", "speculative")):
        post(client_for(app, name), f"/claims/{claim_id}/verdict", {"verdict": verdict, "note": f"{name}'s note"})
    client = app.test_client()
    mine = client.get("/api/verdicts", headers=basic("Ana")).json["items"]
    assert [(v["reviewer"], v["note"]) for v in mine] == [("Ana", "Ana's note")]
    everyone = client.get("/api/verdicts", headers=basic("Lee")).json["items"]
    assert sorted(v["reviewer"] for v in everyone) == ["Ana", "Ben"]


def test_session_cookie_works_for_the_api_too(client, reviewer):
    assert client.get("/api/articles").status_code == 200


def test_api_errors_are_json(client, users):
    missing = client.get("/api/articles/999", headers=basic("Ana"))
    assert (missing.status_code, missing.json["error"]) == (404, "Article 999 does not exist.")
    bad_page = client.get("/api/articles?per_page=100000", headers=basic("Ana"))
    assert bad_page.status_code == 400 and "per_page" in bad_page.json["error"]


def test_query_arguments_that_clash_with_the_route_are_not_a_crash(client, users, demo_article):
    url = f"/api/articles/{demo_article['id']}/claims?per_page=1&article_id=2&endpoint=x&_external=1"
    body = client.get(url, headers=basic("Ana")).json
    assert body["page"] == 1
    assert body["next"].startswith(f"/api/articles/{demo_article['id']}/claims?")
