"""Typed text is kept: refusals keep what was typed beside the message."""
from client_helpers import post


def claim_ids(db, article_id):
    return [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                          [article_id])]


def test_refused_evidence_comes_back_as_it_was_typed(client, reviewer, db, demo_article):
    claim_id = claim_ids(db, demo_article["id"])[0]
    typed = {"url": "ftp://example.org/doc", "quote": "the passage", "source_type": "news report",
             "accessed_on": "2026-11-20", "archive_url": ""}
    for htmx in (False, True):
        response = post(client, f"/claims/{claim_id}/evidence", typed, htmx=htmx)
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert 'value="ftp://example.org/doc"' in page and ">the passage</textarea>" in page
        assert "<option selected>news report</option>" in page and 'value="2026-11-20"' in page
    assert db["evidence"].count == 0
