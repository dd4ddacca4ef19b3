"""Fixing the split on a database file: offsets stay exact, nothing is deleted, every edit is in the history."""
import json

import pytest

from annotator import accounts, edits, store
from annotator.db import write_transaction
from annotator.importing import ArticleDraft
from annotator.text import Claim

TEXT = ("Acme sold 40 phones in Seoul, the ministry reported. Rivals might follow soon.\n"
        "Acme opened two stores in Busan last year. Prices rose by ten percent.")


@pytest.fixture
def db(bare_db):
    """This module's tests run on a bare database, without the app."""
    return bare_db


@pytest.fixture
def ana(db):
    return accounts.create_user(db, "Ana", "correct horse battery", "reviewer")


@pytest.fixture
def article_id(db):
    return store.add_article(db, ArticleDraft(title="Acme", text=TEXT))


def _old_claim(text, start, end, places):
    return Claim(text[start:end], start, end, "key", "unverified", 0.8, "", "", tuple(places))


def live(db, article_id, reviewer_id=None):
    return store.claims_for(db, article_id, reviewer_id)


def texts(db, article_id):
    return [claim["text"] for claim in live(db, article_id)]


def assert_exact(db, article_id):
    """Every live claim's text is the article text at its offsets, trimmed, and positions run 0, 1, 2..."""
    claims = live(db, article_id)
    for position, claim in enumerate(claims):
        assert claim["text"] == TEXT[claim["start"]:claim["end"]] == claim["text"].strip()
        assert claim["position"] == position
    assert [c["start"] for c in claims] == sorted(c["start"] for c in claims)


def test_the_fixture_article_has_four_sentence_claims(db, article_id):
    assert texts(db, article_id) == [
        "Acme sold 40 phones in Seoul, the ministry reported.", "Rivals might follow soon.",
        "Acme opened two stores in Busan last year.", "Prices rose by ten percent."]


def test_merge_of_two_adjacent_claims_retires_both_and_keeps_their_verdicts(db, article_id, ana):
    first, second = live(db, article_id)[:2]
    store.save_verdict(db, first["id"], ana, "sourced")
    new_id = edits.merge(db, first["id"], second["id"], ana)
    claims = live(db, article_id, ana)
    assert claims[0]["id"] == new_id
    assert claims[0]["text"] == "Acme sold 40 phones in Seoul, the ministry reported. Rivals might follow soon."
    assert claims[0]["edit"] == f"merge of {first['id']} and {second['id']}"
    assert claims[0]["verdict"] == "sourced"  # carried (and flagged: Ana tagged only one of the two)
    assert json.loads(db["claims"].get(new_id)["places"]) == [[claims[0]["start"], claims[0]["end"]]]
    retired = {row["id"]: row for row in db.query("select * from claims where retired_at is not null")}
    assert set(retired) == {first["id"], second["id"]}
    assert retired[first["id"]]["retired_by"] == ana
    assert store.get_verdict(db, first["id"], ana)["verdict"] == "sourced"  # kept on the retired row
    assert len(claims) == 3
    assert_exact(db, article_id)


def test_merge_recomputes_key_phrase_and_suggestion(db, article_id, ana):
    first, second = live(db, article_id)[:2]
    new = store.get_claim(db, edits.merge(db, second["id"], first["id"], ana))  # either order
    # The merged text is analysed afresh: the ministry (a named source) owns it, and "might" marks it hedged.
    assert new["suggestion"] == "sourced"
    assert new["hedged"] == 1 and new["source"] == "the ministry" and new["source_named"] == 1
    assert new["key_phrase"] and new["checkworthiness"] is not None


def test_merge_is_in_the_history_of_the_old_and_the_new_claims(db, article_id, ana):
    first, second = live(db, article_id)[:2]
    new_id = edits.merge(db, first["id"], second["id"], ana)
    actions = [(row["claim_id"], row["action"]) for row in db.query("select * from claim_history order by id")]
    assert actions == [(first["id"], "merge"), (second["id"], "merge"), (new_id, "merge")]


def test_only_adjacent_claims_merge(db, article_id, ana):
    claims = live(db, article_id)
    with pytest.raises(edits.EditRefused, match="next to each other"):
        edits.merge(db, claims[0]["id"], claims[2]["id"], ana)
    assert texts(db, article_id)[0] == claims[0]["text"]


def test_claims_of_two_articles_do_not_merge(db, article_id, ana):
    other_article = store.add_article(db, ArticleDraft(title="Other", text="Beta sold ten cars in Lima, police said."))
    with pytest.raises(edits.EditRefused, match="another article"):
        edits.merge(db, live(db, article_id)[0]["id"], live(db, other_article)[0]["id"], ana)


def test_split_makes_two_exact_claims_that_inherit_the_verdict(db, article_id, ana):
    claim = live(db, article_id)[0]
    store.save_verdict(db, claim["id"], ana, "sourced")
    at = claim["text"].index(", the ministry")
    left_id, right_id = edits.split(db, claim["id"], at + 1, ana)  # just after the comma
    claims = live(db, article_id, ana)
    assert [c["id"] for c in claims[:2]] == [left_id, right_id]
    assert [c["text"] for c in claims[:2]] == ["Acme sold 40 phones in Seoul,", "the ministry reported."]
    assert {c["edit"] for c in claims[:2]} == {f"split of {claim['id']}"}
    assert [c["verdict"] for c in claims[:2]] == ["sourced", "sourced"]  # inherited, flagged for re-check
    assert db["claims"].get(claim["id"])["retired_at"]
    assert_exact(db, article_id)
    assert [row["claim_id"] for row in db.query("select claim_id from claim_history order by id")] == [
        claim["id"], left_id, right_id]


def test_split_at_the_edge_or_in_whitespace_only_is_refused(db, article_id, ana):
    claim = live(db, article_id)[1]  # "Rivals might follow soon."
    for at in (0, len(claim["text"]), -3, 999):
        with pytest.raises(edits.EditRefused, match="inside the claim"):
            edits.split(db, claim["id"], at, ana)
    assert texts(db, article_id)[1] == "Rivals might follow soon."
    assert db["claim_history"].count == 0


def test_boundaries_are_trimmed_and_exact(db, article_id, ana):
    claim = live(db, article_id)[2]  # "Acme opened two stores in Busan last year."
    start = TEXT.index("two stores") - 1  # a leading space is trimmed off
    new_id = edits.set_boundaries(db, claim["id"], start, claim["end"], ana)
    new = store.get_claim(db, new_id)
    assert new["text"] == "two stores in Busan last year."
    assert (new["start"], new["end"]) == (start + 1, claim["end"])
    assert new["edit"] == f"boundaries of {claim['id']}"
    assert_exact(db, article_id)


def test_the_same_boundaries_change_nothing(db, article_id, ana):
    claim = live(db, article_id)[0]
    assert edits.set_boundaries(db, claim["id"], claim["start"], claim["end"], ana) == claim["id"]
    assert db["claim_history"].count == 0


def test_boundaries_overlapping_another_claim_are_refused(db, article_id, ana):
    first, second = live(db, article_id)[:2]
    with pytest.raises(edits.EditRefused, match="overlap claim 2"):
        edits.set_boundaries(db, first["id"], first["start"], second["start"] + 3, ana)
    assert [c["id"] for c in live(db, article_id)][:2] == [first["id"], second["id"]]


def test_empty_or_outside_boundaries_are_refused(db, article_id, ana):
    claim = live(db, article_id)[0]
    newline = TEXT.index("\n")
    with pytest.raises(edits.EditRefused, match="empty"):
        edits.set_boundaries(db, claim["id"], newline, newline + 1, ana)
    for start, end in ((10, 5), (-1, 5), (0, len(TEXT) + 1)):
        with pytest.raises(edits.EditRefused, match="between 0 and"):
            edits.set_boundaries(db, claim["id"], start, end, ana)


def test_add_claim_on_text_no_claim_covers(db, article_id, ana):
    claim = live(db, article_id)[3]  # "Prices rose by ten percent."
    edits.set_boundaries(db, claim["id"], claim["start"], claim["start"] + len("Prices rose"), ana)
    new_id = edits.add_claim(db, article_id, claim["start"] + len("Prices rose"), len(TEXT), ana)
    new = store.get_claim(db, new_id)
    assert (new["text"], new["edit"], new["is_claim"]) == ("by ten percent.", "added", 1)
    assert texts(db, article_id)[-2:] == ["Prices rose", "by ten percent."]
    assert_exact(db, article_id)
    assert list(db.query("select action from claim_history where claim_id = ?", [new_id])) == [{"action": "added"}]


def test_adding_a_claim_over_another_is_refused(db, article_id, ana):
    with pytest.raises(edits.EditRefused, match="overlap claim 1"):
        edits.add_claim(db, article_id, 0, 4, ana)
    assert len(live(db, article_id)) == 4


def test_a_pull_quote_joins_its_sentence_and_the_sentence_stays_editable(db, ana):
    text = "Xiaomi will sell phones in Korea this year.\nA patent shows that Xiaomi will sell phones in Korea this year."
    article_id = store.add_article(db, ArticleDraft(title="Quote", text=text))
    [sentence] = live(db, article_id)  # the pull quote is a second place of the sentence it repeats
    assert sentence["text"].startswith("A patent") and len(sentence["places"]) == 2
    new_id = edits.set_boundaries(db, sentence["id"], sentence["start"], sentence["end"] - 1, ana)
    assert store.get_claim(db, new_id)["text"] == "A patent shows that Xiaomi will sell phones in Korea this year"


def test_an_edited_claim_cannot_be_edited_again(db, article_id, ana):
    first, second = live(db, article_id)[:2]
    edits.merge(db, first["id"], second["id"], ana)
    with pytest.raises(edits.EditRefused, match="already replaced"):
        edits.split(db, first["id"], 3, ana)


def test_unknown_claim_or_article(db, article_id, ana):
    with pytest.raises(edits.ClaimNotFound):
        edits.split(db, 999, 3, ana)
    with pytest.raises(edits.ClaimNotFound):
        edits.add_claim(db, 999, 0, 3, ana)


def test_not_a_claim_keeps_the_claim_and_its_verdicts(db, article_id, ana):
    claim = live(db, article_id)[1]
    store.save_verdict(db, claim["id"], ana, "speculative")
    assert edits.set_not_a_claim(db, claim["id"], ana, "  a   forecast ")
    row = live(db, article_id, ana)[1]
    assert (row["id"], row["is_claim"], row["reason"], row["verdict"]) == (claim["id"], 0, "a forecast", "speculative")
    assert store.progress(db, article_id, ana).total == 3
    assert not edits.set_not_a_claim(db, claim["id"], ana, "a forecast")  # the same again: no change
    assert edits.set_a_claim(db, claim["id"], ana)
    assert live(db, article_id)[1]["is_claim"] == 1
    assert [(h["action"], h["to_value"]) for h in db.query("select * from claim_history order by id")] == [
        ("not a claim", "a forecast"), ("a claim", "claim")]


def test_not_a_claim_needs_a_reason(db, article_id, ana):
    claim = live(db, article_id)[1]
    with pytest.raises(edits.EditRefused, match="Say why"):
        edits.set_not_a_claim(db, claim["id"], ana, "   ")
    with pytest.raises(edits.EditRefused, match="longer than"):
        edits.set_not_a_claim(db, claim["id"], ana, "x" * (edits.MAX_REASON_LENGTH + 1))


def test_neighbours_are_the_claims_before_and_after(db, article_id):
    claims = live(db, article_id)
    assert edits.neighbours(db, claims[0]["id"]) == (None, db["claims"].get(claims[1]["id"]))
    before, after = edits.neighbours(db, claims[3]["id"])
    assert (before["id"], after) == (claims[2]["id"], None)


def test_window_opens_on_the_page_of_the_first_untagged_claim():
    claims = [{"id": i, "verdict": "sourced" if i < 45 else None, "is_claim": 1} for i in range(100)]
    window = edits.claim_window(claims, size=20, one_page=0)
    assert (window.page, window.pages, window.start, window.end, window.total) == (3, 5, 40, 60, 100)
    assert edits.claim_window(claims, focus=5, size=20, one_page=0).page == 1
    assert edits.claim_window(claims, page=9, size=20, one_page=0).page == 5  # clamped
    assert edits.claim_window(claims[:60]).claims == claims[:60]  # a usual article: every claim on one page
    assert edits.claim_window([], size=20).claims == []


def test_a_split_across_a_nested_pull_quote_is_refused(db):
    # Databases split before pull quotes joined their sentences hold the short sentence as a claim of its own,
    # with a place nested in the long one: edits must still refuse to cut through it.
    text = ("The company will double its prices next year.\n"
            "Investors were told on Monday that the company will double its prices next year, according to two "
            "people at the meeting.\nNothing else happened.")
    reviewer = accounts.create_user(db, "Ana", "correct horse battery", "reviewer")
    short_end = text.index("\n")
    long_start = short_end + 1
    long_end = text.index("\n", long_start)
    nested = text.index("the company will double", long_start)
    old_layout = [
        _old_claim(text, 0, short_end, [(0, short_end), (nested, nested + short_end - 1)]),
        _old_claim(text, long_start, long_end, [(long_start, long_end)]),
        _old_claim(text, long_end + 1, len(text), [(long_end + 1, len(text))]),
    ]
    with write_transaction(db):
        article_id = store.insert_article(db, ArticleDraft(title="Prices", text=text), old_layout)
    quote, sentence = store.claims_for(db, article_id)[:2]
    assert len(quote["places"]) == 2
    inside_the_quote = quote["places"][1][0] + 10 - sentence["start"]
    with pytest.raises(edits.EditRefused, match="overlap"):
        edits.split(db, sentence["id"], inside_the_quote, reviewer)
    # Splitting outside the nested quote is still fine.
    edits.split(db, sentence["id"], sentence["text"].index(", according"), reviewer)
