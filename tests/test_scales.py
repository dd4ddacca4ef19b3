"""Verdict scales on the database, without Flask: built-ins, scale files, choosing a scale, verdicts that follow it."""
import copy

import pytest

from annotator import accounts, scales, store, team
from annotator.importing import draft_from_text
from annotator.scales import InvalidScale

TEXT = "Kim said prices rose. Lee said wages fell. Officials may raise rates."

GRADES = {
    "name": "grades", "title": "Grades", "ordered": True, "best_rating": 3, "worst_rating": 1,
    "values": [
        {"name": "good", "key": "g", "colour": "#00aa00", "description": "Holds up.", "rating_value": 3},
        {"name": "so so", "key": "o", "colour": "#aaaa00", "description": "Half of it holds.", "rating_value": 2},
        {"name": "bad", "key": "b", "colour": "#aa0000", "description": "Does not hold.", "rating_value": 1},
    ],
}


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def people(db):
    return {name: accounts.create_user(db, name, "a long password", role)
            for name, role in (("Lee", "lead"), ("Ana", "reviewer"))}


def new_article(db, text=TEXT):
    return store.add_article(db, draft_from_text(text, title="T"))


def claim_ids(db, article_id):
    return [claim["id"] for claim in store.claims_for(db, article_id)]


def test_the_sourcing_scale_is_the_default_with_its_three_verdicts_and_keys(db):
    scale = scales.article_scale(db, new_article(db))
    assert scale.name == "sourcing"
    assert [(value.name, value.key, scale.digit(value)) for value in scale.active] == [
        ("sourced", "s", "1"), ("speculative", "p", "2"), ("unverified", "u", "3")]
    assert not scale.publishable


def test_the_rating_scale_runs_from_true_5_to_false_1_and_unproven_has_no_number(db):
    rating = scales.get_scale(db, "rating")
    assert [value.name for value in rating.values] == [
        "true", "mostly true", "mixed", "mostly false", "false", "unproven"]
    assert (rating.best_rating, rating.worst_rating) == (5, 1)
    assert [value.rating_value for value in rating.values] == [5, 4, 3, 2, 1, None]
    assert len({value.key for value in rating.values}) == 6
    assert not {value.key for value in rating.values} & scales.RESERVED_KEYS


def test_an_added_scale_is_listed_and_can_be_read_back_as_the_file(db):
    scale, replaced = scales.add_scale(db, GRADES)
    assert not replaced
    assert [s.name for s in scales.list_scales(db)] == ["sourcing", "rating", "grades"]
    assert scales.parse_scale(scales.scale_to_dict(scales.get_scale(db, "grades"))) == scale


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(name="rating"), "built-in"),
    (lambda d: d.update(name="Bad Name"), "lower case"),
    (lambda d: d["values"][1].update(key="g"), "share the key"),
    (lambda d: d["values"][1].update(name="good"), "share the name"),
    (lambda d: d["values"][0].update(key="j"), "already moves"),
    (lambda d: d["values"][0].update(name="tagged"), "uses that word"),
    (lambda d: d["values"][0].update(name="not current"), "uses that word"),
    (lambda d: d["values"][0].update(colour="red; background: url(x)"), "colour"),
    (lambda d: d["values"][0].update(description=""), "description"),
    (lambda d: d["values"][0].update(rating_value=9), "from 1 to 3"),
    (lambda d: d.pop("worst_rating"), "both"),
    (lambda d: d.update(values=d["values"][:1]), "at least two"),
    (lambda d: d.update(values=[dict(d["values"][0], name=f"v{n}", key="bcdgilmopq"[n]) for n in range(10)]),
     "between 2 and 9"),
])
def test_a_bad_scale_file_is_refused_with_the_reason_and_nothing_stored(db, change, message):
    data = copy.deepcopy(GRADES)
    change(data)
    with pytest.raises(InvalidScale, match=message):
        scales.add_scale(db, data)
    assert db["scales"].count == 0


def test_new_imports_get_the_default_scale_and_older_articles_keep_theirs(db):
    before = new_article(db)
    scales.use_scale(db, "rating")
    after = new_article(db, "Officials said taxes rose.")
    assert scales.article_scale(db, before).name == "sourcing"
    assert scales.article_scale(db, after).name == "rating"


def test_a_verdict_must_be_a_value_of_the_articles_scale(db, people):
    article_id = new_article(db)
    first = claim_ids(db, article_id)[0]
    with pytest.raises(store.InvalidVerdict, match="sourced, speculative, unverified"):
        store.save_verdict(db, first, people["Ana"], "mostly true")
    scales.use_scale(db, "rating", article_id)
    store.save_verdict(db, first, people["Ana"], "mostly true")
    with pytest.raises(store.InvalidVerdict, match="true, mostly true"):
        store.save_verdict(db, first, people["Ana"], "sourced")
    assert store.get_verdict(db, first, people["Ana"])["verdict"] == "mostly true"
    assert store.progress(db, article_id, people["Ana"]).counts == {"mostly true": 1}


def test_a_final_verdict_follows_the_scale_too(db, people):
    article_id = new_article(db)
    scales.use_scale(db, "rating", article_id)
    first = claim_ids(db, article_id)[0]
    with pytest.raises(team.InvalidFinalVerdict):
        team.set_final_verdict(db, first, people["Lee"], "sourced", "checked by the lead")
    assert team.set_final_verdict(db, first, people["Lee"], "false", "The figures say otherwise")


def test_an_article_cannot_move_to_a_scale_that_lacks_its_verdicts(db, people):
    article_id = new_article(db)
    store.save_verdict(db, claim_ids(db, article_id)[0], people["Ana"], "sourced")
    with pytest.raises(InvalidScale, match="'sourced'"):
        scales.use_scale(db, "rating", article_id)
    assert scales.article_scale(db, article_id).name == "sourcing"


def test_choosing_an_articles_scale_is_in_its_history(db, people):
    article_id = new_article(db)
    scales.use_scale(db, "rating", article_id, people["Lee"])
    [row] = db.query("select * from article_history where action = 'scale'")
    assert (row["from_value"], row["to_value"], row["actor_id"]) == ("sourcing", "rating", people["Lee"])


def test_a_value_verdicts_hold_cannot_be_deleted_but_can_be_renamed_or_retired(db, people):
    scales.add_scale(db, GRADES)
    article_id = new_article(db)
    scales.use_scale(db, "grades", article_id)
    first = claim_ids(db, article_id)[0]
    store.save_verdict(db, first, people["Ana"], "so so")
    dropped = copy.deepcopy(GRADES)
    del dropped["values"][1]
    with pytest.raises(InvalidScale, match="'so so' holds 1 verdict"):
        scales.add_scale(db, dropped)
    retired = copy.deepcopy(GRADES)
    retired["values"][1].update(retired=True, label="Partly")
    scale, replaced = scales.add_scale(db, retired)
    assert replaced
    assert [value.name for value in scale.active] == ["good", "bad"]
    assert scale.value("so so").shown == "Partly"
    # The verdict stays, exported and counted; the retired value cannot be chosen again.
    assert store.get_verdict(db, first, people["Ana"])["verdict"] == "so so"
    with pytest.raises(store.InvalidVerdict):
        store.save_verdict(db, claim_ids(db, article_id)[1], people["Ana"], "so so")
    # The digit keys follow the buttons shown.
    assert [scale.digit(value) for value in scale.active] == ["1", "2"]


def test_an_unused_value_can_be_deleted(db):
    scales.add_scale(db, GRADES)
    smaller = copy.deepcopy(GRADES)
    del smaller["values"][1]
    scale, _ = scales.add_scale(db, smaller)
    assert scale.names == ("good", "bad")


def test_using_an_unknown_scale_names_the_known_ones(db):
    with pytest.raises(InvalidScale, match="sourcing, rating"):
        scales.use_scale(db, "nope")
    with pytest.raises(InvalidScale, match="Article 999 does not exist"):
        scales.use_scale(db, "rating", 999)


def test_verdicts_on_a_truth_scale_do_not_teach_the_sourcing_suggestions(db, people):
    from annotator.learning import settled

    sourcing, rated = new_article(db), new_article(db, "Officials said taxes rose. Kim said wages fell.")
    scales.use_scale(db, "rating", rated)
    store.save_verdict(db, claim_ids(db, sourcing)[0], people["Ana"], "sourced")
    store.save_verdict(db, claim_ids(db, rated)[0], people["Ana"], "false")
    assert [example.verdict for example in settled.examples(db)] == ["sourced"]


def test_undo_does_not_bring_back_a_verdict_of_the_articles_old_scale(db, people):
    article_id = new_article(db)
    first = claim_ids(db, article_id)[0]
    store.save_verdict(db, first, people["Ana"], "sourced")
    store.undo_last_change(db, first, people["Ana"])  # untagged: the article holds no verdict
    scales.use_scale(db, "rating", article_id)
    with pytest.raises(store.InvalidVerdict, match="'sourced', which this article's scale no longer has"):
        store.undo_last_change(db, first, people["Ana"])
    assert store.get_verdict(db, first, people["Ana"]) is None


def test_a_scale_change_between_the_check_and_the_save_is_caught_under_the_lock(db, people, monkeypatch):
    article_id = new_article(db)
    first = claim_ids(db, article_id)[0]
    real = store._refuse_retired

    def switch_then_check(db_, claim_id):
        # Another admin's change, committed a moment before this save took the lock.
        db_.execute("update articles set scale = 'rating' where id = ?", [article_id])
        return real(db_, claim_id)

    monkeypatch.setattr(store, "_refuse_retired", switch_then_check)
    with pytest.raises(store.InvalidVerdict, match="Choose a verdict: true"):
        store.save_verdict(db, first, people["Ana"], "sourced")
    assert store.get_verdict(db, first, people["Ana"]) is None


def test_accept_above_saves_no_sourcing_verdict_on_an_article_with_another_scale(db, people):
    from annotator.learning import accept

    text = "Kim said prices rose. The ministry said wages fell. Lee said taxes rose."
    sourcing, article_id = new_article(db, text), new_article(db, text + " ")
    scales.use_scale(db, "rating", article_id)
    assert accept.candidates(db, sourcing, people["Lee"], 50)  # the same claims, on sourcing, have suggestions
    assert accept.candidates(db, article_id, people["Lee"], 50) == []
    assert accept.accept_above(db, article_id, people["Lee"], 50) == (None, 0)
    assert db["verdicts"].count == 0
