"""Learning from the desk's settled verdicts: what counts as settled, when the learnt model takes over, what it
re-suggests, the model file, and a lead's accept-above with its undo."""
import json
import threading
import logging

import pytest

from annotator import accounts, db as database, edits, store, team
from annotator.learning import CLAIM_SCALE, SCALE, accept, background, model_file, settled
from annotator.learning.features import claim_features, describe
from annotator.learning.training import due, retrain
from learning_desk import add_articles, claims_of, tag_like_the_desk

PASSWORD = "correct horse battery"


@pytest.fixture
def people(bare_db):
    return {name: accounts.create_user(bare_db, name, PASSWORD, role)
            for name, role in (("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}


@pytest.fixture
def model_path(tmp_path):
    return tmp_path / "instance" / model_file.FILE_NAME


def _desk_with_a_learnt_model(db, people, model_path):
    """Nine articles tagged by the desk's rule, a tenth with one "Officials said" claim tagged; then learnt."""
    ids = add_articles(db, 10)
    tag_like_the_desk(db, ids[:9], people["Ana"])
    last = claims_of(db, ids[9])
    tagged = next(claim for claim in last if claim["text"].startswith("Officials said"))
    store.save_verdict(db, tagged["id"], people["Ben"], "sourced")
    untagged = next(claim for claim in last if claim["text"].startswith("Officials said") and claim is not tagged)
    return ids, tagged, untagged, retrain(db, model_path)


def test_a_settled_verdict_is_the_final_one_else_the_one_all_reviewers_agree_on(bare_db, people):
    article_id, = add_articles(bare_db, 1)
    first, second, third, fourth, *_ = claims_of(bare_db, article_id)
    store.save_verdict(bare_db, first["id"], people["Ana"], "sourced")
    store.save_verdict(bare_db, first["id"], people["Ben"], "unverified")
    team.set_final_verdict(bare_db, first["id"], people["Lee"], "speculative", "unnamed officials")
    store.save_verdict(bare_db, second["id"], people["Ana"], "sourced")
    store.save_verdict(bare_db, second["id"], people["Ben"], "sourced")
    store.save_verdict(bare_db, third["id"], people["Ana"], "unverified")
    store.save_verdict(bare_db, fourth["id"], people["Ana"], "sourced")
    store.save_verdict(bare_db, fourth["id"], people["Ben"], "speculative")
    found = {example.claim["id"]: example.verdict for example in settled.examples(bare_db)}
    assert found == {first["id"]: "speculative", second["id"]: "sourced", third["id"]: "unverified"}
    assert settled.settled_count(bare_db) == 3


def test_learnt_model_takes_over_and_re_suggests_untagged_claims_only(bare_db, people, model_path):
    ids, tagged, untagged, outcome = _desk_with_a_learnt_model(bare_db, people, model_path)
    entry = outcome.model["scales"][SCALE]
    assert entry["active"], entry["held_out"]
    held = entry["held_out"]
    assert held["learnt"]["accuracy"] > held["built-in"]["accuracy"]
    assert held["learnt_right_built_in_wrong"] > held["built_in_right_learnt_wrong"]
    assert untagged["suggestion"] == tagged["suggestion"] == "speculative"  # the built-in rules' verdict
    assert store.get_claim(bare_db, untagged["id"])["suggestion"] == "sourced"
    assert store.get_claim(bare_db, tagged["id"])["suggestion"] == "speculative"
    # An untagged claim the desk's rule agrees with the built-in rules on keeps its verdict.
    police = next(c for c in claims_of(bare_db, ids[9]) if c["text"].startswith("Police said"))
    assert police["suggestion"] == "sourced"
    assert outcome.resuggested >= 1


def test_the_learnt_suggestion_says_which_features_decided(bare_db, people, model_path):
    *_, untagged, _ = _desk_with_a_learnt_model(bare_db, people, model_path)
    claim = store.get_claim(bare_db, untagged["id"])
    shown = claim["explanation"].split(", ")
    assert 1 <= len(shown) <= 3
    assert set(shown) <= {describe(name) for name in claim_features(settled.claim_row(untagged))}
    # The cue marked in the text is the claim's own words of a word feature the explanation names.
    assert claim["cue"] and claim["cue"] in claim["text"]
    assert any(claim["cue"].casefold() in part for part in shown)


def test_a_desk_that_follows_the_built_in_rules_keeps_them(bare_db, people, model_path):
    ids = add_articles(bare_db, 10)
    tag_like_the_desk(bare_db, ids[:9], people["Ana"], rule=lambda claim: claim["suggestion"])
    before = {claim["id"]: claim["suggestion"] for claim in claims_of(bare_db, ids[9])}
    outcome = retrain(bare_db, model_path)
    assert outcome.model["scales"][SCALE]["active"] is False
    assert outcome.model["scales"][SCALE]["held_out"] is not None
    assert {claim["id"]: claim["suggestion"] for claim in claims_of(bare_db, ids[9])} == before
    assert outcome.resuggested == 0


def test_too_few_verdicts_are_not_compared_and_the_rules_stay(bare_db, people, model_path):
    ids = add_articles(bare_db, 2)
    tag_like_the_desk(bare_db, ids, people["Ana"])
    outcome = retrain(bare_db, model_path)
    assert outcome.model["scales"][SCALE] == {"verdicts": 2 * 6, "held_out": None, "active": False, "weights": None}


def test_model_file_is_json_versioned_with_the_verdict_count_it_saw(bare_db, people, model_path):
    _, _, _, outcome = _desk_with_a_learnt_model(bare_db, people, model_path)
    saved = json.loads(model_path.read_text(encoding="utf-8"))
    assert saved["version"] == 1 and saved["verdict_count"] == settled.settled_count(bare_db) == 9 * 6 + 1
    assert saved["trained_at"] and saved["scales"][SCALE]["weights"]["classes"]
    assert retrain(bare_db, model_path).model["version"] == 2
    assert model_file.load(bare_db, model_path)["version"] == 2


def test_a_corrupt_model_file_falls_back_to_the_built_in_rules_with_a_log_message(bare_db, people, model_path,
                                                                                 caplog, tmp_path):
    *_, untagged, _ = _desk_with_a_learnt_model(bare_db, people, model_path)
    assert store.get_claim(bare_db, untagged["id"])["suggestion"] == "sourced"
    model_path.write_text('{"format": "claim-annotator-learnt-model", "format_version": 1, "version": 1, ',
                          encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="annotator.learning"):
        assert model_file.load(bare_db, model_path) is None
        background.Job(str(tmp_path / "bare.db"), str(model_path))()
    assert "is corrupt" in caplog.text and "built-in rules" in caplog.text
    claim = store.get_claim(bare_db, untagged["id"])
    assert (claim["suggestion"], claim["confidence"]) == ("speculative", untagged["confidence"])


def test_a_file_with_planted_weights_is_refused(bare_db, people, model_path, caplog):
    _desk_with_a_learnt_model(bare_db, people, model_path)
    planted = json.loads(model_path.read_text(encoding="utf-8"))
    planted["scales"][SCALE]["weights"]["weights"]["sourced"]["word: officials"] = "__import__('os')"
    model_path.write_text(json.dumps(planted), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="annotator.learning"):
        assert model_file.load(bare_db, model_path) is None
    assert "not a finite number" in caplog.text


def test_a_missing_model_file_is_rebuilt_from_the_database_so_a_backup_carries_the_model(bare_db, people,
                                                                                        model_path, tmp_path):
    _, _, _, outcome = _desk_with_a_learnt_model(bare_db, people, model_path)
    database.backup(bare_db, tmp_path / "backup.db")
    restored = database.connect(tmp_path / "backup.db")
    elsewhere = tmp_path / "restored-instance" / model_file.FILE_NAME
    loaded = model_file.load(restored, elsewhere)
    assert loaded == outcome.model
    assert json.loads(elsewhere.read_text(encoding="utf-8")) == outcome.model
    restored.close()


def test_retraining_is_due_after_learn_every_new_settled_verdicts(bare_db, people, model_path):
    ids = add_articles(bare_db, 5)
    database.set_setting(bare_db, "learn_every", "13")
    tag_like_the_desk(bare_db, ids[:2], people["Ana"])  # 6 claims each
    assert not due(bare_db)
    tag_like_the_desk(bare_db, ids[2:3], people["Ana"])
    assert due(bare_db)
    retrain(bare_db, model_path)
    assert not due(bare_db)
    database.set_setting(bare_db, "learn_every", "0")
    tag_like_the_desk(bare_db, ids[3:], people["Ana"])
    assert not due(bare_db)


def test_features_are_nameable(bare_db):
    article_id, = add_articles(bare_db, 1)
    officials = next(c for c in claims_of(bare_db, article_id) if c["text"].startswith("Officials said"))
    names = claim_features(officials)
    assert {"built-in: speculative", "cue: vague source", "source: unnamed", "verb: said",
            "words: officials said"} <= set(names)
    assert describe("words: officials said") == "the words “officials said”"
    assert describe("source: unnamed") == "an unnamed source"


# --- Accept every suggestion above X % ------------------------------------------------------------------------

def test_accept_above_tags_exactly_the_claims_at_or_above_the_threshold_and_one_undo_removes_them(bare_db, people):
    article_id, other = add_articles(bare_db, 2)
    claims = claims_of(bare_db, article_id)
    lead = people["Lee"]
    already = claims[0]
    store.save_verdict(bare_db, already["id"], lead, "unverified")
    expected = {c["id"] for c in claims[1:] if int(100 * c["confidence"] + 1e-9) >= 88}
    assert expected and len(expected) < len(claims) - 1  # the threshold leaves some claims out
    acceptance_id, count = accept.accept_above(bare_db, article_id, lead, 88)
    mine = {c["id"]: c["verdict"] for c in store.claims_for(bare_db, article_id, lead) if c["verdict"]}
    assert count == len(expected)
    assert set(mine) == expected | {already["id"]}
    assert all(mine[c["id"]] == c["suggestion"] for c in claims if c["id"] in expected)
    assert not any(c["verdict"] for c in store.claims_for(bare_db, other, lead))
    assert accept.last_acceptance(bare_db, article_id, lead)["count"] == count
    assert accept.undo_acceptance(bare_db, acceptance_id, lead) == (article_id, count, 0)
    after = {c["id"]: c["verdict"] for c in store.claims_for(bare_db, article_id, lead) if c["verdict"]}
    assert after == {already["id"]: "unverified"}
    assert accept.last_acceptance(bare_db, article_id, lead) is None
    with pytest.raises(accept.InvalidAcceptance):
        accept.undo_acceptance(bare_db, acceptance_id, lead)


def test_undoing_an_acceptance_leaves_a_verdict_changed_since(bare_db, people):
    article_id, = add_articles(bare_db, 1)
    lead = people["Lee"]
    acceptance_id, count = accept.accept_above(bare_db, article_id, lead, 85)
    changed = next(c for c in store.claims_for(bare_db, article_id, lead) if c["verdict"])
    store.save_verdict(bare_db, changed["id"], lead, "speculative")
    assert accept.undo_acceptance(bare_db, acceptance_id, lead) == (article_id, count - 1, 1)
    assert store.get_verdict(bare_db, changed["id"], lead)["verdict"] == "speculative"


def test_accepted_suggestions_are_not_learnt_from_until_a_person_changes_them(bare_db, people):
    article_id, = add_articles(bare_db, 1)
    _, count = accept.accept_above(bare_db, article_id, people["Lee"], 50)
    assert count and settled.settled_count(bare_db) == 0
    claim = next(c for c in store.claims_for(bare_db, article_id, people["Lee"]) if c["verdict"])
    store.save_verdict(bare_db, claim["id"], people["Lee"], "speculative")
    assert settled.settled_count(bare_db) == 1


def test_accept_above_keeps_the_note_typed_before_and_the_undo_gives_it_back(bare_db, people):
    article_id, = add_articles(bare_db, 1)
    lead = people["Lee"]
    claim = next(c for c in claims_of(bare_db, article_id) if c["confidence"] >= 0.85)
    store.save_note(bare_db, claim["id"], lead, "https://example.org/a", "check the council minutes")
    acceptance_id, _ = accept.accept_above(bare_db, article_id, lead, 85)
    assert store.get_verdict(bare_db, claim["id"], lead)["note"] == "check the council minutes"
    accept.undo_acceptance(bare_db, acceptance_id, lead)
    assert store.get_verdict(bare_db, claim["id"], lead) is None
    assert store.get_untagged_note(bare_db, claim["id"], lead)["note"] == "check the council minutes"


@pytest.mark.parametrize("typed", ["", "abc", "49", "101", "9.5"])
def test_accept_above_refuses_a_threshold_out_of_range(typed):
    with pytest.raises(accept.InvalidAcceptance, match="from 50 to 100"):
        accept.parse_percent(typed)


def test_claims_added_after_training_get_the_learnt_suggestion_from_the_background_job(bare_db, people, model_path,
                                                                                     tmp_path):
    _desk_with_a_learnt_model(bare_db, people, model_path)
    database.set_setting(bare_db, "learn_every", "1000")  # not due: the job only brings new claims up to date
    new_article, = add_articles(bare_db, 1, first=10)
    officials = next(c for c in claims_of(bare_db, new_article) if c["text"].startswith("Officials said"))
    assert officials["suggestion"] == "speculative"
    background.Job(str(tmp_path / "bare.db"), str(model_path))()
    assert store.get_claim(bare_db, officials["id"])["suggestion"] == "sourced"
    assert bare_db["learnt_models"].count == 1


def test_the_thread_runner_runs_the_job_outside_the_caller():
    done, caller = threading.Event(), threading.current_thread()
    ran_in = []

    class Probe:
        def __call__(self):
            ran_in.append(threading.current_thread())
            done.set()

    background.thread_runner(Probe())
    assert done.wait(5)
    assert ran_in[0] is not caller and ran_in[0].name == "annotator-learning"


def test_the_desk_s_not_a_claim_marks_are_learnt_for_untagged_lines_nobody_marked(bare_db, people, model_path):
    ids = add_articles(bare_db, 11, editors_note=True)
    for article_id in ids[:9]:
        *claims, note = claims_of(bare_db, article_id)
        assert note["text"].startswith("This story was updated") and note["is_claim"]
        edits.set_not_a_claim(bare_db, note["id"], people["Lee"], "an editor's note")
        for claim in claims:
            store.save_verdict(bare_db, claim["id"], people["Ana"], claim["suggestion"])
    # In the eleventh article a lead said the note is a claim after all: a person's answer is never changed.
    kept = claims_of(bare_db, ids[10])[-1]
    edits.set_not_a_claim(bare_db, kept["id"], people["Lee"], "an editor's note")
    edits.set_a_claim(bare_db, kept["id"], people["Lee"])
    assert store.progress(bare_db, ids[9], people["Ana"]).total == 7
    outcome = retrain(bare_db, model_path)
    entry = outcome.model["scales"][CLAIM_SCALE]
    assert entry["active"], entry["held_out"]
    assert entry["held_out"]["learnt"]["accuracy"] > entry["held_out"]["built-in"]["accuracy"]
    last = {claim["id"]: claim for claim in store.claims_for(bare_db, ids[9])}
    note = max(last.values(), key=lambda claim: claim["position"])
    # 9 x 6 settled verdicts (claims), 9 marks "not a claim", 1 marked back a claim.
    assert entry["verdicts"] == 9 * 6 + 9 + 1
    assert not note["is_claim"] and note["reason"].startswith("learnt from 64 of your verdicts and marks: ")
    assert all(claim["is_claim"] for claim in last.values() if claim["id"] != note["id"])
    assert store.get_claim(bare_db, kept["id"])["is_claim"] == 1
    # Folded away, the note leaves the progress count; without an active model it comes back as it was.
    assert store.progress(bare_db, ids[9], people["Ana"]).total == 6
    from annotator.learning import resuggest
    resuggest.apply(bare_db, None)
    assert store.get_claim(bare_db, note["id"])["is_claim"] == 1
    assert store.get_claim(bare_db, note["id"])["reason"] == ""


def test_a_server_process_leaves_training_to_the_one_that_holds_the_lease(bare_db, people, model_path, tmp_path):
    from annotator.learning import training
    ids = add_articles(bare_db, 3)
    database.set_setting(bare_db, "learn_every", "5")
    tag_like_the_desk(bare_db, ids, people["Ana"])
    assert due(bare_db)
    # Another gunicorn worker is training right now: this process's job must not train the same model again.
    assert training.take_lease(bare_db, holder="worker-elsewhere")
    background.Job(str(tmp_path / "bare.db"), str(model_path))()
    assert bare_db["learnt_models"].count == 0
    # Once the other worker is done (or its lease ran out after a crash), the next job trains.
    training.release_lease(bare_db, holder="worker-elsewhere")
    background.Job(str(tmp_path / "bare.db"), str(model_path))()
    assert bare_db["learnt_models"].count == 1
    assert database.get_setting(bare_db, training.LEASE_KEY) is None  # the lease was given back


def test_a_lease_left_by_a_dead_process_runs_out(bare_db):
    from annotator.learning import training
    assert training.take_lease(bare_db, holder="a", now=1000.0)
    assert not training.take_lease(bare_db, holder="b", now=1000.0 + training.LEASE_SECONDS - 1)
    assert training.take_lease(bare_db, holder="b", now=1000.0 + training.LEASE_SECONDS + 1)
    training.release_lease(bare_db, holder="a")  # a late release of a lease that ran out frees nothing
    assert not training.take_lease(bare_db, holder="c", now=1000.0 + training.LEASE_SECONDS + 2)
