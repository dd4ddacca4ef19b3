"""The full-text index of claims stays in step with every way a claim is stored, changed or deleted."""
from annotator import lifecycle
from annotator.importing import ArticleDraft
from annotator.store import add_article


def _found(db, query):
    return [row["text"] for row in db.query(
        "select claims.text from claims_fts join claims on claims.rowid = claims_fts.rowid "
        "where claims_fts match ? order by rank", [query])]


def _draft(text, title="A recall"):
    return ArticleDraft(title=title, text=text, url="", author="", published="", source="paste", filename="")


def test_an_imported_claim_is_found_by_a_word_of_it_in_another_form(bare_db):
    add_article(bare_db, _draft("The company recalled 63,000 vehicles, the regulator said. Sales rose in May."))
    assert _found(bare_db, "recalls") == ["The company recalled 63,000 vehicles, the regulator said."]


def test_a_claim_changed_in_place_is_found_by_its_new_words_only(bare_db):
    add_article(bare_db, _draft("The mayor opened the bridge, officials said."))
    claim_id = bare_db.execute("select id from claims").fetchone()[0]
    bare_db.execute("update claims set text = 'The governor closed the tunnel, officials said.', "
                    "key_phrase = 'governor closed the tunnel' where id = ?", [claim_id])
    assert _found(bare_db, "bridge") == []
    assert _found(bare_db, "tunnel") == ["The governor closed the tunnel, officials said."]


def test_a_deleted_article_leaves_nothing_in_the_index(bare_db):
    article_id = add_article(bare_db, _draft("The council banned cars from the square, the mayor said."))
    lifecycle.delete_article(bare_db, article_id, None, str(article_id))
    assert _found(bare_db, "square") == []
    assert bare_db.execute("select count(*) from claims_fts").fetchone()[0] == 0
