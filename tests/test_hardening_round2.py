"""Hardening, round two (issue 13): each hostile or malformed input is refused with a message and changes nothing."""
import io
import json
import multiprocessing
import os

import pytest

from annotator import importing
from client_helpers import post

# About 1.2 MB of ordinary news prose: splitting it takes seconds on any machine, far over the tiny budgets below.
LONG_ARTICLE = "\n\n".join(
    " ".join(f"Officials in district {p * 20 + s} said prices rose {s} percent last year." for s in range(20))
    for p in range(1_200)
)
SHORT_ARTICLE = "Seoul said exports rose 5 percent, the ministry said."
TINY_BUDGET = 0.05


def upload(client, filename, data, **fields):
    return post(client, "/articles/upload", {"file": (io.BytesIO(data), filename), **fields},
                content_type="multipart/form-data")


def article_count(db):
    return db["articles"].count


# 1. A time budget on splitting one article.

def test_a_paste_that_takes_too_long_to_split_is_refused_and_the_server_goes_on(app, admin_client, db):
    app.config["SPLIT_BUDGET_SECONDS"] = TINY_BUDGET
    before = article_count(db)
    response = post(admin_client, "/articles", {"title": "Long", "text": LONG_ARTICLE})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Splitting this article into claims took longer than 0.05 s" in page
    assert "nothing was imported" in page
    assert article_count(db) == before
    # The same server, with the same budget, imports an ordinary article at once afterwards.
    assert post(admin_client, "/articles", {"text": SHORT_ARTICLE}).status_code == 303
    assert article_count(db) == before + 1


def test_an_upload_that_takes_too_long_to_split_is_refused(app, admin_client, db):
    app.config["SPLIT_BUDGET_SECONDS"] = TINY_BUDGET
    before = article_count(db)
    response = upload(admin_client, "long.txt", LONG_ARTICLE.encode())
    assert response.status_code == 422
    assert "took longer than 0.05 s" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_a_split_over_budget_stops_the_process_doing_it():
    importing.run_within(5, importing.split_claims, SHORT_ARTICLE)  # a warm worker is waiting now
    workers = {child.pid for child in multiprocessing.active_children() if child.name == importing.WORKER_NAME}
    assert workers
    with pytest.raises(importing.OverBudget):
        importing.run_within(TINY_BUDGET, importing.split_claims, LONG_ARTICLE)
    alive = {child.pid for child in multiprocessing.active_children() if child.name == importing.WORKER_NAME}
    gone = workers - alive
    assert gone, "the worker that ran the split is still running it"
    for pid in gone:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_failing_split_reports_its_own_error_and_the_worker_is_reused():
    with pytest.raises(TypeError):
        importing.run_within(5, importing.split_claims, None)
    assert importing.run_within(5, importing.split_claims, SHORT_ARTICLE)


def test_the_import_command_takes_a_split_budget(runner, db, tmp_path):
    (tmp_path / "long.txt").write_text(LONG_ARTICLE, encoding="utf-8")
    (tmp_path / "short.txt").write_text(SHORT_ARTICLE, encoding="utf-8")
    before = article_count(db)
    result = runner.invoke(args=["import", "--split-budget", str(TINY_BUDGET), str(tmp_path)])
    assert result.exit_code != 0
    assert "long.txt" in result.output and "took longer than 0.05 s" in result.output
    assert "nothing was imported" in result.output
    assert article_count(db) == before
    result = runner.invoke(args=["import", "--split-budget", "30", str(tmp_path / "short.txt")])
    assert result.exit_code == 0, result.output
    assert article_count(db) == before + 1


def test_the_split_command_takes_a_split_budget(runner, tmp_path):
    (tmp_path / "long.txt").write_text(LONG_ARTICLE, encoding="utf-8")
    result = runner.invoke(args=["split", "--split-budget", str(TINY_BUDGET), str(tmp_path / "long.txt")])
    assert result.exit_code != 0
    assert "took longer than 0.05 s" in result.output


# 2. Hostile HTML.

HTML_ARTICLE = ("<p>" + "Officials said prices rose by five percent last year, according to the ministry. " * 5
                + "</p>")


def html_page(inner: str) -> bytes:
    return (f"<html><head><title>Prices</title></head><body><article>{inner}{HTML_ARTICLE}</article>"
            "</body></html>").encode()


@pytest.mark.parametrize("count", [5_000, 200_000])
def test_a_tag_with_thousands_of_attributes_is_refused_before_parsing(admin_client, db, count):
    before = article_count(db)
    page = html_page("<div " + " ".join(f"a{i}=x" for i in range(count)) + ">x</div>")
    response = upload(admin_client, "attrs.html", page)
    assert response.status_code == 422
    assert "more than 256 attributes on one tag" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_html_nested_deeper_than_the_parser_reads_is_refused_with_a_message(admin_client, db):
    before = article_count(db)
    response = upload(admin_client, "deep.html", html_page("<div>" * 1_000 + HTML_ARTICLE + "</div>" * 1_000))
    assert response.status_code == 422
    assert "nests its elements more than 250 deep" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_html_that_takes_too_long_to_read_is_refused(app, admin_client, db):
    app.config["PARSE_BUDGET_SECONDS"] = TINY_BUDGET
    before = article_count(db)
    response = upload(admin_client, "slow.html", html_page("<p>x</p>" * 30_000))
    assert response.status_code == 422
    assert "Reading the article out of this HTML page took longer than 0.05 s" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_busy_but_ordinary_html_is_still_imported(admin_client, db):
    # Unclosed paragraphs and list items, a script full of tags, quoted attribute values holding < and >,
    # and a tag with many (but a real page's number of) attributes: none of it is hostile.
    script = "<script>var t = '" + "<div>" * 500 + "';</script>"
    items = "<ul>" + "<li>item" * 400 + "</ul>" + "<p>para" * 400
    busy = '<div ' + " ".join(f'data-x{i}="a > b < c"' for i in range(60)) + ">x</div>"
    response = upload(admin_client, "busy.html", html_page(script + items + busy))
    assert response.status_code == 303, response.get_data(as_text=True)

