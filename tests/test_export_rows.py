"""Export filters, the wide shape, snapshots that round-trip, and ClaimReview JSON-LD, on the database."""
import json

import pytest

from annotator import accounts, evidence, interchange, store, team
from annotator.claimreview import claim_review, final_verdict_rows
from annotator.db import connect, migrate
from annotator.export_rows import (EXPORT_COLUMNS, ExportFilter, InvalidFilter, export_chunks, reviewer_names,
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


# schema.org property names (https://schema.org/ClaimReview, /Rating, /Claim, /CreativeWork, /Organization):
# a typo in a key would silently make search engines ignore the field.
SCHEMA_PROPERTIES = {
    "ClaimReview": {"@context", "@type", "claimReviewed", "datePublished", "author", "reviewRating",
                    "itemReviewed", "reviewBody", "url"},
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"},
    "Claim": {"@type", "appearance", "datePublished", "author", "firstAppearance"},
    "CreativeWork": {"@type", "url", "headline", "datePublished"},
    "Organization": {"@type", "name", "url"},
}


def check_schema(node):
    assert set(node) <= SCHEMA_PROPERTIES[node["@type"]], (node["@type"], set(node) - SCHEMA_PROPERTIES[node["@type"]])
    for value in node.values():
        if isinstance(value, dict):
            check_schema(value)


def test_claimreview_has_the_schema_org_shape(db, tagged):
    [row] = list(final_verdict_rows(db))
    review = claim_review(row, "Desk", "https://desk.example")
    check_schema(review)
    assert review["claimReviewed"] == "Kim said prices rose."
    assert review["reviewRating"]["alternateName"] == "sourced"
    assert review["itemReviewed"]["appearance"]["url"] == "https://example.org/one"
    assert review["author"] == {"@type": "Organization", "name": "Desk", "url": "https://desk.example"}
    assert len(review["datePublished"]) == 10
    assert review["reviewBody"] == "Kim is on record"


def test_claimreview_export_is_a_json_array_of_final_verdicts_only(db, tagged):
    reviews = json.loads("".join(export_chunks(db, "claimreview", organisation="Desk")))
    assert [r["claimReviewed"] for r in reviews] == ["Kim said prices rose."]
    assert json.loads("".join(export_chunks(db, "claimreview", export_filter=ExportFilter(
        article_id=tagged["articles"][1])))) == []
