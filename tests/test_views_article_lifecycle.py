"""The article pages after import: edit, archive and restore, delete for good; who may, and what they are told."""
import csv
import io
import json

import pytest

from annotator import lifecycle, store
from client_helpers import post


def claim_of(db, article_id) -> int:
    return next(db.query("select id from claims where article_id = ? and is_claim order by position limit 1",
                         [article_id]))["id"]


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# --- Who may ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("get", "/articles/{id}/edit"), ("post", "/articles/{id}/edit"), ("post", "/articles/{id}/archive"),
    ("post", "/articles/{id}/restore"), ("post", "/articles/{id}/delete"), ("get", "/articles/archived"),
])
def test_a_reviewer_is_refused_with_a_message(client, reviewer, demo_article, db, method, path):
    url = path.format(id=demo_article["id"])
    response = post(client, url, {"title": "Mine", "confirmation": str(demo_article["id"])}) if method == "post" \
        else client.get(url)
    assert response.status_code == 403
    assert ("for leads and admins" in response.get_data(as_text=True)
            or "Only an admin can delete" in response.get_data(as_text=True))
    assert store.get_article(db, demo_article["id"]) == demo_article


def test_a_lead_may_archive_but_not_delete(lead_client, demo_article, db):
    response = post(lead_client, f"/articles/{demo_article['id']}/delete", {"confirmation": str(demo_article["id"])})
    assert response.status_code == 403
    assert "Only an admin can delete an article for good; a lead can archive it" in response.get_data(as_text=True)
    assert db["articles"].count_where("id = ?", [demo_article["id"]]) == 1
    # The edit page shows a lead no delete form.
    assert "Delete for good" not in page(lead_client, f"/articles/{demo_article['id']}/edit")


@pytest.mark.parametrize("method, path", [
    ("get", "/articles/999/edit"), ("post", "/articles/999/edit"), ("post", "/articles/999/archive"),
    ("post", "/articles/999/restore"), ("post", "/articles/999/delete"),
])
def test_an_unknown_article_is_404(admin_client, method, path):
    response = post(admin_client, path, {"title": "X", "confirmation": "999"}) if method == "post" \
        else admin_client.get(path)
    assert response.status_code == 404
    assert "Article 999 does not exist." in response.get_data(as_text=True)


def test_a_post_without_the_csrf_token_changes_nothing(admin_client, demo_article, db):
    response = admin_client.post(f"/articles/{demo_article['id']}/archive")
    assert response.status_code == 400
    assert store.get_article(db, demo_article["id"])["archived_at"] is None


# --- Edit -------------------------------------------------------------------------------------------------------

FIELDS = {"title": "Xiaomi's Korean dealers", "url": "https://news.example/xiaomi", "author": "Jane Doe",
          "published": "2016-03-10"}


def test_a_lead_edits_the_details_and_is_told_what_changed(lead_client, demo_article, db):
    response = post(lead_client, f"/articles/{demo_article['id']}/edit", FIELDS, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Saved the article&#39;s title, URL, author, date." in text
    article = store.get_article(db, demo_article["id"])
    assert {field: article[field] for field in FIELDS} == FIELDS
    # The history on the edit page says who changed what.
    assert "Xiaomi expands into South Korea" in text and "<td>Lee</td><td>title</td>" in text


def test_an_htmx_edit_swaps_the_form_and_says_so_in_the_status_box(lead_client, demo_article, db):
    response = post(lead_client, f"/articles/{demo_article['id']}/edit", FIELDS, htmx=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.lstrip().startswith("<form") and "<html" not in text
    assert '<div id="flash" hx-swap-oob="innerHTML"><p class="flash-done">Saved the article' in text
    assert store.get_article(db, demo_article["id"])["author"] == "Jane Doe"


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_edit_keeps_what_was_typed_and_says_why_beside_the_field(lead_client, demo_article, db, htmx):
    typed = {**FIELDS, "published": "next Tuesday"}
    response = post(lead_client, f"/articles/{demo_article['id']}/edit", typed, htmx=htmx)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="published-error" role="alert">The date must be a date like 2026-11-25.' in text
    assert 'value="next Tuesday"' in text and 'value="Jane Doe"' in text
    assert store.get_article(db, demo_article["id"]) == demo_article


def test_a_blank_title_is_refused(lead_client, demo_article, db):
    response = post(lead_client, f"/articles/{demo_article['id']}/edit", {**FIELDS, "title": "  "})
    assert response.status_code == 422
    assert "The title is required." in response.get_data(as_text=True)


# --- Archive and restore ------------------------------------------------------------------------------------------

def test_an_archived_article_leaves_the_list_and_the_next_claim_and_is_listed_as_archived(lead_client, demo_article,
                                                                                          db):
    response = post(lead_client, f"/articles/{demo_article['id']}/archive", follow_redirects=True)
    assert "Archived “Xiaomi expands into South Korea”: it left the article list" in response.get_data(as_text=True)
    index = page(lead_client, "/")
    assert f"/articles/{demo_article['id']}\"" not in index and "Archived articles (1)" in index
    assert "Nothing is waiting for you" in page(lead_client, "/next")
    archived = page(lead_client, "/articles/archived")
    assert "Xiaomi expands into South Korea" in archived and ">Restore<" in archived
    # Its own page says so, and still opens.
    assert "Archived " in page(lead_client, f"/articles/{demo_article['id']}")


def test_restore_from_the_archived_list_goes_back_to_it(lead_client, demo_article, db):
    lifecycle.archive_article(db, demo_article["id"], None)
    response = post(lead_client, f"/articles/{demo_article['id']}/restore", {"next": "/articles/archived"})
    assert response.status_code == 303 and response.headers["Location"] == "/articles/archived"
    text = page(lead_client, "/articles/archived")
    assert "Restored “Xiaomi expands into South Korea”: it is back in the article list" in text
    assert "No article is archived." in text
    assert f"/articles/{demo_article['id']}\"" in page(lead_client, "/")


def test_an_htmx_archive_swaps_the_widget_to_its_restore_button(lead_client, demo_article, db):
    response = post(lead_client, f"/articles/{demo_article['id']}/archive", htmx=True)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in text
    assert f'action="/articles/{demo_article["id"]}/restore"' in text
    assert 'hx-swap-oob="innerHTML"><p class="flash-done">Archived' in text
    again = post(lead_client, f"/articles/{demo_article['id']}/archive", htmx=True).get_data(as_text=True)
    assert "was archived already" in again
    assert [row["action"] for row in lifecycle.history(db, demo_article["id"])] == ["archived"]


def test_export_leaves_an_archived_article_out_unless_asked(lead_client, demo_article, db, users):
    store.save_verdict(db, claim_of(db, demo_article["id"]), users["Ana"], "sourced")
    lifecycle.archive_article(db, demo_article["id"], users["Lee"])
    default = lead_client.get("/export/verdicts.csv").get_data(as_text=True)
    assert list(csv.DictReader(io.StringIO(default))) == []
    asked = lead_client.get("/export/verdicts.csv?archived=include").get_data(as_text=True)
    assert [row["verdict"] for row in csv.DictReader(io.StringIO(asked))] == ["sourced"]
    # The page offers the choice; the archived article's own download link asks for it.
    export_page = page(lead_client, "/export")
    assert 'name="archived"' in export_page and "1 article is archived" in export_page
    # The archived article can still be chosen, apart from the others.
    assert export_page.index('<optgroup label="Archived') < export_page.index(
        f'<option value="{demo_article["id"]}">Xiaomi expands into South Korea')
    review = page(lead_client, f"/articles/{demo_article['id']}")
    link = f"/export/verdicts.csv?article={demo_article['id']}&amp;archived=include"
    assert link in review
    assert "sourced" in lead_client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    refused = lead_client.get(f"/export/verdicts.csv?article={demo_article['id']}")
    assert refused.status_code == 400 and "is archived: ask for archived=include" in refused.get_data(as_text=True)
    assert lead_client.get("/export/verdicts.csv?archived=maybe").status_code == 400


def test_the_snapshot_holds_an_archived_article_and_its_verdicts(lead_client, demo_article, db, users):
    store.save_verdict(db, claim_of(db, demo_article["id"]), users["Ana"], "speculative")
    lifecycle.archive_article(db, demo_article["id"], users["Lee"])
    [record] = [json.loads(line) for line in lead_client.get("/export/snapshot.jsonl").get_data(as_text=True)
                .splitlines()]
    assert record["article"]["archived_by"] == "Lee"
    assert [row["verdict"] for row in record["verdicts"]] == ["speculative"]


def test_the_api_lists_archived_articles_only_when_asked(admin_client, demo_article, db):
    lifecycle.archive_article(db, demo_article["id"], None)
    assert admin_client.get("/api/articles").get_json()["items"] == []
    [item] = admin_client.get("/api/articles?archived=only").get_json()["items"]
    assert item["id"] == demo_article["id"] and item["archived_at"]
    assert admin_client.get("/api/articles?archived=all").status_code == 400


# --- Delete for good ----------------------------------------------------------------------------------------------

def test_an_admin_deletes_an_untagged_article_after_typing_its_title(admin_client, demo_article, db):
    wrong = post(admin_client, f"/articles/{demo_article['id']}/delete", {"confirmation": "Xiaomi"})
    assert wrong.status_code == 422
    assert "Type the article&#39;s title" in wrong.get_data(as_text=True)
    response = post(admin_client, f"/articles/{demo_article['id']}/delete",
                    {"confirmation": "Xiaomi expands into South Korea"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Deleted “Xiaomi expands into South Korea” for good, with its" in text and "it held no verdicts" in text
    assert db["articles"].count_where("id = ?", [demo_article["id"]]) == 0
    assert db["claims"].count_where("article_id = ?", [demo_article["id"]]) == 0


def test_delete_is_refused_with_verdicts_until_the_snapshot_is_downloaded(admin_client, demo_article, db, users):
    article_id = demo_article["id"]
    store.save_verdict(db, claim_of(db, article_id), users["Ana"], "sourced")
    edit_page = page(admin_client, f"/articles/{article_id}/edit")
    assert f"Article {article_id} holds 1 verdict and 1 verdict change: download its snapshot" in edit_page
    refused = post(admin_client, f"/articles/{article_id}/delete", {"confirmation": str(article_id)}, htmx=True)
    assert refused.status_code == 422
    assert 'id="delete-error" role="alert">Article' in refused.get_data(as_text=True)
    assert db["verdicts"].count == 1
    downloaded = admin_client.get(f"/export/snapshot.jsonl?article={article_id}").get_data(as_text=True)
    assert json.loads(downloaded)["verdicts"][0]["verdict"] == "sourced"
    response = post(admin_client, f"/articles/{article_id}/delete", {"confirmation": str(article_id)}, htmx=True)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/"
    assert "and 1 verdict, which the snapshot you downloaded keeps" in page(admin_client, "/")
    assert db["articles"].count_where("id = ?", [article_id]) == 0 and db["verdicts"].count == 0
    [deleted] = db.query("select * from deleted_articles")
    assert (deleted["article_id"], deleted["deleted_by"]) == (article_id, users["Ada"])
