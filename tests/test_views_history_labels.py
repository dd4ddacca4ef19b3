"""A claim's history names the claims an edit replaced by the numbers reviewers saw, never by database ids."""
from annotator import edits, store
from annotator.importing import draft_from_text
from client_helpers import client_for


def test_a_carried_verdict_in_the_history_names_claim_numbers_not_ids(app, db, users, demo_article):
    # A second article, so its claims' ids (after the demo's 28) differ from their numbers on screen.
    article_id = store.add_article(db, draft_from_text("Kim said prices rose 4%. Kim said exports fell 2%. "
                                                       "The port handled 63,000 cars.", title="Port"))
    first, second, _ = (claim["id"] for claim in store.claims_for(db, article_id))
    assert first > 3
    store.save_verdict(db, first, users["Ana"], "sourced")
    store.save_verdict(db, second, users["Ana"], "sourced")
    merged = edits.merge(db, first, second, users["Lee"])
    page = client_for(app, "Lee").get(f"/claims/{merged}/history").get_data(as_text=True)
    assert "merge of claims 1 and 2" in page
    assert f"merge of {first} and {second}" not in page
