"""Export filters, the wide shape, snapshots that round-trip, and ClaimReview JSON-LD, on the database."""
import json

import pytest

from annotator import accounts, evidence, interchange, store, team
from annotator.db import connect, migrate
from annotator.export_rows import (EXPORT_COLUMNS, ExportFilter, InvalidFilter, claimreview_refusals, export_chunks,
                                   reviewer_names,
                                   verdict_rows, wide_rows)
from annotator.importing import draft_from_text


@pytest.fixture
def db(bare_db):
    """This module's tests run on a bare database, without the app."""
    return bare_db


@pytest.fixture
def tagged(db):
    """Two articles; Ana and Ben tag, Lee adjudicates one claim."""
    people = {name: accounts.create_user(db, name, "long password", role)
              for name, role in (("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}
    one = store.add_article(db, draft_from_text("Kim said prices rose. Exports might fall.", title="One",
                                                url="https://example.org/one"))
    two = store.add_article(db, draft_from_text("The ministry reported growth.", title="Two"))
    first, second = [c["id"] for c in store.claims_for(db, one)]
    [third] = [c["id"] for c in store.claims_for(db, two)]
    store.save_verdict(db, first, people["Ana"], "sourced", "https://example.org/kim", "on record")
    store.save_verdict(db, first, people["Ben"], "unverified")
    store.save_verdict(db, second, people["Ana"], "speculative")
    store.save_verdict(db, third, people["Ben"], "sourced")
    evidence.add_evidence(db, first, people["Ana"], "https://example.org/filing", "prices rose", "primary document",
                          "2026-11-20")
    team.set_final_verdict(db, first, people["Lee"], "sourced", "Kim is on record")
    return {"people": people, "articles": (one, two), "claims": (first, second, third)}


def test_view_equals_the_long_export(db, tagged):
    view = list(db.query("select * from verdicts_export order by article_id, start, claim_id, reviewer"))
    assert view == list(verdict_rows(db))
    assert tuple(view[0]) == EXPORT_COLUMNS


@pytest.mark.parametrize("fields, expected", [
    ({}, 4),
    ({"reviewer": "Ana"}, 2),
    ({"verdict": "sourced"}, 2),
    ({"reviewer": "Ben", "verdict": "sourced"}, 1),
    ({"since": "2000-01-01", "until": "2999-12-31"}, 4),
    ({"until": "2000-01-01"}, 0),
    ({"since": "2999-01-01"}, 0),
])
def test_filters_pick_the_verdicts_asked_for(db, tagged, fields, expected):
    assert len(list(verdict_rows(db, ExportFilter.parse(**fields)))) == expected


def test_until_includes_the_whole_day(db, tagged):
    today = next(db.query("select updated_at from verdicts"))["updated_at"][:10]
    assert len(list(verdict_rows(db, ExportFilter.parse(since=today, until=today)))) == 4


@pytest.mark.parametrize("fields", [{"verdict": "probably"}, {"since": "last week"}, {"until": "2026-13-01"}])
def test_bad_filters_are_refused(fields):
    with pytest.raises(InvalidFilter):
        ExportFilter.parse(**fields)


def test_wide_rows_put_each_reviewer_in_a_column(db, tagged):
    first, second, third = tagged["claims"]
    reviewers = reviewer_names(db)
    assert reviewers == ["Ana", "Ben"]
    rows = {row["claim_id"]: row for row in wide_rows(db, reviewers)}
    assert (rows[first]["reviewer:Ana"], rows[first]["reviewer:Ben"], rows[first]["final_verdict"]) == (
        "sourced", "unverified", "sourced")
    assert (rows[second]["reviewer:Ana"], rows[second]["reviewer:Ben"]) == ("speculative", "")
    assert set(rows) == {first, second, third}


def test_snapshot_round_trips_into_a_fresh_instance(db, tagged, tmp_path):
    first = tagged["claims"][0]
    store.undo_last_change(db, first, tagged["people"]["Ben"])  # some history beyond plain saves
    snapshot = "".join(export_chunks(db, "snapshot"))
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    new_ids = interchange.load_articles(fresh, snapshot.splitlines())
    assert len(new_ids) == 2
    again = "".join(export_chunks(fresh, "snapshot"))
    assert again == snapshot  # a fresh instance gives the same ids, so the files are equal byte for byte
    # Verdicts, history and evidence all came along, by reviewer name.
    assert list(verdict_rows(fresh)) == list(verdict_rows(db))
    assert fresh["verdict_history"].count == db["verdict_history"].count
    assert fresh["claim_history"].count == db["claim_history"].count


def test_snapshot_into_a_used_instance_adds_articles_and_maps_people_by_name(db, tagged, tmp_path):
    snapshot = "".join(export_chunks(db, "snapshot", export_filter=ExportFilter(article_id=tagged["articles"][0])))
    other = connect(tmp_path / "other.db")
    migrate(other)
    store.add_article(other, draft_from_text("Something else said.", title="Existing"))
    accounts.create_user(other, "Ana", "another password")
    [new_id] = interchange.load_articles(other, snapshot.splitlines())
    rows = list(verdict_rows(other, ExportFilter(article_id=new_id)))
    assert {(row["reviewer"], row["verdict"]) for row in rows} == {
        ("Ana", "sourced"), ("Ben", "unverified"), ("Ana", "speculative")}
    ben = next(other.query("select password_hash from reviewers where name = 'Ben'"))
    assert ben["password_hash"] is None  # created by the import, cannot log in


def test_broken_snapshot_imports_nothing(db, tmp_path):
    with pytest.raises(interchange.InterchangeError, match="snap.jsonl:2"):
        interchange.load_articles(db, ['{"article": {"title": "x", "text": "y", "created_at": "2026-11-25T10:00:00Z"}, "claims": []}', "{broken"],
                                  filename="snap.jsonl")
    assert db["articles"].count == 0


def test_a_sourcing_final_verdict_is_never_published_as_a_claimreview_rating(db, tagged):
    # "sourced" says the claim has a source, not that it is true: publishing it as 3 of 3 would mislead.
    assert json.loads("".join(export_chunks(db, "claimreview", organisation="Desk"))) == []
    assert claimreview_refusals(db) == [
        "1 final verdict on the scale 'sourcing' left out: it is not a truth rating and has no ClaimReview mapping "
        "(give the article a scale that has one, such as 'rating')."]
    assert claimreview_refusals(db, ExportFilter(article_id=tagged["articles"][1])) == []
