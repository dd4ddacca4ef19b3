import codecs

import pytest

from annotator.importing import ImportRejected, draft_from_file, draft_from_text, drafts_from_jsonl


def test_pasted_text_gets_first_line_as_title_when_none_given():
    draft = draft_from_text("Headline here\r\nBody text.\r\n")
    assert draft.title == "Headline here"
    assert draft.text == "Headline here\nBody text."


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_rejected(text):
    with pytest.raises(ImportRejected, match="empty"):
        draft_from_text(text)


def test_oversized_text_is_rejected():
    with pytest.raises(ImportRejected, match="larger than the limit"):
        draft_from_text("a" * 2000, max_bytes=1000)


def test_source_url_must_be_http():
    with pytest.raises(ImportRejected, match="http"):
        draft_from_text("Text.", url="javascript:alert(1)")


def test_binary_file_is_rejected():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"
    with pytest.raises(ImportRejected, match="binary"):
        draft_from_file("photo.txt", png)


def test_invalid_utf8_is_rejected_with_position():
    with pytest.raises(ImportRejected, match="not valid UTF-8.*position 6"):
        draft_from_file("latin1.txt", "Caf\u00e9 ok \xe9t\xe9".encode("utf-8")[:6] + b"\xe9t\xe9 x")


def test_utf16_with_bom_is_read():
    data = codecs.BOM_UTF16_LE + "Seoul said so.".encode("utf-16-le")
    assert draft_from_file("a.txt", data).text == "Seoul said so."


def test_empty_file_is_rejected():
    with pytest.raises(ImportRejected, match="empty"):
        draft_from_file("empty.txt", b"  \n")


def test_unsupported_suffix_is_rejected():
    with pytest.raises(ImportRejected, match="Unsupported file type .pdf"):
        draft_from_file("report.pdf", b"%PDF-1.4")


def test_markdown_heading_becomes_title():
    draft = draft_from_file("a.md", "# Xiaomi in Korea\n\nXiaomi said it will expand.".encode())
    assert (draft.title, draft.text) == ("Xiaomi in Korea", "Xiaomi said it will expand.")


def test_html_is_reduced_to_article_text_without_scripts():
    html = """<html><head><title>Xiaomi in Korea</title><meta name="author" content="Jane Doe">
    <meta property="article:published_time" content="2016-03-10"><script>var secret = 1;</script>
    <style>p { color: red }</style></head><body><nav>Home | About | Contact</nav><article><h1>Xiaomi in Korea</h1>
    <p>Xiaomi has reached an agreement with Youmi and Koma Trade, making them the only official dealers of
    Xiaomi products in the country, the company said on Tuesday in Seoul.</p>
    <p>The Korea Herald reported that Xiaomi filed for a patent.<script>alert("x")</script> It is not clear
    what happens next for the company in the Korean market.</p></article><footer>Copyright 2016</footer></body></html>"""
    draft = draft_from_file("page.html", html.encode())
    assert draft.title == "Xiaomi in Korea"
    assert (draft.author, draft.published) == ("Jane Doe", "2016-03-10")
    assert "only official dealers" in draft.text
    assert "The Korea Herald reported" in draft.text
    for dropped in ("secret", "alert", "color: red", "Copyright", "Home | About"):
        assert dropped not in draft.text


def test_html_without_article_text_is_rejected():
    with pytest.raises(ImportRejected, match="No readable article text"):
        draft_from_file("blank.html", b"<html><head><script>x()</script></head><body></body></html>")


def test_jsonl_reads_every_record():
    lines = ['{"title": "One", "url": "https://example.org/1", "text": "First said."}', "",
             '{"text": "Second might."}']
    drafts = drafts_from_jsonl(lines, filename="feed.jsonl")
    assert [(d.title, d.url, d.text) for d in drafts] == [
        ("One", "https://example.org/1", "First said."), ("Second might.", "", "Second might.")]


def test_jsonl_broken_line_is_reported_by_number():
    lines = ['{"text": "ok"}', '{"text": "broken"', '{"text": "ok"}']
    with pytest.raises(ImportRejected, match=r"feed.jsonl:2: not valid JSON"):
        drafts_from_jsonl(lines, filename="feed.jsonl")


def test_jsonl_line_without_text_is_reported():
    with pytest.raises(ImportRejected, match=r'feed.jsonl:1: each line needs a "text"'):
        drafts_from_jsonl(['{"title": "no text"}'], filename="feed.jsonl")


def test_over_long_title_or_url_is_refused():
    with pytest.raises(ImportRejected, match="title is longer"):
        draft_from_text("Kim said so.", title="t" * 301)
    with pytest.raises(ImportRejected, match="URL is longer"):
        draft_from_text("Kim said so.", url="https://e.org/" + "a" * 2000)
