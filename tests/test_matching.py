"""Seen before: the numbers rule, the thresholds, candidates from other articles, stored matches and decisions."""
import pytest

from annotator import store, team
from annotator.history import history_for
from annotator.importing import ArticleDraft
from annotator.matching import match_text
from annotator.matching.candidates import candidates, content_words, rare_terms
from annotator.matching.facts import conflicts, facts_of
from annotator.matching.stored import (InvalidDecision, match_articles, matches_for, reindex, reject, reuse,
                                       seen_before)
from annotator.matching.thresholds import AUTO_LINK, SUGGEST, Thresholds
from annotator import accounts


def _facts_differ(a, b):
    return conflicts(facts_of(a), facts_of(b))


def test_other_numbers_make_another_claim():
    assert _facts_differ("The firm recalled 63,000 vehicles.", "The firm recalled 36,000 vehicles.") == \
        ["different numbers"]


def test_the_same_number_written_another_way_is_the_same_fact():
    assert _facts_differ("Exports reached 6.3 million tonnes.", "Exports reached 6,300,000 tonnes.") == []
    assert _facts_differ("It recalled 63,000 cars.", "63,000 cars were recalled by it.") == []


def test_digit_groups_and_written_numbers_are_read_as_values():
    assert _facts_differ("Voss is recalling 63 000 SUVs.", "Voss is recalling 63,000 SUVs.") == []
    assert _facts_differ("Fourteen crashes were linked to it.", "14 crashes were linked to it.") == []
    assert _facts_differ("It protects forty thousand jobs.", "It protects 40,000 jobs.") == []
    assert _facts_differ("About 60,000 cars were recalled.", "63,000 cars were recalled.") == ["different numbers"]


def test_a_number_only_one_claim_gives_is_not_another_value():
    # Wording such as "the two companies" or "in the twelve months to" adds a number; only a value each claim
    # gives and the other lacks makes them differ.
    assert _facts_differ("The two companies said so on Thursday.", "The companies said so on Thursday.") == []


def test_roles_swapped_make_another_claim_but_a_passive_paraphrase_does_not():
    assert "roles swapped" in _facts_differ("Oakridge Dairy has agreed to buy Brightline Foods for cash.",
                                            "Brightline Foods has agreed to buy Oakridge Dairy for cash.")
    assert "roles swapped" in _facts_differ("The judge ordered the campaigners to pay the government's costs.",
                                            "The judge ordered the government to pay the campaigners' costs.")
    assert _facts_differ("The company recalled 63,000 vehicles last year, the regulator said.",
                         "The regulator said 63,000 of the company's vehicles were recalled last year.") == []


def test_a_word_and_its_opposite_form_disagree():
    assert _facts_differ("The court ruled the approval was lawful.", "The court ruled the approval was unlawful.") \
        == ["opposite words"]
    assert _facts_differ("The council approved the plan on Tuesday.", "The council rejected the plan on Tuesday.") \
        == ["opposite words"]


def test_a_replaced_word_is_suggested_but_never_linked_automatically(bare_db):
    _add(bare_db, "First", "Bus fare subsidies for pensioners will be cut by £2.3 million, the finance chief said.")
    [found] = match_text(bare_db, "Bus fare subsidies for students will be cut by £2.3 million, the finance chief said.")
    assert found.score >= AUTO_LINK and not found.auto_link


def test_a_claim_without_numbers_does_not_conflict_with_one_that_has_them():
    assert _facts_differ("Sales rose sharply last year.", "Sales rose by 12% last year.") == []


def test_rose_is_not_fell():
    assert _facts_differ("Unemployment rose in March.", "Unemployment fell in March.") == ["opposite directions"]


def test_another_actor_is_another_claim_but_a_name_left_out_is_not():
    assert _facts_differ("Spain banned the pesticide in 2019.", "Portugal banned the pesticide in 2019.") == \
        ["different names"]
    assert _facts_differ("The minister said Spain banned the pesticide.", "Spain banned the pesticide.") == []


def test_a_negated_claim_is_another_claim():
    assert _facts_differ("The council approved the budget.", "The council did not approve the budget.") == \
        ["one is negated"]


def test_other_months_are_other_dates():
    assert _facts_differ("Prices peaked in March.", "Prices peaked in October.") == ["different dates"]


def test_thresholds_decide_link_suggest_or_nothing():
    thresholds = Thresholds(auto_link=0.9, suggest=0.6)
    assert [thresholds.decide(score) for score in (0.95, 0.9, 0.75, 0.6, 0.59)] == \
        ["linked", "linked", "suggested", "suggested", None]
    assert 0 < SUGGEST < AUTO_LINK <= 1


def test_thresholds_out_of_order_are_refused():
    with pytest.raises(ValueError):
        Thresholds(auto_link=0.5, suggest=0.8)


def test_the_query_takes_each_content_word_once():
    assert content_words('The "NEAR" of it, NEAR( the near AND* -xylophone') == ["near", "xylophone"]


def test_the_query_takes_the_rarest_words_as_the_index_counts_them(bare_db):
    _add(bare_db, "One", "The council recalls its budget. The council approved the budget. The mayor said so.")
    # "recalled" counts the claim holding "recalls" (porter stems); Zanzibar is in no claim, so it is left out.
    assert rare_terms(bare_db, "The council recalled the budget for Zanzibar") == ["recalled", "budget", "council"]


def _add(db, title, text):
    return store.add_article(db, ArticleDraft(title=title, text=text))


FIRST = "The company recalled 63,000 vehicles last year, the regulator said. Unemployment rose to 5% in March."
SECOND = ("Last year the company recalled 63,000 of its vehicles, according to the regulator. "
          "The company recalled 36,000 vehicles last year. Unemployment fell to 5% in March.")


def _claim(db, text_start):
    return next(db.query("select * from claims where text like ?", [text_start + "%"]))


def test_a_word_first_seen_later_is_used_once_a_claim_holds_it(bare_db):
    assert match_text(bare_db, "Zanzibar banned plastic bags in 2006.") == []
    _add(bare_db, "One", "Zanzibar banned plastic bags in 2006, officials said.")
    assert [match.text for match in match_text(bare_db, "Zanzibar banned plastic bags in 2006.")] == \
        ["Zanzibar banned plastic bags in 2006, officials said."]


def test_a_reworded_repeat_matches_and_other_numbers_or_direction_do_not(bare_db):
    first = _add(bare_db, "First", FIRST)
    _add(bare_db, "Second", SECOND)
    recall = _claim(bare_db, "The company recalled 63,000")
    found = match_text(bare_db, "Last year the company recalled 63,000 of its vehicles, according to the regulator.",
                       exclude_article=2)
    assert [(match.claim_id, match.article_id) for match in found][:1] == [(recall["id"], first)]
    assert match_text(bare_db, "The company recalled 36,000 vehicles last year.", exclude_article=2) == []
    assert match_text(bare_db, "Unemployment fell to 5% in March.", exclude_article=2) == []


def test_nothing_similar_enough_is_an_empty_list(bare_db):
    _add(bare_db, "First", FIRST)
    assert match_text(bare_db, "The river flooded three villages overnight.") == []
    assert match_text(bare_db, "the of and") == []
    # FTS5 syntax in a claim is just words: found as candidates, no error.
    assert [row["id"] for row in candidates(bare_db, 'NEAR( "recalled* OR -vehicles')] == [1]


def test_an_exact_repeat_is_linked_automatically(bare_db):
    _add(bare_db, "First", FIRST)
    [best] = match_text(bare_db, "The company recalled 63,000 vehicles last year, the regulator said.")
    assert best.score == 1.0 and best.auto_link


def test_import_matches_only_against_earlier_articles_and_stores_the_pairs(bare_db):
    first, second = _add(bare_db, "First", FIRST), _add(bare_db, "Second", SECOND)
    match_articles(bare_db, [first, second])
    pairs = [(row["claim_id"], row["earlier_claim_id"], row["status"]) for row in
             bare_db.query("select * from claim_matches")]
    # "said" became "according to": a word replaced, so suggested for a person to decide, not linked.
    assert pairs == [(_claim(bare_db, "Last year")["id"], _claim(bare_db, "The company recalled 63,000")["id"],
                      "suggested")]
    seen = seen_before(bare_db, [_claim(bare_db, "Last year")["id"]])
    assert list(seen.values())[0]["articles"] == 1


@pytest.fixture
def desk(bare_db):
    lead = accounts.create_user(bare_db, "Lee", "correct horse battery", "lead")
    ana = accounts.create_user(bare_db, "Ana", "correct horse battery", "reviewer")
    first, second = _add(bare_db, "First", FIRST), _add(bare_db, "Second", SECOND)
    match_articles(bare_db, [first, second])
    earlier, later = _claim(bare_db, "The company recalled 63,000")["id"], _claim(bare_db, "Last year")["id"]
    store.save_verdict(bare_db, earlier, lead, "sourced", "https://regulator.example/recall", "")
    team.set_final_verdict(bare_db, earlier, lead, "sourced", "The regulator's notice says so.")
    return {"db": bare_db, "lead": lead, "ana": ana, "earlier": earlier, "later": later}


def test_reuse_copies_the_final_verdict_with_a_link_to_the_source_claim(desk):
    db = desk["db"]
    assert reuse(db, desk["later"], desk["earlier"], desk["ana"]) == "sourced"
    verdict = store.get_verdict(db, desk["later"], desk["ana"])
    assert (verdict["verdict"], verdict["reused_from"], verdict["evidence_url"]) == \
        ("sourced", desk["earlier"], "https://regulator.example/recall")
    assert "The regulator's notice says so." in verdict["note"]
    history = history_for(db, desk["later"], desk["ana"])
    assert any(f"reused from claim {desk['earlier']}" in (change["detail"] or "") for change in history)
    row = next(db.query("select reused_from from verdicts_export where claim_id = ?", [desk["later"]]))
    assert row["reused_from"] == desk["earlier"]


def test_changing_a_reused_verdict_clears_reused_from(desk):
    db = desk["db"]
    reuse(db, desk["later"], desk["earlier"], desk["ana"])
    store.save_verdict(db, desk["later"], desk["ana"], "unverified", "", "")
    assert store.get_verdict(db, desk["later"], desk["ana"])["reused_from"] is None


def test_reuse_needs_a_final_verdict_and_a_shown_pair(desk):
    db = desk["db"]
    db.execute("delete from final_verdicts")
    with pytest.raises(InvalidDecision, match="no final verdict"):
        reuse(db, desk["later"], desk["earlier"], desk["ana"])
    with pytest.raises(InvalidDecision, match="not among"):
        reuse(db, desk["later"], desk["later"], desk["ana"])
    assert store.get_verdict(db, desk["later"], desk["ana"]) is None


def test_not_the_same_hides_the_pair_for_good_even_after_a_reindex(desk):
    db = desk["db"]
    assert reject(db, desk["later"], desk["earlier"], desk["ana"])
    assert matches_for(db, desk["later"], {"id": desk["ana"], "role": "reviewer"}) == []
    assert seen_before(db, [desk["later"]]) == {}
    reindex(db)
    assert seen_before(db, [desk["later"]]) == {}
    kept = next(db.query("select status, decided_by from claim_matches"))
    assert (kept["status"], kept["decided_by"]) == ("rejected", desk["ana"])
    with pytest.raises(InvalidDecision, match="not the same"):
        reuse(db, desk["later"], desk["earlier"], desk["ana"])
    assert not reject(db, desk["later"], desk["earlier"], desk["ana"])


def test_a_reviewer_sees_their_own_and_the_final_verdicts_a_lead_sees_everyones(desk):
    db = desk["db"]
    ben = accounts.create_user(db, "Ben", "correct horse battery", "reviewer")
    store.save_verdict(db, desk["earlier"], ben, "unverified", "", "")
    [as_ana] = matches_for(db, desk["later"], {"id": desk["ana"], "role": "reviewer"})
    [as_lead] = matches_for(db, desk["later"], {"id": desk["lead"], "role": "lead"})
    assert [v["reviewer"] for v in as_ana["verdicts"]] == []
    assert [v["reviewer"] for v in as_lead["verdicts"]] == ["Ben", "Lee"]
    assert as_ana["final"]["verdict"] == "sourced" and as_ana["final"]["reason"]


def test_reindex_rebuilds_the_matches_of_every_article(desk):
    db = desk["db"]
    db.execute("delete from claim_matches")
    done = reindex(db)
    assert done.matches == 1 and seen_before(db, [desk["later"]])


def test_deleting_an_article_for_good_removes_its_matches_both_ways(bare_db):
    from annotator import lifecycle
    first, second = _add(bare_db, "First", FIRST), _add(bare_db, "Second", SECOND)
    match_articles(bare_db, [first, second])
    assert bare_db["claim_matches"].count == 1
    lifecycle.delete_article(bare_db, first, None, "First")
    assert bare_db["claim_matches"].count == 0
    assert bare_db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_matching_stops_when_its_budget_is_spent_and_reindex_does_the_rest(bare_db):
    ids = [_add(bare_db, f"Copy {number}", FIRST) for number in range(3)]
    done = match_articles(bare_db, ids, budget_seconds=0)
    assert (done.articles, done.stopped) == (1, True)  # the first article, then the budget was spent
    assert reindex(bare_db).articles == 3
    assert bare_db["claim_matches"].count_where("claim_id in (select id from claims where article_id = ?)",
                                                [ids[2]]) > 0
