import io

from client_helpers import csrf_token, post


def test_home_lists_the_demo_article_with_progress(client, reviewer):
    page = client.get("/").get_data(as_text=True)
    assert "Xiaomi expands into South Korea" in page
    assert "0 / " in page


def test_review_page_shows_claims_highlighted_with_suggestions(client, reviewer, demo_article):
    page = client.get(f"/articles/{demo_article['id']}").get_data(as_text=True)
    assert "only official dealers" in page
    assert "legal issues" in page
    assert page.count('<mark data-claim=') >= 15
    assert "Suggested: <strong>speculative</strong>" in page
    assert "Suggested: <strong>sourced</strong>" in page
    assert 'aria-pressed="true"' not in page  # nothing pre-selected
    assert "0 of " in page


def test_unknown_article_is_404(client, reviewer):
    response = client.get("/articles/9999")
    assert response.status_code == 404
    assert "Article 9999 does not exist" in response.get_data(as_text=True)


def test_pasted_article_is_split_and_opened(admin_client, db):
    client = admin_client
    response = post(client, "/articles", {
        "title": "Seoul report", "url": "https://example.org/seoul",
        "text": "Mr. Kim said the U.S. deal is done. It might fail, analysts said. Nobody knows.",
    })
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Seoul report" in page
    article = next(db.query("select * from articles where title = 'Seoul report'"))
    assert article["url"] == "https://example.org/seoul"
    assert db["claims"].count_where("article_id = ?", [article["id"]]) == 3


def test_empty_paste_is_refused_and_keeps_the_title(admin_client, db):
    client = admin_client
    before = db["articles"].count
    response = post(client, "/articles", {"title": "Keep me", "text": "   "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The article is empty" in page
    assert 'value="Keep me"' in page
    assert db["articles"].count == before


def test_article_html_is_shown_as_text(admin_client):
    client = admin_client
    response = post(client, "/articles", {"title": "<b>t</b>", "text": 'Evil <script>alert("x")</script> said.'})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<b>t</b>" not in page


def upload(client, filename, data, **fields):
    return post(client, "/articles/upload", {"file": (io.BytesIO(data), filename), **fields},
                content_type="multipart/form-data")


def test_uploaded_text_file_becomes_an_article(admin_client, db):
    client = admin_client
    response = upload(client, "korea.txt", "Samsung said it will sue.\nLG might follow.".encode())
    assert response.status_code == 303
    article = next(db.query("select * from articles where filename = 'korea.txt'"))
    # Its first line is a sentence, not a headline: the file name is the title.
    assert article["title"] == "Korea"
    assert db["claims"].count_where("article_id = ?", [article["id"]]) == 2


def test_uploaded_html_drops_scripts(admin_client, db):
    client = admin_client
    html = ("<html><head><title>Report</title><script>steal()</script></head><body><article>"
            "<p>The ministry said on Monday that exports rose sharply in the third quarter of the year.</p>"
            "<p>Analysts speculate that prices might fall next year as supply recovers across the region.</p>"
            "</article></body></html>")
    assert upload(client, "report.html", html.encode()).status_code == 303
    article = next(db.query("select * from articles where filename = 'report.html'"))
    assert "exports rose sharply" in article["text"]
    assert "steal" not in article["text"]


def test_bad_uploads_are_refused_with_a_message(admin_client, db):
    client = admin_client
    before = db["articles"].count
    cases = [
        ("empty.txt", b"", "empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("noise.txt", bytes(range(0x80, 0x100)) * 4, "not valid UTF-8"),
        ("doc.pdf", b"%PDF-1.4", "Unsupported file type"),
    ]
    for filename, data, message in cases:
        response = upload(client, filename, data)
        assert response.status_code == 422, filename
        assert message in response.get_data(as_text=True), filename
    assert db["articles"].count == before


def test_missing_file_is_refused(admin_client):
    client = admin_client
    response = post(client, "/articles/upload", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose a file" in response.get_data(as_text=True)


def test_upload_over_the_limit_is_refused(tmp_path):
    from annotator import accounts, create_app
    from annotator.db import connect
    from client_helpers import PASSWORD, login

    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "a.db"), "SECRET_KEY": "t",
                      "MAX_ARTICLE_BYTES": 1000, "SEED_DEMO": False})
    accounts.create_user(connect(app.config["DATABASE"]), "Ada", PASSWORD, "admin")
    client = app.test_client()
    login(client, "Ada")
    big = b"Seoul said so. " * 100
    response = post(client, "/articles/upload", {"file": (io.BytesIO(big), "big.txt")},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "larger than the limit of 1000 bytes" in response.get_data(as_text=True)
    huge = post(client, "/articles/upload", {"file": (io.BytesIO(b"x" * 200_000), "huge.txt")},
                content_type="multipart/form-data")
    assert huge.status_code == 413
    assert "nothing was imported" in huge.get_data(as_text=True)


def test_reviewer_cannot_import(client, reviewer, db):
    before = db["articles"].count
    assert client.get("/articles/new").status_code == 403
    response = post(client, "/articles", {"title": "x", "text": "Kim said so."})
    assert response.status_code == 403
    assert db["articles"].count == before


def test_importing_the_same_article_again_says_it_was_there_and_stores_nothing(admin_client, db):
    form = {"title": "Seoul report", "text": "Mr. Kim said the deal is done. It might fail, analysts said."}
    first = post(admin_client, "/articles", form)
    assert "Imported “Seoul report”: " in admin_client.get(first.headers["Location"]).get_data(as_text=True)
    again = post(admin_client, "/articles", form)
    assert again.headers["Location"] == first.headers["Location"]
    page = admin_client.get(again.headers["Location"]).get_data(as_text=True)
    assert "“Seoul report” was imported already, with the same text" in page and "Imported “" not in page
    assert db["articles"].count_where("title = 'Seoul report'") == 1
    upload = admin_client.post("/articles/upload", data={
        "file": (io.BytesIO(form["text"].encode()), "seoul.txt"),
        "csrf_token": csrf_token(admin_client)}, content_type="multipart/form-data")
    assert upload.status_code == 303 and upload.headers["Location"] != first.headers["Location"]  # its own title
    assert "Imported “" in admin_client.get(upload.headers["Location"]).get_data(as_text=True)
