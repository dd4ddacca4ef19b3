"""Every action that changes something says so once, after its redirect, in the #flash box a screen reader
announces (role=status); refusals say why beside the control, and say nothing happened."""
import re

import pytest

from annotator import team
from client_helpers import post
from test_views_articles import upload


def flash_box(page: str) -> str:
    """The text of the page's #flash status box (its messages, one a line)."""
    found = re.search(r'<div id="flash" role="status" aria-live="polite">(.*?)</div>', page, re.S)
    assert found, "every page has the announced #flash box"
    return "\n".join(re.findall(r'<p class="flash-\w+">(.*?)</p>', found.group(1), re.S))


def follow(client, response):
    """The page a 303 leads to, as the browser shows it next."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_message_is_said_once_then_gone(admin_client):
    response = post(admin_client, "/articles", {"title": "Exports", "text": "Seoul said exports rose."})
    assert flash_box(follow(admin_client, response)) == "Imported “Exports”: 1 claim."
    assert flash_box(admin_client.get("/").get_data(as_text=True)) == ""


def test_a_pasted_article_says_what_was_imported_escaped(admin_client, db):
    text = "Seoul said exports rose 5%, officials said. It might rain, the agency warned."
    response = post(admin_client, "/articles", {"title": "<b>Korea</b>", "text": text})
    page = follow(admin_client, response)
    article_id = next(db.query("select max(id) as id from articles"))["id"]
    claims = db["claims"].count_where("article_id = ? and is_claim", [article_id])
    assert flash_box(page) == f"Imported “&lt;b&gt;Korea&lt;/b&gt;”: {claims} claims."
    assert claims == 2


def test_an_uploaded_file_says_what_was_imported(admin_client):
    # The first line ends a sentence, so the file's name is the title (the .txt title rule).
    text = "Samsung said on Monday it will sue LG for $2 billion.\nLG shares fell 4 percent in Seoul."
    shown = flash_box(follow(admin_client, upload(admin_client, "korea.txt", text.encode())))
    assert shown == "Imported “Korea”: 2 claims."


def test_a_refused_import_flashes_nothing_and_says_why_beside_the_form(admin_client):
    response = post(admin_client, "/articles", {"title": "Empty", "text": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and flash_box(page) == ""
    assert "The article is empty" in page


def test_adding_and_changing_users_say_so(admin_client, db, users):
    page = follow(admin_client, post(admin_client, "/admin/users",
                                     {"name": "Cat", "password": "long enough pw", "role": "lead"}))
    assert flash_box(page) == "Added lead Cat."
    ben = users["Ben"]
    page = follow(admin_client, post(admin_client, f"/admin/users/{ben}", {"role": "admin"}))
    assert flash_box(page) == "Role of Ben set to admin."
    page = follow(admin_client, post(admin_client, f"/admin/users/{ben}", {"active": "0"}))
    assert flash_box(page) == "Ben disabled: their sessions have ended. Their verdicts are kept."
    page = follow(admin_client, post(admin_client, f"/admin/users/{ben}", {"active": "1"}))
    assert flash_box(page) == "Ben enabled: they can log in again."


def test_a_refused_user_change_flashes_nothing(admin_client, users):
    response = post(admin_client, "/admin/users", {"name": "Ana", "password": "long enough pw", "role": "lead"})
    assert response.status_code == 422 and flash_box(response.get_data(as_text=True)) == ""


def test_saving_assignments_says_who_is_assigned(admin_client, users, demo_article):
    url = f"/admin/articles/{demo_article['id']}/assign"
    page = follow(admin_client, post(admin_client, url, {"reviewer_id": [str(users["Ana"]), str(users["Ben"])]}))
    assert flash_box(page) == f"Assignments saved: “{demo_article['title']}” is assigned to Ana, Ben."
    page = follow(admin_client, post(admin_client, url, {}))
    assert flash_box(page) == f"Assignments saved: “{demo_article['title']}” is assigned to nobody."


def test_saving_settings_says_what_they_are_now(admin_client, db):
    page = follow(admin_client, post(admin_client, "/admin/settings", {"reviewers_fix_split": "1"}))
    assert flash_box(page) == "Settings saved: reviewers may fix the split."
    assert team.reviewers_may_fix_split(db)
    page = follow(admin_client, post(admin_client, "/admin/settings", {}))
    assert flash_box(page) == "Settings saved: only leads and admins may fix the split."


def test_a_final_verdict_without_javascript_says_so(lead_client, db, demo_article):
    claim = next(db.query("select * from live_claims where article_id = ? order by position limit 1 offset 2",
                          [demo_article["id"]]))
    page = follow(lead_client, post(lead_client, f"/claims/{claim['id']}/final", {"verdict": "sourced", "reason": "on record"}))
    assert flash_box(page) == "Final verdict on claim 3: sourced."


def live_claims(db, article_id):
    return list(db.query("select * from live_claims where article_id = ? order by position", [article_id]))


def test_a_fix_of_the_split_without_javascript_says_what_changed(lead_client, db, demo_article):
    first, second = live_claims(db, demo_article["id"])[:2]
    page = follow(lead_client, post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"]}))
    assert flash_box(page) == "Fixed the split: claims 1 and 2 merged into claim 1."
    merged = live_claims(db, demo_article["id"])[0]
    page = follow(lead_client, post(lead_client, f"/claims/{merged['id']}/not-a-claim", {"reason": "a headline"}))
    assert flash_box(page) == "Marked as not a claim."
    edit_id = next(db.query("select max(id) as id from claim_edits"))["id"]
    page = follow(lead_client, post(lead_client, f"/edits/{edit_id}/undo"))
    assert flash_box(page) == "Undone: the claims that fix replaced are back, with their verdicts."


def test_with_htmx_a_fix_shows_in_place_and_leaves_no_message_for_later(lead_client, db, demo_article):
    first, second = live_claims(db, demo_article["id"])[:2]
    response = post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"]}, htmx=True)
    assert "Last fix of the split: claims 1 and 2 merged into claim 1" in response.get_data(as_text=True)
    assert flash_box(lead_client.get("/").get_data(as_text=True)) == ""


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refusal_is_said_once_beside_its_form_and_an_undo_refusal_above_the_undo_bar(lead_client, db,
                                                                                       demo_article, htmx):
    first, second = live_claims(db, demo_article["id"])[:2]
    response = post(lead_client, f"/claims/{first['id']}/boundaries",
                    {"start": first["start"], "end": second["start"] + 5}, htmx=htmx)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count('role="alert"') == 1
    assert re.search(rf'<p class="error" role="alert" id="claim-{first["id"]}-boundaries-error"[^>]*>That would '
                     r"overlap claim 2", page)
    post(lead_client, f"/claims/{first['id']}/merge", {"other": second["id"]})
    merge_id = next(db.query("select max(id) as id from claim_edits"))["id"]
    merged = live_claims(db, demo_article["id"])[0]
    post(lead_client, f"/claims/{merged['id']}/split", {"at": second["start"] - first["start"]})
    response = post(lead_client, f"/edits/{merge_id}/undo", htmx=htmx)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and page.count('role="alert"') == 1
    assert re.search(r'<p class="error" role="alert" id="edit-error" data-edit-error>A later edit replaced', page)
