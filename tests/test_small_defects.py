"""Small defects of issue 12, each as a user meets it: split --json offsets, the API's places, `import` on a
snapshot, claim numbers on edited cards."""
import json

from test_views_api import basic


def test_api_claims_give_places_and_reasons_as_arrays_that_slice_the_article(app, users, db, demo_article):
    text = db["articles"].get(demo_article["id"])["text"]
    body = app.test_client().get(f"/api/articles/{demo_article['id']}/claims?per_page=100",
                                 headers=basic("Ana")).json
    for claim in body["items"]:
        assert isinstance(claim["places"], list) and isinstance(claim["checkworthy_reasons"], list)
        assert [claim["start"], claim["end"]] in claim["places"]
        # A pull quote may repeat only part of its sentence: each place is the claim or a piece of it.
        assert all(text[start:end] in claim["text"] for start, end in claim["places"])
    assert any(len(claim["places"]) > 1 for claim in body["items"]), "the demo's pull quote repeats a claim"
