"""Reviewers per claim: the rule per article and by default, what /next hands out, and when an article is done."""
import pytest

from annotator import accounts, double_review, store, team
from annotator.importing import draft_from_text


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def people(db):
    return {name: accounts.create_user(db, name, "long password", role)
            for name, role in (("Ada", "admin"), ("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"),
                               ("Cy", "reviewer"))}


@pytest.fixture
def article(db):
    return store.add_article(db, draft_from_text(
        "Kim said prices rose by 4% in March. The ministry reported growth of 3% in May. "
        "Rents in Seoul rose by 9% last year.", title="One"))


def claim_ids(db, article_id):
    return [claim["id"] for claim in store.claims_for(db, article_id) if claim["is_claim"]]


def test_one_reviewer_per_claim_by_default_and_not_blind(db, article):
    assert double_review.rule_for(db, article) == double_review.ReviewRule(1, False)


def test_two_required_turns_blind_on_unless_the_article_says_off(db, people, article):
    rule = double_review.set_rule(db, article, people["Lee"], "2")
    assert (rule.required, rule.blind, rule.own) == (2, True, True)
    assert not double_review.set_rule(db, article, people["Lee"], "2", "off").blind
    assert double_review.set_rule(db, article, people["Lee"], "1", "on").blind


def test_the_desk_default_applies_to_articles_without_their_own(db, people, article):
    double_review.set_default_required(db, "3")
    assert double_review.rule_for(db, article) == double_review.ReviewRule(3, True)


@pytest.mark.parametrize("raw", ["0", "6", "two", "", None, "2.5", "٣"])
def test_a_number_outside_one_to_five_is_refused_and_nothing_changes(db, people, article, raw):
    with pytest.raises(double_review.InvalidRule, match="from 1 to 5"):
        double_review.set_rule(db, article, people["Lee"], raw)
    with pytest.raises(double_review.InvalidRule):
        double_review.set_default_required(db, raw)
    assert double_review.rule_for(db, article) == double_review.ReviewRule(1, False)


def test_an_unknown_blind_choice_is_refused(db, people, article):
    with pytest.raises(double_review.InvalidRule, match="Blind"):
        double_review.set_rule(db, article, people["Lee"], "2", "maybe")
    assert not double_review.rule_for(db, article).own


def test_a_changed_rule_is_in_the_article_history(db, people, article):
    double_review.set_rule(db, article, people["Lee"], "2")
    [row] = db.query("select action, from_value, to_value from article_history where article_id = ?", [article])
    assert row == {"action": "reviewers per claim", "from_value": "1 reviewer per claim, blind off",
                   "to_value": "2 reviewers per claim, blind on"}


def test_next_stops_handing_out_a_claim_once_it_has_enough_verdicts(db, people, article):
    first, second, third = claim_ids(db, article)
    double_review.set_rule(db, article, people["Lee"], "2")
    store.save_verdict(db, first, people["Ana"], "sourced")
    store.save_verdict(db, first, people["Ben"], "sourced")
    # Cy is handed the claims with fewer verdicts: the first has its two.
    assert double_review.next_claim(db, people["Cy"])["id"] == second
    store.save_verdict(db, second, people["Ana"], "sourced")
    # Fewer verdicts first: the third (none) before the second (one).
    assert double_review.next_claim(db, people["Cy"])["id"] == third


def test_with_one_required_a_colleagues_claim_is_not_handed_out_again(db, people, article):
    first, second, _ = claim_ids(db, article)
    store.save_verdict(db, first, people["Ana"], "sourced")
    assert double_review.next_claim(db, people["Ben"])["id"] == second


def test_nothing_waits_once_every_claim_has_enough_verdicts(db, people, article):
    for claim_id in claim_ids(db, article):
        store.save_verdict(db, claim_id, people["Ana"], "sourced")
    assert double_review.next_claim(db, people["Ben"]) is None


def test_assigned_articles_come_before_claims_with_fewer_verdicts_elsewhere(db, people, article):
    other = store.add_article(db, draft_from_text("Exports to Japan fell by a third in 2025.", title="Two"))
    for claim_id in claim_ids(db, article):
        store.save_verdict(db, claim_id, people["Ben"], "sourced")
    double_review.set_rule(db, article, people["Lee"], "2")
    team.set_assignments(db, article, {people["Ana"]}, people["Ada"])
    assert double_review.next_claim(db, people["Ana"])["article_id"] == article
    assert double_review.next_claim(db, people["Cy"])["article_id"] == other


def test_queue_counts_the_claims_waiting_for_the_reviewer(db, people, article):
    double_review.set_rule(db, article, people["Lee"], "2")
    team.set_assignments(db, article, {people["Ana"], people["Ben"]}, people["Ada"])
    first = claim_ids(db, article)[0]
    store.save_verdict(db, first, people["Ana"], "sourced")
    [ana] = double_review.with_waiting(db, people["Ana"], team.queue_for(db, people["Ana"]))
    [ben] = double_review.with_waiting(db, people["Ben"], team.queue_for(db, people["Ben"]))
    assert (ana["waiting"], ben["waiting"], ana["done"]) == (2, 3, False)


def test_an_article_is_done_when_claims_have_their_verdicts_and_disagreements_a_final_one(db, people, article):
    double_review.set_rule(db, article, people["Lee"], "2")
    ids = claim_ids(db, article)
    assert double_review.article_state(db, article) == double_review.ArticleState(3, 3, 0)
    for claim_id in ids:
        store.save_verdict(db, claim_id, people["Ana"], "sourced")
        store.save_verdict(db, claim_id, people["Ben"], "sourced")
    assert double_review.article_state(db, article).done
    store.save_verdict(db, ids[0], people["Ben"], "speculative")
    state = double_review.article_state(db, article)
    assert (state.short, state.unresolved, state.done) == (0, 1, False)
    team.set_final_verdict(db, ids[0], people["Lee"], "sourced", "Kim is on record")
    assert double_review.article_state(db, article).done
