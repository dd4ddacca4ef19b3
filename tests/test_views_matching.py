"""Seen before on the review page, its Reuse and Not the same buttons, GET /api/claims/ID/matches, match and reindex."""
import io
from csv import DictReader
import json

from annotator import cli
from client_helpers import PASSWORD, post

FIRST = "The company recalled 63,000 vehicles last year, the regulator said. Unemployment rose to 5% in March."
SECOND = "Last year the company recalled 63,000 of its vehicles, according to the regulator. The port reopened."


def _import(client, title, text):
    response = post(client, "/articles", {"title": title, "text": text})
    assert response.status_code == 303
    return int(response.headers["Location"].rsplit("/", 1)[1].split("?")[0])


def _claim_id(db, start):
    return next(db.query("select id from claims where text like ?", [start + "%"]))["id"]


def _desk(admin_client, lead_client, db):
    """Article one with a claim adjudicated sourced, then article two repeating it in other words."""
    first = _import(admin_client, "First report", FIRST)
    earlier = _claim_id(db, "The company recalled")
    assert post(lead_client, f"/claims/{earlier}/verdict", {"verdict": "sourced",
                "evidence_url": "https://regulator.example/recall"}).status_code == 303
    assert post(lead_client, f"/claims/{earlier}/final", {"verdict": "sourced",
                "reason": "The regulator's notice says so."}).status_code in (200, 303)
    second = _import(admin_client, "Second report", SECOND)
    return first, second, earlier, _claim_id(db, "Last year the company")


def test_a_claim_seen_before_says_so_with_the_earlier_final_verdict(admin_client, lead_client, client, reviewer, db):
    first, second, earlier, later = _desk(admin_client, lead_client, db)
    page = client.get(f"/articles/{second}").get_data(as_text=True)
    assert "Seen before: seen in 1 article" in page and "earlier final verdict: <strong>sourced</strong>" in page
    assert "Seen before" not in client.get(f"/articles/{first}").get_data(as_text=True)
    panel = client.get(f"/claims/{later}/seen-before", headers={"HX-Request": "true"})
    text = panel.get_data(as_text=True)
    assert "HX-Request" in panel.headers["Vary"] and "<html" not in text
    assert "The company recalled 63,000 vehicles last year" in text and "First report" in text
    assert "The regulator&#39;s notice says so." in text and 'Reuse “sourced”' in text
    assert "<html" in client.get(f"/claims/{later}/seen-before").get_data(as_text=True)  # works without htmx


def test_reuse_copies_the_final_verdict_as_a_plain_post_and_with_htmx(admin_client, lead_client, client, reviewer,
                                                                       db, users):
    _, second, earlier, later = _desk(admin_client, lead_client, db)
    response = post(client, f"/claims/{later}/seen-before/{earlier}/reuse")
    assert response.status_code == 303 and f"#claim-{later}" in response.headers["Location"]
    verdict = next(db.query("select * from verdicts where claim_id = ? and reviewer_id = ?", [later, users["Ana"]]))
    assert (verdict["verdict"], verdict["reused_from"]) == ("sourced", earlier)
    assert f"reused from claim {earlier}" in client.get(f"/claims/{later}/history").get_data(as_text=True)
    other = lead_client  # the lead reuses too, through htmx: the card comes back tagged
    fragment = post(other, f"/claims/{later}/seen-before/{earlier}/reuse", htmx=True).get_data(as_text=True)
    assert f'id="claim-{later}"' in fragment and "✓ Sourced" in fragment
    csv = admin_client.get("/export/verdicts.csv").get_data(as_text=True)
    rows = list(DictReader(io.StringIO(csv)))
    assert sum(row["reused_from"] == str(earlier) for row in rows) == 2


def test_not_the_same_hides_the_pair_for_good(admin_client, lead_client, client, reviewer, db):
    _, second, earlier, later = _desk(admin_client, lead_client, db)
    fragment = post(client, f"/claims/{later}/seen-before/{earlier}/reject", htmx=True)
    assert fragment.status_code == 200 and "Seen before" not in fragment.get_data(as_text=True)
    assert "Seen before" not in client.get(f"/articles/{second}").get_data(as_text=True)
    refused = post(client, f"/claims/{later}/seen-before/{earlier}/reuse", htmx=True)
    assert refused.status_code == 422 and "not the same claim" in refused.get_data(as_text=True)
    assert db["claim_matches"].count_where("status = 'rejected'") == 1  # kept, to measure precision


def test_decisions_need_the_csrf_token_and_a_login(app, admin_client, lead_client, db):
    _, _, earlier, later = _desk(admin_client, lead_client, db)
    assert lead_client.post(f"/claims/{later}/seen-before/{earlier}/reject").status_code == 400
    anonymous = app.test_client()
    assert anonymous.post(f"/claims/{later}/seen-before/{earlier}/reject").status_code in (302, 303, 400, 401)
    assert db["claim_matches"].count_where("status = 'rejected'") == 0


def test_the_api_lists_a_claims_matches(app, admin_client, lead_client, db):
    _, _, earlier, later = _desk(admin_client, lead_client, db)
    body = lead_client.get(f"/api/claims/{later}/matches").get_json()
    [item] = body["items"]
    assert (item["claim_id"], item["final_verdict"], item["status"]) == (earlier, "sourced", "suggested")
    assert item["verdicts"] == [{"reviewer": "Lee", "verdict": "sourced"}]
    assert lead_client.get(f"/api/claims/{earlier}/matches").get_json()["items"] == []
    assert lead_client.get("/api/claims/99999/matches").status_code == 404
    basic = app.test_client().get(f"/api/claims/{later}/matches", auth=("Ana", PASSWORD)).get_json()
    assert basic["items"][0]["verdicts"] == []  # a reviewer does not see the lead's own verdict


def test_cli_match_prints_json_best_first_and_an_empty_array(runner, admin_client, lead_client, db):
    _, _, earlier, later = _desk(admin_client, lead_client, db)
    result = runner.invoke(args=["match", "The company recalled 63,000 vehicles last year, the regulator said."])
    found = json.loads(result.output)
    assert [item["claim_id"] for item in found][:1] == [earlier]
    assert found[0] == {"claim_id": earlier, "text": "The company recalled 63,000 vehicles last year, the regulator "
                        "said.", "article_id": found[0]["article_id"], "score": 1.0, "auto_link": True,
                        "final_verdict": "sourced"}
    assert json.loads(runner.invoke(args=["match", "Volcanoes erupted on Mars."]).output) == []
    assert runner.invoke(args=["match", "  "]).exit_code != 0


def test_cli_import_matches_and_reindex_rebuilds(runner, tmp_path, db):
    (tmp_path / "one.txt").write_text("First\n\n" + FIRST, encoding="utf-8")
    (tmp_path / "two.txt").write_text("Second\n\n" + SECOND, encoding="utf-8")
    assert runner.invoke(args=["import", str(tmp_path / "one.txt"), str(tmp_path / "two.txt")]).exit_code == 0
    assert db["claim_matches"].count == 1
    db.execute("delete from claim_matches")
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0 and "1 matches" in result.output
    assert db["claim_matches"].count == 1
    assert cli.COMMANDS[-1].name == "reindex"


def test_cli_import_says_when_matching_ran_out_of_time(app, runner, tmp_path):
    app.config["MATCH_BUDGET_SECONDS"] = 0
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text(f"{name}\n\n" + FIRST, encoding="utf-8")
    result = runner.invoke(args=["import", str(tmp_path)])
    assert result.exit_code == 0
    assert "matched 1 of 3 articles" in result.output and "reindex" in result.output
