"""Importing files as newsrooms write them: code pages that are not UTF-8, titles of text files, HTML metadata."""
import io
import re

import pytest

from annotator.importing import (ImportRejected, draft_from_file, is_headline, read_upload, title_for_file,
                                 title_from_filename)
from client_helpers import post

CP1252_TEXT = ("Budget cuts\r\n\r\nThe minister said “we will not raise taxes” on Monday, and the café owners’ "
               "union called the plan “a disaster” – officials said the €5 levy stays.\r\n")


def upload(client, filename, data, **fields):
    return post(client, "/articles/upload", {"file": (io.BytesIO(data), filename), **fields},
                content_type="multipart/form-data", follow_redirects=True)


def test_a_cp1252_file_imports_with_its_curly_quotes_and_accents_intact(admin_client, db):
    response = upload(admin_client, "budget.txt", CP1252_TEXT.encode("cp1252"))
    assert response.status_code == 200
    article = next(db.query("select * from articles where filename = 'budget.txt'"))
    assert article["text"] == CP1252_TEXT.replace("\r\n", "\n").strip()
    assert "“we will not raise taxes”" in article["text"] and "café owners’" in article["text"]
    # The decision is said after the import, so the person can check it.
    assert "Read as Windows-1252: the file was not UTF-8" in response.get_data(as_text=True)
    # Kept with the article, and shown where its details are edited.
    assert article["encoding"] == "Windows-1252"
    assert "imported from a file read as Windows-1252" in admin_client.get(
        f"/articles/{article['id']}/edit").get_data(as_text=True)
    claims = list(db.query("select * from claims where article_id = ?", [article["id"]]))
    assert claims and all(article["text"][c["start"]:c["end"]] == c["text"] for c in claims)


def test_a_utf8_upload_says_nothing_about_its_encoding(admin_client, db):
    response = upload(admin_client, "budget.txt", CP1252_TEXT.encode("utf-8"))
    page = response.get_data(as_text=True)
    assert re.search(r"Imported “Budget cuts”: \d+ claims?\.", page)
    assert "Read as" not in page


def test_a_latin1_file_is_read_as_windows_1252_which_decodes_it_the_same():
    text = "Die Straße in München ist für Fußgänger gesperrt, sagte die Polizei."
    assert read_upload(text.encode("latin-1")) == (text, "Windows-1252")


def test_the_cli_import_reads_a_cp1252_file_and_says_so(runner, db, tmp_path):
    path = tmp_path / "budget.txt"
    path.write_bytes(CP1252_TEXT.encode("cp1252"))
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert "budget.txt: read as Windows-1252 (the file is not UTF-8)." in result.output
    stored = next(db.query("select text from articles where filename = 'budget.txt'"))["text"]
    assert "“a disaster”" in stored


def test_a_cp1252_html_page_keeps_its_quotes():
    html = ("<html><head><title>Budget cuts</title></head><body><article><p>The minister said “we will not raise "
            "taxes” on Monday, and the café owners’ union called the plan a disaster, officials said.</p><p>Analysts "
            "speculate that prices might fall next year as supply recovers across the region.</p></article></body>"
            "</html>")
    draft = draft_from_file("budget.html", html.encode("cp1252"), parse_budget=None)
    assert "“we will not raise taxes”" in draft.text and "café owners’" in draft.text
    assert draft.encoding == "Windows-1252"


@pytest.mark.parametrize("data, why", [
    (bytes(range(0x80, 0x100)) * 64, "noise with no zero byte"),
    ("Президент заявил, что налоги будут снижены в следующем году.".encode("cp1251"), "a Cyrillic code page"),
    (b"Kim said \x81\x8d\x8f prices rose.", "bytes Windows-1252 leaves undefined"),
])
def test_a_file_no_western_code_page_reads_is_refused(admin_client, db, data, why):
    before = db["articles"].count
    response = upload(admin_client, "odd.txt", data)
    assert response.status_code == 422, why
    assert "is not valid UTF-8 (bad byte at position" in response.get_data(as_text=True)
    assert "does not read as Windows-1252 or Latin-1 text either" in response.get_data(as_text=True)
    assert db["articles"].count == before


def test_damaged_utf8_is_refused_rather_than_read_as_garbled_windows_1252():
    # Valid UTF-8 (the é of Café) beside Latin-1 bytes: either reading garbles one part.
    with pytest.raises(ImportRejected, match=r"not valid UTF-8 \(bad byte at position 6\): save it as UTF-8"):
        read_upload("Café ".encode("utf-8") + "été".encode("latin-1"))


@pytest.mark.parametrize("line, headline", [
    ("Port reopens after strike", True),
    ("Mr. Kim visits Seoul", True),
    ("Samsung said it will sue.", False),
    ("Will prices fall?", False),
    ("He said it was “over.”", False),
    ("Rates rise. Markets fall", False),
    ("Port " * 30, False),  # longer than 120 characters
    ("", False),
])
def test_a_first_line_is_a_headline_only_when_short_and_without_a_sentence_end(line, headline):
    assert is_headline(line) is headline


def test_a_text_file_whose_first_line_is_a_sentence_is_titled_by_its_file_name():
    assert title_for_file("Samsung said it will sue.\nLG might follow.", "samsung_lawsuit-2026.txt") == \
        "Samsung lawsuit 2026"
    assert title_for_file("Samsung sues LG\n\nSamsung said it will sue.", "a.txt") == "Samsung sues LG"
    assert title_from_filename("Budget Speech.txt") == "Budget Speech"


def test_an_uploaded_text_file_with_a_headline_keeps_it_as_title(admin_client, db):
    upload(admin_client, "x.txt", b"Port reopens after strike\n\nThe port reopened on Monday, officials said.")
    assert next(db.query("select title from articles where filename = 'x.txt'"))["title"] == \
        "Port reopens after strike"


BODY = ("<article><h1>Port reopens</h1><p>The ministry said on Monday that exports rose sharply in the third quarter "
        "of the year, officials said.</p><p>Analysts speculate that prices might fall next year as supply recovers "
        "across the region.</p></article>")


def page(head: str) -> bytes:
    return f"<html><head><title>Port reopens</title>{head}</head><body>{BODY}</body></html>".encode()


@pytest.mark.parametrize("head, url", [
    ('<link rel="canonical" href="https://news.example/port">', "https://news.example/port"),
    ('<meta property="og:url" content="https://news.example/og-port">', "https://news.example/og-port"),
    # Not an address a form would take: no URL rather than a refused import.
    ('<link rel="canonical" href="javascript:alert(1)">', ""),
    ('<link rel="canonical" href="https://news.example/' + "x" * 2100 + '">', ""),
])
def test_an_html_page_keeps_its_canonical_address_as_the_article_url(head, url):
    assert draft_from_file("port.html", page(head), parse_budget=None).url == url


def test_the_url_typed_in_the_form_wins_over_the_pages_own():
    draft = draft_from_file("port.html", page('<link rel="canonical" href="https://news.example/port">'),
                            url="https://mirror.example/port", parse_budget=None)
    assert draft.url == "https://mirror.example/port"


def test_an_html_upload_keeps_the_pages_author_and_date(admin_client, db):
    head = ('<link rel="canonical" href="https://news.example/port"><meta name="author" content="Jane Doe">'
            '<meta property="article:published_time" content="2026-11-20T10:00:00+01:00">')
    upload(admin_client, "port.html", page(head))
    article = next(db.query("select * from articles where filename = 'port.html'"))
    assert (article["url"], article["author"], article["published"]) == (
        "https://news.example/port", "Jane Doe", "2026-11-20")
