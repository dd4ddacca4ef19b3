"""The progress count carries a stamp, so a tag answered late cannot put an older count back on screen."""
from annotator import store
from client_helpers import post


def test_the_stamp_grows_with_each_verdict_change_and_counts_compare_without_it(db, users, demo_article):
    first, second = [c["id"] for c in store.claims_for(db, demo_article["id"]) if c["is_claim"]][:2]
    before = store.progress(db, demo_article["id"], users["Ana"])
    store.save_verdict(db, first, users["Ana"], "sourced")
    middle = store.progress(db, demo_article["id"], users["Ana"])
    store.undo_last_change(db, first, users["Ana"])
    after = store.progress(db, demo_article["id"], users["Ana"])
    assert before.stamp < middle.stamp < after.stamp
    assert after == before  # same counts: the stamp is not part of what the progress is


def test_the_tag_answer_carries_the_stamp_on_its_progress(db, client, reviewer, users, demo_article):
    claim = [c["id"] for c in store.claims_for(db, demo_article["id"]) if c["is_claim"]][0]
    fragment = post(client, f"/claims/{claim}/verdict", {"verdict": "sourced"}, htmx=True).get_data(as_text=True)
    stamp = store.progress(db, demo_article["id"], users["Ana"]).stamp
    assert f'id="progress" class="progress" hx-swap-oob="true" data-stamp="{stamp}"' in fragment
