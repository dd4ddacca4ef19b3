"""Bad uploads and imports: each is refused with a message (or read correctly) and leaves nothing half-stored."""
import codecs
import io
import re
import socket
import struct
import tracemalloc
import zlib
from html.parser import HTMLParser

import pytest

from client_helpers import PASSWORD, csrf_token, post
from test_concurrency import Browser, prepare_database, production_server

MB = 1024 * 1024


def upload(client, filename, data, **fields):
    return post(client, "/articles/upload", {"file": (io.BytesIO(data), filename), **fields},
                content_type="multipart/form-data")


def real_png() -> bytes:
    """A complete, valid 1x1 PNG image, as a camera or screenshot tool writes it."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def article_count(db):
    return db["articles"].count


@pytest.mark.parametrize("filename", ["photo.txt", "photo.md", "photo.html"])
def test_a_real_png_renamed_to_an_article_suffix_is_refused_as_binary(admin_client, db, filename):
    before = article_count(db)
    response = upload(admin_client, filename, real_png())
    assert response.status_code == 422
    assert "looks binary" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_binary_without_zero_bytes_is_refused_as_not_utf8(admin_client, db):
    # Bytes 0x80-0xff only: no NUL for the binary sniff to see, so the UTF-8 check must catch it.
    data = bytes(range(0x80, 0x100)) * 64
    before = article_count(db)
    response = upload(admin_client, "noise.txt", data)
    assert response.status_code == 422
    assert "not valid UTF-8 (bad byte at position 0)" in response.get_data(as_text=True)
    assert article_count(db) == before


@pytest.mark.parametrize("data, position", [
    # A bad byte far past the first 8 KB, where the binary sniff does not look, in a file that holds UTF-8
    # elsewhere (the dash): damaged UTF-8, not a Windows-1252 file.
    ("Seoul said exports rose – ".encode() * 800 + b"caf\xe9", 22_403),
    # A multi-byte character cut off at the end of the file.
    ("Kim said prices rose 5 ".encode() + "€".encode()[:2], 23),
    # A UTF-16 surrogate encoded as UTF-8, which is not valid UTF-8.
    (b"Lee said \xed\xa0\x80 so.", 9),
])
def test_invalid_utf8_anywhere_in_the_file_is_refused_with_its_position(admin_client, db, data, position):
    before = article_count(db)
    response = upload(admin_client, "bad.txt", data)
    assert response.status_code == 422
    assert f"not valid UTF-8 (bad byte at position {position})" in response.get_data(as_text=True)
    assert article_count(db) == before


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF8, "utf-8")])
def test_upload_with_a_byte_order_mark_is_read_as_its_encoding(admin_client, db, bom, codec):
    text = "Samsung said it will sue “at once”.\r\nLG might follow, analysts said.\r\n"
    response = upload(admin_client, f"{codec}.txt", bom + text.encode(codec))
    assert response.status_code == 303
    article = next(db.query("select * from articles where filename = ?", [f"{codec}.txt"]))
    # No byte-order mark and no \r left in the stored text, so titles and offsets are clean; the first line is a
    # sentence, so the file name is the title.
    assert article["title"] == {"utf-16-le": "Utf 16 le", "utf-16-be": "Utf 16 be", "utf-8": "Utf 8"}[codec]
    assert article["text"] == "Samsung said it will sue “at once”.\nLG might follow, analysts said."
    claims = list(db.query("select * from claims where article_id = ?", [article["id"]]))
    assert claims and all(article["text"][c["start"]:c["end"]] == c["text"] for c in claims)


def test_utf16_without_a_byte_order_mark_is_refused_not_stored_as_garbage(admin_client, db):
    before = article_count(db)
    response = upload(admin_client, "no-bom.txt", "Samsung said it will sue.".encode("utf-16-le"))
    assert response.status_code == 422
    assert "looks binary" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_truncated_utf16_is_refused_with_a_message(admin_client, db):
    data = codecs.BOM_UTF16_LE + "Samsung said it will sue.".encode("utf-16-le")[:-1]  # an odd byte count
    before = article_count(db)
    response = upload(admin_client, "cut.txt", data)
    assert response.status_code == 422
    assert "not valid UTF-16" in response.get_data(as_text=True)
    assert article_count(db) == before


@pytest.mark.parametrize("data", [codecs.BOM_UTF8 + b"\r\n \r\n", codecs.BOM_UTF16_LE + " \n\t".encode("utf-16-le")])
def test_file_with_only_a_byte_order_mark_and_blank_lines_is_refused_as_empty(admin_client, db, data):
    before = article_count(db)
    response = upload(admin_client, "blank.txt", data)
    assert response.status_code == 422
    assert "The article is empty" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_uploaded_file_name_keeps_no_folder_part(admin_client, db):
    assert upload(admin_client, "../../etc/passwd.txt", b"Kim said the port reopened.").status_code == 303
    filenames = [row["filename"] for row in db.query("select filename from articles where source = 'upload'")]
    assert filenames == ["passwd.txt"]


# --- Size: a huge upload is refused by its size, without the app reading it -----------------------------------

BOUNDARY = "hardening-boundary"


class GeneratedBody(io.RawIOBase):
    """A multipart upload of `size` bytes made up as it is read (nothing is held in memory); counts what was read."""

    def __init__(self, token: str, size: int):
        self.head = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
                     f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n'
                     "Content-Type: text/plain\r\n\r\n").encode()
        self.size = size
        self.bytes_read = 0

    def readable(self):
        return True

    # The test client measures a body by seeking to its end and back; nothing is read by that.
    def seekable(self):
        return True

    def tell(self):
        return self.bytes_read

    def seek(self, offset, whence=io.SEEK_SET):
        self.bytes_read = {io.SEEK_SET: 0, io.SEEK_CUR: self.bytes_read, io.SEEK_END: self.size}[whence] + offset
        return self.bytes_read

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.bytes_read)
        if count <= 0:
            return 0
        start = self.bytes_read
        view = memoryview(buffer)
        for offset in range(count):  # head first, then filler text; written byte by byte only for the head
            position = start + offset
            if position < len(self.head):
                view[offset] = self.head[position]
            else:
                view[offset:count] = b"S" * (count - offset)
                break
        self.bytes_read += count
        return count


def post_generated_upload(client, size, declared_length):
    body = GeneratedBody(csrf_token(client), size)
    kwargs = {} if declared_length else {
        # A chunked upload, with no Content-Length: the server (gunicorn does) marks where the body ends.
        "headers": {"Transfer-Encoding": "chunked"}, "environ_overrides": {"wsgi.input_terminated": True}}
    tracemalloc.start()
    try:
        response = client.post("/articles/upload", input_stream=body,
                               content_type=f"multipart/form-data; boundary={BOUNDARY}", **kwargs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, body.bytes_read, peak


def test_100_mb_upload_is_refused_by_its_declared_size_before_any_of_it_is_read(app, admin_client, db):
    before = article_count(db)
    response, bytes_read, peak = post_generated_upload(admin_client, 100 * MB, declared_length=True)
    assert response.status_code == 413
    assert "larger than the limit of 5 MB: nothing was imported" in response.get_data(as_text=True)
    assert bytes_read == 0
    assert peak < 10 * MB
    assert article_count(db) == before


def test_100_mb_upload_without_a_length_is_cut_off_at_the_limit(app, admin_client, db):
    before = article_count(db)
    response, bytes_read, peak = post_generated_upload(admin_client, 100 * MB, declared_length=False)
    assert response.status_code == 413
    assert "nothing was imported" in response.get_data(as_text=True)
    # Read up to the limit (and at most one buffer more), never the whole 100 MB.
    assert bytes_read <= app.config["MAX_CONTENT_LENGTH"] + MB
    assert peak < 20 * MB
    assert article_count(db) == before


def test_production_server_answers_413_before_a_100_mb_upload_has_been_sent(tmp_path):
    from annotator import accounts
    from annotator.db import connect

    database = tmp_path / "annotator.db"
    prepare_database(database)
    users = connect(database)
    accounts.create_user(users, "Ada", PASSWORD, "admin")
    users.close()
    with production_server(database, workers=1, threads=2) as port:
        browser = Browser(port)
        browser.log_in("Ada")
        browser.connection.close()
        body_head = GeneratedBody(browser.token, 100 * MB).head
        request = (f"POST /articles/upload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Cookie: session={browser.cookie}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                   f"Content-Length: {100 * MB}\r\n\r\n").encode() + body_head
        with socket.create_connection(("127.0.0.1", port), timeout=15) as connection:
            connection.sendall(request + b"S" * MB)  # 1 MB of the 100 MB announced, then wait for the answer
            answer = b""
            while b"\r\n\r\n" not in answer and len(answer) < 65536:
                piece = connection.recv(65536)
                if not piece:
                    break
                answer += piece
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        # The worker is still there for the next person.
        assert Browser(port).request("GET", "/login")[0] == 200


# --- HTML with active content --------------------------------------------------------------------------------

HOSTILE_HTML = """<html><head><title>Port deal</title><script>stealCookies(document.cookie)</script>
<meta http-equiv="refresh" content="0;url=https://evil.example/"></head>
<body onload="bodyOnload()"><article><h1>Port deal</h1>
<p>The port authority said on Monday that container traffic rose by a fifth in the third quarter.
<iframe src="https://evil.example/frame">frameFallback</iframe></p>
<p onclick="clickHandler()">Analysts speculate that freight rates might fall next year as new ships arrive.
<img src="x" onerror="imgOnerror()"></p>
<p>A spokesman wrote &lt;script&gt;alert(1)&lt;/script&gt; in a test post, the company reported.</p>
<p><a href="javascript:linkHandler()">Read the full statement</a> from the ministry, which said exports grew.</p>
<svg onload="svgOnload()"><script>svgScript()</script></svg><object data="evil.swf">objectFallback</object>
<style>body { background: url(javascript:cssHandler()) }</style></article></body></html>"""


class ActiveMarkup(HTMLParser):
    """What in a page could run code or load another site: scripts not from /static/, frames, handlers, js: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"<script> {attributes}")
        if tag in ("iframe", "frame", "object", "embed", "base") or (
                tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data") and re.match(
                    r"\s*(javascript|vbscript):", value or "", re.IGNORECASE):
                self.found.append(f"<{tag} {name}={value}>")


def active_markup(page: str) -> list[str]:
    parser = ActiveMarkup()
    parser.feed(page)
    return parser.found


def test_html_upload_keeps_the_article_and_drops_every_script_frame_and_handler(app, admin_client, db):
    response = upload(admin_client, "port.html", HOSTILE_HTML.encode())
    assert response.status_code == 303
    article = next(db.query("select * from articles where filename = 'port.html'"))
    assert "container traffic rose by a fifth" in article["text"]
    assert "freight rates might fall" in article["text"]
    for code in ("stealCookies", "bodyOnload", "frameFallback", "clickHandler", "imgOnerror", "linkHandler",
                 "svgOnload", "svgScript", "objectFallback", "cssHandler", "evil.example", "onerror", "iframe"):
        assert code not in article["text"], code

    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert active_markup(page) == []
    # Markup the article only talks about is shown as the words it is, not run.
    assert "A spokesman wrote &lt;script&gt;alert(1)&lt;/script&gt; in a test post" in page


def test_the_active_markup_check_sees_what_it_is_meant_to_see():
    # Guards the guard above: a page with each kind of active markup is flagged.
    page = ('<script>x()</script><script src="/static/app.js"></script><iframe src="a"></iframe>'
            '<p onclick="y()">t</p><a href=" JavaScript:z()">l</a><meta http-equiv="Refresh" content="0">')
    assert len(active_markup(page)) == 5


# --- JSON Lines: all or nothing, the bad line named ---------------------------------------------------------

def test_jsonl_with_one_broken_line_in_the_middle_imports_nothing_from_any_file(runner, db, tmp_path):
    good = tmp_path / "a-good.jsonl"
    good.write_text('{"text": "Kim said the port reopened."}\n', encoding="utf-8")
    feed = tmp_path / "b-feed.jsonl"
    feed.write_text('{"text": "One said so."}\n{"text": "Two said so."}\n\n{"text": "Three said so.",}\n'
                    '{"text": "Five said so."}\n', encoding="utf-8")
    before = article_count(db)
    result = runner.invoke(args=["import", str(good), str(feed)])
    assert result.exit_code != 0
    assert "b-feed.jsonl:4: not valid JSON" in result.output  # blank lines count, as an editor numbers them
    assert "Nothing was imported" in result.output
    assert article_count(db) == before
    # Fixed, the same command imports everything once.
    feed.write_text(feed.read_text(encoding="utf-8").replace('so.",}', 'so."}'), encoding="utf-8")
    assert runner.invoke(args=["import", str(good), str(feed)]).exit_code == 0
    assert article_count(db) == before + 5


def test_jsonl_line_over_the_size_limit_is_named_and_nothing_is_imported(app, runner, db, tmp_path):
    app.config["MAX_ARTICLE_BYTES"] = 1000
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Kim said so."}\n{"text": "%s"}\n' % ("Lee said so. " * 100), encoding="utf-8")
    before = article_count(db)
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code != 0
    assert "feed.jsonl:2: The article is larger than the limit of 1000 bytes" in result.output
    assert article_count(db) == before


def test_jsonl_with_invalid_utf8_imports_nothing(runner, db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "Kim said so."}\n{"text": "caf\xe9 said so."}\n')
    before = article_count(db)
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code != 0
    assert "Nothing was imported" in result.output
    assert article_count(db) == before


def test_jsonl_with_invalid_utf8_names_the_file_and_line(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "Kim said so."}\n{"text": "caf\xe9 said so."}\n')
    result = runner.invoke(args=["import", str(feed)])
    assert "feed.jsonl:2:" in result.output
    assert "UTF-8" in result.output


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_jsonl_saved_with_a_byte_order_mark_is_imported(runner, db, tmp_path, bom, codec):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(bom + '{"title": "Port", "text": "Kim said the port reopened."}\n'.encode(codec))
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code == 0, result.output
    assert next(db.query("select title, text from articles where source = 'jsonl'")) == {
        "title": "Port", "text": "Kim said the port reopened."}
