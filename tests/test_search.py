"""Corpus search, without Flask: what a query finds, where, highlighted how, filtered and paged for whom."""
import pytest

from annotator import accounts, evidence, lifecycle, search, store, team
from annotator.importing import ArticleDraft

PASSWORD = "correct horse battery"


def _draft(text, title="A recall"):
    return ArticleDraft(title=title, text=text, url="", author="", published="", source="paste", filename="")


@pytest.fixture
def desk(bare_db):
    """Two articles, a lead (Lee) and two reviewers (Ana, Ben): name -> user, and the claims by first word."""
    db = bare_db
    users = {name: accounts.get_user(db, accounts.create_user(db, name, PASSWORD, role))
             for name, role in (("Lee", "lead"), ("Ana", "reviewer"), ("Ben", "reviewer"))}
    store.add_article(db, _draft("The company recalled 63,000 vehicles over legal issues, the regulator said. "
                                 "Sales rose sharply in May, the chief executive said."))
    store.add_article(db, _draft("The mayor opened a bridge across the river, officials said.", title="A bridge"))
    claims = {row["text"].split()[1]: row["id"] for row in db.query("select id, text from claims")}
    return db, users, claims


def _find(db, viewer, query="", **filters):
    rows, total = search.search_page(db, search.Search.parse(viewer, query, **filters), viewer)
    assert total == len(rows)
    return rows


def _texts(rows):
    return [row["text"].split()[1] for row in rows]


def test_several_words_find_only_the_claims_holding_all_of_them(desk):
    db, users, _ = desk
    assert _texts(_find(db, users["Ana"], "company vehicles")) == ["company"]
    assert _find(db, users["Ana"], "company bridge") == []


def test_a_word_finds_its_other_forms(desk):
    db, users, _ = desk
    assert _texts(_find(db, users["Ana"], "recalls")) == ["company"]


def test_a_quoted_phrase_finds_the_words_together_only(desk):
    db, users, _ = desk
    assert _texts(_find(db, users["Ana"], '"legal issues"')) == ["company"]
    assert _find(db, users["Ana"], '"issues legal"') == []


def test_a_word_ending_in_a_star_finds_every_word_it_starts(desk):
    db, users, _ = desk
    assert _texts(_find(db, users["Ana"], "veh*")) == ["company"]
    assert _texts(_find(db, users["Ana"], "bri*")) == ["mayor"]


@pytest.mark.parametrize("query", ['"', "AND", "OR bridge", "(", "NEAR(", "-", "bridge -", '"bridge', "bridge)",
                                   "col:bridge", "^bridge", "bridge NOT", "*bridge", "NEAR(bridge river)"])
def test_fts_syntax_in_a_query_is_read_as_plain_words(desk, query):
    db, users, _ = desk
    terms = search.parse_query(query) if any(ch.isalnum() for ch in query) else ()
    if not terms:
        with pytest.raises(search.InvalidSearch, match="no word to look for"):
            search.parse_query(query)
        return
    _find(db, users["Ana"], query)  # runs: FTS5 never sees an operator


def test_a_lone_star_or_punctuation_is_refused_with_a_message(desk):
    for query in ("*", "-", "(", '"', "()"):
        with pytest.raises(search.InvalidSearch, match="no word to look for"):
            search.parse_query(query)


def test_a_very_long_query_is_refused_with_a_message():
    with pytest.raises(search.InvalidSearch, match="longer than 500 characters"):
        search.parse_query("word " * 1000)


def test_a_query_of_too_many_words_is_refused_with_a_message():
    with pytest.raises(search.InvalidSearch, match="more than 20 words"):
        search.parse_query(" ".join(f"w{number}" for number in range(21)))


def test_operators_become_quoted_terms():
    assert search.Search.parse({"name": "Ana", "role": "reviewer"}, 'AND "legal issues" recall* NEAR(').match \
        == '"AND" "legal issues" "recall"* "NEAR("'


def test_the_match_is_marked_after_escaping_the_text(desk):
    db, users, claims = desk
    db.execute("update claims set text = '<script>alert(1)</script> recalled', key_phrase = '' where id = ?",
               [claims["company"]])
    row = _find(db, users["Ana"], "recalls")[0]
    assert str(row["text_html"]) == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>recalled</mark>"


def test_a_note_with_markup_shows_as_text_and_says_it_matched_in_the_note(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced", "", "<script>x()</script> council minutes")
    row = _find(db, users["Ana"], "minutes")[0]
    assert row["matched_in"] == ["note"]
    assert [str(match["html"]) for match in row["matches"]] == [
        "&lt;script&gt;x()&lt;/script&gt; council <mark>minutes</mark>"]
    assert row["matches"][0]["reviewer"] == "Ana"


def test_evidence_is_searched_by_its_link_and_quote(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced")
    evidence.add_evidence(db, claims["mayor"], users["Ana"]["id"], "https://city.example/minutes",
                          quote="the bridge opens on Monday")
    assert [row["matched_in"] for row in _find(db, users["Ana"], "Monday")] == [["evidence"]]
    assert [row["matched_in"] for row in _find(db, users["Ana"], "city")] == [["evidence"]]


def test_a_match_in_the_key_phrase_says_so(desk):
    db, users, claims = desk
    db.execute("update claims set key_phrase = 'vehicle recall' where id = ?", [claims["company"]])
    db.execute("update claims set key_phrase = 'span works' where id = ?", [claims["mayor"]])
    assert _find(db, users["Ana"], "works")[0]["matched_in"] == ["key phrase"]


def test_a_reviewer_finds_nothing_in_another_reviewers_note_or_evidence(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ben"]["id"], "unverified", "https://ben.example/x",
                       "ferry timetable")
    evidence.add_evidence(db, claims["mayor"], users["Ben"]["id"], "https://ben.example/y", quote="pontoon plans")
    store.save_note(db, claims["company"], users["Ben"]["id"], "", "untagged harbour note")
    for query in ("ferry", "pontoon", "harbour"):
        assert _find(db, users["Ana"], query) == []
    assert _texts(_find(db, users["Ben"], "harbour")) == ["company"]
    assert _texts(_find(db, users["Lee"], "ferry")) == ["mayor"]
    assert _texts(_find(db, users["Lee"], "pontoon")) == ["mayor"]


def test_a_reviewer_sees_their_own_verdict_only_and_a_lead_everyones(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced")
    store.save_verdict(db, claims["mayor"], users["Ben"]["id"], "unverified")
    team.set_final_verdict(db, claims["mayor"], users["Lee"]["id"], "sourced", "on record")
    ana = _find(db, users["Ana"], "bridge")[0]
    assert ana["verdicts"] == [{"reviewer": "Ana", "verdict": "sourced"}]
    assert ana["final_verdict"] == "sourced"
    assert _find(db, users["Lee"], "bridge")[0]["verdicts"] == [
        {"reviewer": "Ana", "verdict": "sourced"}, {"reviewer": "Ben", "verdict": "unverified"}]


def test_assignments_do_not_hide_articles_as_the_review_page_opens_every_article(desk):
    db, users, claims = desk
    bridge = next(db.query("select article_id from claims where id = ?", [claims["mayor"]]))["article_id"]
    team.set_assignments(db, bridge, [users["Ben"]["id"]], users["Lee"]["id"])
    assert _texts(_find(db, users["Ana"], "bridge")) == ["mayor"]


def test_a_reviewer_may_not_filter_by_another_reviewer(desk):
    db, users, _ = desk
    with pytest.raises(search.InvalidSearch, match="only their own verdicts"):
        search.Search.parse(users["Ana"], "bridge", reviewer="Ben")
    search.Search.parse(users["Lee"], "bridge", reviewer="Ben")


def test_a_reviewers_verdict_filter_looks_at_their_own_verdicts(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ben"]["id"], "unverified")
    assert _find(db, users["Ana"], "bridge", verdict="unverified") == []
    assert _texts(_find(db, users["Lee"], "bridge", verdict="unverified")) == ["mayor"]
    assert _texts(_find(db, users["Lee"], "bridge", verdict="unverified", reviewer="Ben")) == ["mayor"]
    assert _find(db, users["Lee"], "bridge", verdict="unverified", reviewer="Ana") == []


def test_the_final_verdict_filter_takes_a_verdict_or_none_yet(desk):
    db, users, claims = desk
    team.set_final_verdict(db, claims["mayor"], users["Lee"]["id"], "speculative", "vague")
    assert _texts(_find(db, users["Ana"], "", final_verdict="speculative")) == ["mayor"]
    assert "mayor" not in _texts(_find(db, users["Ana"], "", final_verdict="none"))
    with pytest.raises(search.InvalidSearch, match="Unknown final verdict"):
        search.Search.parse(users["Ana"], "", final_verdict="maybe")


def test_the_date_filter_takes_iso_dates_and_refuses_others(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced")
    db.execute("update verdicts set updated_at = '2026-11-25T10:00:00Z'")
    assert _texts(_find(db, users["Ana"], "", since="2026-11-25", until="2026-11-25")) == ["mayor"]
    assert _texts(_find(db, users["Ana"], "", since="20261125")) == ["mayor"]
    assert _find(db, users["Ana"], "", since="2026-11-26") == []
    with pytest.raises(search.InvalidSearch, match="since date must be a date like 2026-11-25"):
        search.Search.parse(users["Ana"], "", since="25/11/2026")


def test_the_article_filter_keeps_one_article(desk):
    db, users, claims = desk
    bridge = next(db.query("select article_id from claims where id = ?", [claims["mayor"]]))["article_id"]
    assert _texts(_find(db, users["Ana"], "said", article_id=bridge)) == ["mayor"]


def test_archived_articles_are_left_out_unless_asked_for(desk):
    db, users, claims = desk
    bridge = next(db.query("select article_id from claims where id = ?", [claims["mayor"]]))["article_id"]
    lifecycle.archive_article(db, bridge, users["Lee"]["id"])
    assert _find(db, users["Ana"], "bridge") == []
    assert _texts(_find(db, users["Ana"], "bridge", archived="include")) == ["mayor"]
    assert _texts(_find(db, users["Ana"], "said", archived="only")) == ["mayor"]


def test_retired_claims_are_left_out_unless_asked_for_and_say_retired(desk):
    db, users, claims = desk
    db.execute("update claims set retired_at = '2026-11-25T10:00:00Z' where id = ?", [claims["mayor"]])
    assert _find(db, users["Ana"], "bridge") == []
    rows = _find(db, users["Ana"], "bridge", claims="all")
    assert [(row["id"], row["status"]) for row in rows] == [(claims["mayor"], "retired")]


def test_results_come_a_page_at_a_time_with_the_total(bare_db):
    viewer = accounts.get_user(bare_db, accounts.create_user(bare_db, "Ana", PASSWORD, "reviewer"))
    store.add_article(bare_db, _draft(" ".join(f"Officials said bridge {n} opened." for n in range(30))))
    found = search.Search.parse(viewer, "bridge")
    first, total = search.search_page(bare_db, found, viewer, 1)
    second, _ = search.search_page(bare_db, found, viewer, 2)
    assert (len(first), len(second), total) == (25, total - 25, total)
    assert not {row["id"] for row in first} & {row["id"] for row in second}
    assert search.page_count(total) == 2


def test_the_csv_has_a_fixed_header_and_neutralises_formulas(desk):
    db, users, claims = desk
    db.execute("update claims set text = '=HYPERLINK(\"x\") bridge', key_phrase = '@bridge' where id = ?",
               [claims["mayor"]])
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced")
    text = "".join(search.csv_chunks(db, search.Search.parse(users["Ana"], "bridge"), users["Ana"]))
    bridge = next(db.query("select article_id from claims where id = ?", [claims["mayor"]]))["article_id"]
    assert text == (
        "article_id,article_title,claim_id,claim_text,key_phrase,claim_status,verdicts,final_verdict,matched_in\r\n"
        f"{bridge},A bridge,{claims['mayor']},\"'=HYPERLINK(\"\"x\"\") bridge\",'@bridge,live,Ana: sourced,,"
        "text; key phrase\r\n")


def test_an_empty_search_csv_is_the_header_alone(desk):
    db, users, _ = desk
    assert "".join(search.csv_chunks(db, search.Search.parse(users["Ana"], "zebra"), users["Ana"])) == \
        "article_id,article_title,claim_id,claim_text,key_phrase,claim_status,verdicts,final_verdict,matched_in\r\n"


def test_search_args_keep_only_the_filters_given(desk):
    _, users, _ = desk
    found = search.Search.parse(users["Lee"], "bridge", verdict="sourced", claims="all", archived="exclude")
    assert found.args() == {"q": "bridge", "verdict": "sourced", "claims": "all"}


def test_the_note_index_follows_changes_and_deletes(desk):
    db, users, claims = desk
    store.save_note(db, claims["mayor"], users["Ana"]["id"], "", "first draft")
    # Tagging the claim moves the note typed before onto the verdict.
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced", None, None)
    assert [row["matched_in"] for row in _find(db, users["Ana"], "draft")] == [["note"]]
    store.save_note(db, claims["mayor"], users["Ana"]["id"], "", "second version")
    assert _find(db, users["Ana"], "draft") == []
    assert [row["matched_in"] for row in _find(db, users["Ana"], "version")] == [["note"]]


def test_every_result_reaches_the_csv_in_order_across_batches(bare_db):
    viewer = accounts.get_user(bare_db, accounts.create_user(bare_db, "Ana", PASSWORD, "reviewer"))
    store.add_article(bare_db, _draft(" ".join(f"Officials said bridge {n} opened." for n in range(12))))
    found = search.Search.parse(viewer, "bridge")
    everything = [row["id"] for row in search.all_results(bare_db, found, viewer, batch=5)]
    assert everything == [row["id"] for row in search.search_page(bare_db, found, viewer, 1, 100)[0]]
    assert len(everything) == 12


def test_notes_written_before_the_index_existed_are_found_once_it_is_made(desk):
    from annotator.db import migrate
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced", "", "ferry minutes")
    # As a database from before migration 0016: no note index, the migration not recorded.
    for table in ("verdicts", "untagged_notes", "evidence"):
        db[table].disable_fts()
    db.execute("delete from _migrations where name = '0016_note_search_index'")
    assert migrate(db) == ["0016_note_search_index"]
    assert [row["matched_in"] for row in _find(db, users["Ana"], "ferry")] == [["note"]]


def test_a_deleted_article_leaves_nothing_in_the_note_indexes(desk):
    db, users, claims = desk
    store.save_verdict(db, claims["mayor"], users["Ana"]["id"], "sourced", "", "ferry minutes")
    evidence.add_evidence(db, claims["mayor"], users["Ana"]["id"], "https://city.example/ferry")
    store.save_note(db, claims["company"], users["Ana"]["id"], "", "ferry note")
    for article in list(db.query("select id from articles")):
        "".join(lifecycle.snapshot_chunks(db, article["id"], users["Lee"]["id"]))  # kept before a delete for good
        lifecycle.delete_article(db, article["id"], None, str(article["id"]))
    assert _find(db, users["Lee"], "ferry") == []
    for table in ("verdicts_fts", "untagged_notes_fts", "evidence_fts"):
        assert db.execute(f"select count(*) from {table}").fetchone()[0] == 0, table
