import re

from client_helpers import post
from client_helpers import client_for


def first_claims(db, article_id, count=3):
    return [row["id"] for row in db.query(
        "select id from claims where article_id = ? order by position limit ?", [article_id, count])]


def tag(client, claim_id, verdict):
    assert post(client, f"/claims/{claim_id}/verdict", {"verdict": verdict}, htmx=True).status_code == 200


def test_lead_sees_agreement_figures(app, users, lead_client, db, demo_article):
    ana, ben = client_for(app, "Ana"), client_for(app, "Ben")
    one, two, three = first_claims(db, demo_article["id"])
    for claim_id, (a, b) in zip((one, two, three), [("sourced", "sourced"), ("speculative", "unverified"),
                                                     ("unverified", "unverified")]):
        tag(ana, claim_id, a)
        tag(ben, claim_id, b)
    page = lead_client.get(f"/agreement?article={demo_article['id']}").get_data(as_text=True)
    assert "3 claims tagged by two or more reviewers" in page
    assert re.search(r'id="percent">66\.7 %', page)
    assert "Ana and Ben" in page
    # Cohen's kappa here: po = 2/3, pe = (1/3*1/3) + (1/3*0) + (1/3*2/3) = 1/3, kappa = (2/3-1/3)/(2/3) = 0.5
    assert '<td class="kappa">0.500</td>' in page
    assert "1 disagreement" in page


def test_confusion_matrix_between_two_chosen_reviewers(app, users, lead_client, db, demo_article):
    one, two, _ = first_claims(db, demo_article["id"])
    for name, verdicts in (("Ana", ("sourced", "speculative")), ("Ben", ("sourced", "unverified"))):
        client = client_for(app, name)
        tag(client, one, verdicts[0])
        tag(client, two, verdicts[1])
    page = lead_client.get("/agreement?a=Ana&b=Ben").get_data(as_text=True)
    rows = re.findall(r"<tr><th scope=\"row\">(\w+)</th>((?:<td>\d+</td>)+)</tr>", page)
    matrix = {label: [int(n) for n in re.findall(r"\d+", cells)] for label, cells in rows}
    assert matrix == {"sourced": [1, 0, 0], "speculative": [0, 0, 1], "unverified": [0, 0, 0]}


def test_disagreements_show_verdicts_notes_and_evidence_side_by_side(app, users, lead_client, db, demo_article):
    one, two, _ = first_claims(db, demo_article["id"])
    ana, ben = client_for(app, "Ana"), client_for(app, "Ben")
    post(ana, f"/claims/{one}/verdict", {"verdict": "sourced", "note": "Ana checked the filing"})
    post(ana, f"/claims/{one}/evidence", {"url": "https://example.org/filing", "source_type": "primary document"})
    post(ben, f"/claims/{one}/verdict", {"verdict": "speculative", "note": "Ben doubts it"})
    tag(ana, two, "unverified")
    tag(ben, two, "unverified")
    page = lead_client.get("/disagreements").get_data(as_text=True)
    assert page.count('class="disagreement"') == 1
    for text in ("Ana checked the filing", "Ben doubts it", "https://example.org/filing", "primary document"):
        assert text in page


def test_lead_sets_final_verdict_plain_and_htmx(app, users, lead_client, db, demo_article):
    one, two, _ = first_claims(db, demo_article["id"])
    response = post(lead_client, f"/claims/{one}/final", {"verdict": "sourced", "reason": "on record"})
    assert response.status_code == 303
    fragment = post(lead_client, f"/claims/{two}/final", {"verdict": "speculative", "reason": "vague"}, htmx=True)
    assert fragment.status_code == 200
    assert '<strong class="final-verdict">speculative</strong>' in fragment.get_data(as_text=True)
    finals = {row["claim_id"]: row["verdict"] for row in db.query("select * from final_verdicts")}
    assert finals == {one: "sourced", two: "speculative"}
    # Everyone sees the final verdict on the review page.
    page = client_for(app, "Ana").get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert "Final verdict: <strong>sourced</strong>" in page


def test_unknown_final_verdict_is_refused(lead_client, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    for htmx in (False, True):
        response = post(lead_client, f"/claims/{one}/final", {"verdict": "maybe"}, htmx=htmx)
        assert response.status_code == 422
        assert "Choose a final verdict" in response.get_data(as_text=True)
    assert post(lead_client, "/claims/99999/final", {"verdict": "sourced"}).status_code == 404
    assert db["final_verdicts"].count == 0


def test_evidence_added_and_removed_from_the_review_page(client, reviewer, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    response = post(client, f"/claims/{one}/evidence", {
        "url": "https://example.org/src", "quote": "two Korean companies", "source_type": "news report",
        "accessed_on": "2026-11-24"}, htmx=True)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "https://example.org/src" in fragment and "<q>two Korean companies</q>" in fragment
    evidence_id = next(db.query("select id from evidence"))["id"]
    assert post(client, f"/evidence/{evidence_id}/delete").status_code == 303
    assert db["evidence"].count == 0


def test_bad_evidence_gets_a_message_beside_the_claim(client, reviewer, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    for htmx in (False, True):
        response = post(client, f"/claims/{one}/evidence", {"url": "javascript:alert(1)"}, htmx=htmx)
        assert response.status_code == 422
        assert "must start with http" in response.get_data(as_text=True)


def test_someone_elses_evidence_cannot_be_removed(app, users, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    post(client_for(app, "Ana"), f"/claims/{one}/evidence", {"url": "https://example.org/a"})
    evidence_id = next(db.query("select id from evidence"))["id"]
    assert post(client_for(app, "Ben"), f"/evidence/{evidence_id}/delete").status_code == 404
    assert db["evidence"].count == 1


def test_sourced_without_evidence_gets_a_gentle_warning(client, reviewer, db, demo_article):
    one, two = first_claims(db, demo_article["id"], 2)
    warned = post(client, f"/claims/{one}/verdict", {"verdict": "sourced"}, htmx=True)
    assert warned.status_code == 200  # saved all the same
    assert "no evidence yet" in warned.get_data(as_text=True)
    quiet = post(client, f"/claims/{two}/verdict", {"verdict": "sourced", "evidence_url": "https://e.org"}, htmx=True)
    assert "no evidence yet" not in quiet.get_data(as_text=True)


def test_history_page_lists_every_change(app, users, lead_client, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    ana, ben = client_for(app, "Ana"), client_for(app, "Ben")
    tag(ana, one, "unverified")
    tag(ana, one, "sourced")
    post(ben, f"/claims/{one}/verdict", {"verdict": "speculative", "note": "Ben's draft thought"})
    post(lead_client, f"/claims/{one}/final", {"verdict": "sourced", "reason": "agreed"})
    page = lead_client.get(f"/claims/{one}/history").get_data(as_text=True)
    assert page.count("<tr><td>") == 4
    assert "Ben&#39;s draft thought" in page
    own = ana.get(f"/claims/{one}/history").get_data(as_text=True)
    assert own.count("<tr><td>") == 3  # Ana's two changes and the final verdict, not Ben's note
    assert "Ben" not in own.split("<tbody>")[1]


def test_admin_assigns_and_reviewer_sees_queue_and_next(app, users, admin_client, db, demo_article):
    article_id = demo_article["id"]
    response = post(admin_client, f"/admin/articles/{article_id}/assign", {"reviewer_id": [str(users["Ana"])]})
    assert response.status_code == 303
    ana = client_for(app, "Ana")
    home = ana.get("/").get_data(as_text=True)
    # Lines the pipeline judged not check-worthy are shown in place but not counted as claims to tag.
    claim_count = db["claims"].count_where("article_id = ? and is_claim", [article_id])
    assert "My queue" in home and f"0 / {claim_count} tagged" in home
    first = first_claims(db, article_id, 1)[0]
    assert ana.get("/next").headers["Location"] == f"/articles/{article_id}?claim={first}#claim-{first}"
    assert "My queue" not in client_for(app, "Ben").get("/").get_data(as_text=True)


def test_assignment_of_unknown_article_is_404(admin_client):
    assert admin_client.get("/admin/articles/999/assign").status_code == 404


def test_a_refused_final_verdict_keeps_the_reason_typed(lead_client, db, demo_article):
    one = first_claims(db, demo_article["id"])[0]
    response = post(lead_client, f"/claims/{one}/final", {"verdict": "maybe", "reason": "my careful reasoning"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose a final verdict" in page
    assert 'value="my careful reasoning"' in page
