"""ClaimReview that can be published: Google's required and recommended fields, on a truth-rating scale only."""
import json

import pytest

from annotator import accounts, publication, scales, store, team
from annotator.claimreview import MAX_CLAIM_REVIEWED, claim_review, final_verdict_rows, short_claim
from annotator.export_rows import ExportFilter, claimreview_refusals, export_chunks
from annotator.importing import draft_from_text

LONG = ("Officials said the new bridge across the northern river will cost taxpayers forty million pounds more "
        "than planned.")

# schema.org property names (schema.org/ClaimReview, /Rating, /Claim, /CreativeWork, /Organization, /Person): a
# typo in a key would silently make search engines ignore the field.
SCHEMA_PROPERTIES = {
    "ClaimReview": {"@context", "@type", "url", "claimReviewed", "datePublished", "author", "reviewRating",
                    "itemReviewed", "reviewBody"},
    "Rating": {"@type", "ratingValue", "bestRating", "worstRating", "alternateName"},
    "Claim": {"@type", "text", "appearance", "datePublished", "author"},
    "CreativeWork": {"@type", "url", "headline", "datePublished"},
    "Organization": {"@type", "name", "url"},
    "Person": {"@type", "name"},
}
# What Google's fact-check markup requires of every ClaimReview it shows, and of its rating.
GOOGLE_REQUIRED = {"claimReviewed", "reviewRating", "url"}
GOOGLE_RECOMMENDED = {"author", "datePublished", "itemReviewed"}


def check_schema(node):
    assert set(node) <= SCHEMA_PROPERTIES[node["@type"]], (node["@type"], set(node) - SCHEMA_PROPERTIES[node["@type"]])
    for value in node.values():
        if isinstance(value, dict):
            check_schema(value)


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def desk(db):
    """An article on the truth rating with a long claim adjudicated "mostly false", and one on sourcing."""
    people = {name: accounts.create_user(db, name, "long password", role)
              for name, role in (("Lee", "lead"), ("Ana", "reviewer"))}
    rated = store.add_article(db, draft_from_text(LONG + " Kim said wages fell.", title="Bridge costs",
                                                  url="https://news.example/bridge"))
    db.execute("update articles set published = '2026-11-20' where id = ?", [rated])
    scales.use_scale(db, "rating", rated)
    sourcing = store.add_article(db, draft_from_text("The ministry reported growth.", title="Growth"))
    first, second = [claim["id"] for claim in store.claims_for(db, rated)]
    [third] = [claim["id"] for claim in store.claims_for(db, sourcing)]
    team.set_final_verdict(db, first, people["Lee"], "mostly false", "The council's own figures say 12 million")
    team.set_final_verdict(db, second, people["Lee"], "unproven", "checked by the lead")
    team.set_final_verdict(db, third, people["Lee"], "sourced", "checked by the lead")
    return {"people": people, "claims": (first, second, third), "articles": (rated, sourcing)}


def reviews(db, **kwargs):
    return json.loads("".join(export_chunks(db, "claimreview", organisation="Desk", **kwargs)))


def test_a_truth_rating_is_published_with_googles_fields(db, desk):
    [mostly_false, unproven] = reviews(db, url_template="https://desk.example/checks/{claim_id}")
    for review in (mostly_false, unproven):
        check_schema(review)
        assert GOOGLE_REQUIRED | GOOGLE_RECOMMENDED <= set(review)
    assert mostly_false["url"] == f"https://desk.example/checks/{desk['claims'][0]}"
    assert mostly_false["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2,
                                            "bestRating": 5, "worstRating": 1}
    assert mostly_false["reviewBody"] == "The council's own figures say 12 million"
    item = mostly_false["itemReviewed"]
    # The claimant: the source span the splitter found ("Officials", not named: an organisation).
    assert item["author"] == {"@type": "Organization", "name": store.get_claim(db, desk["claims"][0])["source"]}
    assert item["appearance"] == {"@type": "CreativeWork", "headline": "Bridge costs",
                                  "url": "https://news.example/bridge", "datePublished": "2026-11-20"}
    assert item["datePublished"] == "2026-11-20"
    assert len(mostly_false["datePublished"]) == 10


def test_a_value_with_no_number_is_published_by_its_name_alone(db, desk):
    unproven = reviews(db)[1]
    assert unproven["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_a_long_claim_is_trimmed_under_75_characters_and_kept_whole_in_the_claim(db, desk):
    review = reviews(db)[0]
    assert len(review["claimReviewed"]) < 75
    assert review["claimReviewed"].endswith("…")
    assert LONG.startswith(review["claimReviewed"][:-1])
    assert review["itemReviewed"]["text"] == LONG


@pytest.mark.parametrize("text", ["Short claim.", "word " * 40, "x" * 200, "A, " * 50])
def test_short_claim_is_never_75_characters_or_more(text):
    assert len(short_claim(text)) <= MAX_CLAIM_REVIEWED


def test_the_sourcing_scale_is_left_out_and_the_export_says_why(db, desk):
    assert [review["reviewRating"]["alternateName"] for review in reviews(db)] == ["Mostly false", "Unproven"]
    assert all(review["reviewRating"].get("alternateName") != "sourced" for review in reviews(db))
    [reason] = claimreview_refusals(db)
    assert "1 final verdict on the scale 'sourcing' left out: it is not a truth rating" in reason
    assert claimreview_refusals(db, ExportFilter(article_id=desk["articles"][0])) == []
    with pytest.raises(ValueError, match="no ClaimReview rating"):
        claim_review(next(row for row in final_verdict_rows(db) if row["scale_name"] == "sourcing"), "Desk")


def test_the_claimant_is_the_source_span_until_a_lead_edits_it(db, desk):
    first = desk["claims"][0]
    found = publication.publication_for(db, first)
    assert found["claimant"] == store.get_claim(db, first)["source"] and found["claimant"]
    assert not found["edited"]
    assert publication.save_publication(db, first, desk["people"]["Lee"], "  Transport   Minister Jo Bell ",
                                        "Person", "https://desk.example/checks/bridge")
    review = reviews(db, url_template="https://desk.example/checks/{claim_id}")[0]
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Transport Minister Jo Bell"}
    assert review["url"] == "https://desk.example/checks/bridge"  # the claim's own URL beats the template
    actions = [row["action"] for row in db.query("select action from claim_history where claim_id = ?", [first])]
    assert {"claimant", "fact-check URL"} <= set(actions)


@pytest.mark.parametrize("claimant, kind, url, message", [
    ("x" * 201, "Person", "", "longer than 200"),
    ("Jo", "Robot", "", "Person or an Organization"),
    ("Jo", "Person", "javascript:alert(1)", "http"),
])
def test_a_bad_claimant_or_url_is_refused_and_nothing_changes(db, desk, claimant, kind, url, message):
    with pytest.raises(publication.InvalidPublication, match=message):
        publication.save_publication(db, desk["claims"][0], desk["people"]["Lee"], claimant, kind, url)
    assert db["claim_publication"].count == 0


def test_a_snapshot_carries_the_scale_claimant_and_url_into_another_instance(db, desk, tmp_path):
    from annotator import interchange
    from annotator.db import connect, migrate

    first = desk["claims"][0]
    publication.save_publication(db, first, desk["people"]["Lee"], "Jo Bell", "Person", "https://desk.example/1")
    snapshot = "".join(interchange.jsonl_chunks(interchange.dump_articles(db, desk["articles"][0])))
    other = connect(tmp_path / "other.db")
    migrate(other)
    [new_id] = interchange.load_articles(other, snapshot.splitlines())
    assert scales.article_scale(other, new_id).name == "rating"
    [review, _] = json.loads("".join(export_chunks(other, "claimreview", organisation="Desk")))
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jo Bell"}
    assert review["url"] == "https://desk.example/1"
    assert review["reviewRating"]["alternateName"] == "Mostly false"


def test_a_snapshot_on_a_scale_this_instance_lacks_is_refused(db, desk, tmp_path):
    from annotator import interchange
    from annotator.db import connect, migrate

    scales.add_scale(db, {"name": "grades", "values": [
        {"name": "good", "key": "g", "colour": "#00aa00", "description": "Holds up."},
        {"name": "bad", "key": "b", "colour": "#aa0000", "description": "Does not."}]})
    article_id = store.add_article(db, draft_from_text("Kim said costs fell.", title="G"))
    scales.use_scale(db, "grades", article_id)
    snapshot = "".join(interchange.jsonl_chunks(interchange.dump_articles(db, article_id)))
    other = connect(tmp_path / "other.db")
    migrate(other)
    with pytest.raises(interchange.InterchangeError, match="its scale 'grades' is not defined here"):
        interchange.load_articles(other, snapshot.splitlines())
    assert other["articles"].count == 0
