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


# 5. import-snapshot validates every row with the forms' rules.

from annotator import accounts, evidence, interchange, scales, store, team  # noqa: E402
from annotator.db import connect, migrate  # noqa: E402
from annotator.export_rows import export_chunks  # noqa: E402
from annotator.importing import draft_from_text  # noqa: E402


@pytest.fixture
def snapshot(bare_db):
    """One article as a snapshot record: Ana's verdict with evidence, Lee's final verdict."""
    lee = accounts.create_user(bare_db, "Lee", "long password", "lead")
    ana = accounts.create_user(bare_db, "Ana", "long password")
    article_id = store.add_article(bare_db, draft_from_text("Kim said prices rose. Exports might fall.",
                                                           title="One", url="https://example.org/one"))
    first = store.claims_for(bare_db, article_id)[0]["id"]
    store.save_verdict(bare_db, first, ana, "sourced", "https://example.org/kim", "on record")
    evidence.add_evidence(bare_db, first, ana, "https://example.org/filing", "prices rose", "primary document",
                          "2026-11-20")
    team.set_final_verdict(bare_db, first, lee, "sourced", "Kim is on record")
    return json.loads("".join(export_chunks(bare_db, "snapshot")))


@pytest.fixture
def fresh(tmp_path):
    database = connect(tmp_path / "fresh.db")
    migrate(database)
    yield database
    database.close()


def counts(db):
    return {table: db[table].count for table in ("articles", "claims", "reviewers", "verdicts", "evidence",
                                                  "final_verdicts", "verdict_history", "claim_history")}


def change(record, path, value):
    node = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return record


BAD_ROWS = [
    (("claims", 0, "places"), "[[0, 99999]]", "claims[0]: places"),
    (("claims", 0, "places"), "not json", "claims[0]: places"),
    (("claims", 0, "start"), "zero", "claims[0]: start"),
    (("claims", 0, "end"), 10_000, "claims[0]: Choose a start and end between 0 and"),
    (("claims", 0, "suggestion"), "true", "claims[0]: Choose a verdict"),
    (("verdicts", 0, "verdict"), "true", "verdicts[0]: Choose a verdict"),
    (("verdicts", 0, "evidence_url"), "javascript:alert(1)", "verdicts[0]: The evidence URL must start with"),
    (("final_verdicts", 0, "verdict"), "maybe", "final_verdicts[0]: Choose a final verdict"),
    (("evidence", 0, "url"), "javascript:alert(1)", "evidence[0]: The evidence URL must start with"),
    (("evidence", 0, "accessed_on"), "last week", "evidence[0]: The access date must be a date"),
    (("article", "url"), "javascript:alert(1)", "article: The source URL must start with"),
    (("article", "text"), "", "article: The article is empty"),
    (("verdicts", 0, "reviewer_id"), "", "verdicts[0]: Enter a user name"),
    (("verdicts", 0, "reviewer_id"), "x" * 5_000, "verdicts[0]: A user name has at most 60 characters"),
    (("verdicts", 0, "claim_id"), 123_456, "verdicts[0]: claim_id 123456 is not a claim of this article"),
    (("verdicts", 0, "colour"), "red", "verdicts[0]: unknown field 'colour'"),
    (("verdicts", 0, "claim_id"), [1], "verdicts[0]: claim_id [1] is not a claim of this article"),
    (("claims", 0, "id"), {"a": 1}, "claims[0]: id has the wrong type"),
    (("final_verdicts", 0, "adjudicated_at"), "yesterday", "final_verdicts[0]: adjudicated_at"),
    (("article",), [], "article: must be an object"),
]


@pytest.mark.parametrize("path, value, message", BAD_ROWS)
def test_a_snapshot_with_a_bad_row_is_refused_naming_line_and_reason(snapshot, fresh, path, value, message):
    before = counts(fresh)
    good = json.dumps(snapshot)
    bad = json.dumps(change(json.loads(good), path, value))
    with pytest.raises(interchange.InterchangeError) as refused:
        interchange.load_articles(fresh, [good, bad], filename="snap.jsonl")
    assert str(refused.value).startswith("snap.jsonl:2: ")
    assert message in str(refused.value)
    assert counts(fresh) == before


def test_a_snapshot_repeating_a_verdict_is_refused(snapshot, fresh):
    snapshot["verdicts"].append(dict(snapshot["verdicts"][0]))
    with pytest.raises(interchange.InterchangeError, match="snap.jsonl:1: verdicts\\[1\\]: a second verdict"):
        interchange.load_articles(fresh, [json.dumps(snapshot)], filename="snap.jsonl")
    assert counts(fresh)["articles"] == 0


@pytest.mark.parametrize("line, message", [
    ("[" * 100_000, "not valid JSON (nested too deeply)"),
    ('{"article": {"title": "x"}, "claims": []}', "article: text is missing"),
    ('{"article": {"title": "x", "text": "y", "created_at": "2026-11-25T10:00:00Z"}, "claims": [], '
     '"verdicts": {"a": 1}}', "verdicts: must be a list"),
])
def test_the_import_snapshot_command_names_the_line_and_never_shows_a_traceback(runner, db, tmp_path, line,
                                                                                message):
    path = tmp_path / "snap.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    before = counts(db)
    result = runner.invoke(args=["import-snapshot", str(path)])
    assert result.exit_code == 1
    assert f"snap.jsonl:1: {message}" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert counts(db) == before


def test_a_good_snapshot_still_round_trips(snapshot, fresh):
    [article_id] = interchange.load_articles(fresh, [json.dumps(snapshot)])
    assert counts(fresh)["verdicts"] == 1 and counts(fresh)["final_verdicts"] == 1


def test_a_claimreview_download_that_meets_a_bad_row_logs_it_and_ends_well_formed(app, lead_client, db, users,
                                                                                  demo_article, caplog):
    claims = [row["id"] for row in db.query("select id from claims where article_id = ? order by position",
                                            [demo_article["id"]])]
    scales.use_scale(db, "rating", demo_article["id"])
    team.set_final_verdict(db, claims[0], users["Lee"], "false", "fine")
    # A row stored before import-snapshot checked its input: a final verdict no form allows.
    db.execute("insert into final_verdicts (claim_id, verdict, reason, adjudicated_by, adjudicated_at) "
               "values (?, 'maybe', '', ?, '2026-11-25T10:00:00Z')", [claims[1], users["Lee"]])
    db.conn.commit()
    response = lead_client.get("/export/claimreview.json")
    assert response.status_code == 200
    reviews = json.loads(response.get_data(as_text=True))
    assert [review["reviewRating"]["alternateName"] for review in reviews] == ["False"]
    assert f"claim {claims[1]}" in caplog.text


# 6. Never no active admin, even when two admins act at once.

import threading  # noqa: E402


def active_admins(db):
    return db["reviewers"].count_where("role = 'admin' and active = 1 and password_hash is not null")


@pytest.mark.parametrize("action", ["demote", "disable"])
def test_two_admins_removing_each_other_leave_one_admin(bare_db, action):
    ada = accounts.create_user(bare_db, "Ada", "long password", "admin")
    zed = accounts.create_user(bare_db, "Zed", "long password", "admin")

    def remove(user_id, acting):
        if action == "demote":
            accounts.set_role(bare_db, user_id, "lead", acting)
        else:
            accounts.set_active(bare_db, user_id, False, acting)

    remove(zed, ada)
    with pytest.raises(accounts.AccountError, match="at least one active admin"):
        remove(ada, zed)
    assert active_admins(bare_db) == 1


@pytest.mark.parametrize("action", ["demote", "disable"])
def test_two_admins_removing_each_other_at_the_same_moment_leave_one_admin(tmp_path, action):
    path = tmp_path / "race.db"
    setup = connect(path)
    migrate(setup)
    for trial in range(10):
        ada = accounts.create_user(setup, f"Ada{trial}", "long password", "admin")
        zed = accounts.create_user(setup, f"Zed{trial}", "long password", "admin")
        setup.execute("update reviewers set role = 'lead' where name not in (?, ?)", [f"Ada{trial}", f"Zed{trial}"])
        setup.conn.commit()
        start = threading.Barrier(2)
        outcomes = []

        def remove(user_id, acting):
            database = connect(path)
            start.wait()
            try:
                if action == "demote":
                    accounts.set_role(database, user_id, "lead", acting)
                else:
                    accounts.set_active(database, user_id, False, acting)
                outcomes.append("done")
            except accounts.AccountError:
                outcomes.append("refused")
            finally:
                database.close()

        threads = [threading.Thread(target=remove, args=(zed, ada)), threading.Thread(target=remove, args=(ada, zed))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["done", "refused"]
        assert active_admins(setup) == 1
    setup.close()


# 8. NUL and other control characters.

def test_a_word_processors_soft_line_break_is_read_as_a_line_end_not_refused():
    # Word writes Shift+Enter as a vertical tab (U+000B); a paste from it must import, one line each.
    draft = draft_from_text("Port reopens\vThe port reopened on Monday, officials said.", title="t")
    assert draft.text == "Port reopens\nThe port reopened on Monday, officials said."


@pytest.mark.parametrize("text", ["\x00\x00", "Kim said so.\x00", "Prices rose\x1b[31m today.", "Page one\x0cpage two"])
def test_a_paste_with_control_characters_is_refused(admin_client, db, text):
    before = article_count(db)
    response = post(admin_client, "/articles", {"text": text})
    assert response.status_code == 422
    assert "control character" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_an_upload_with_a_nul_byte_after_the_first_8_kb_is_refused(admin_client, db):
    before = article_count(db)
    data = ("Seoul said exports rose. " * 400).encode() + b"\x00tail"
    response = upload(admin_client, "late-nul.txt", data)
    assert response.status_code == 422
    assert "control character U+0000 at position 10000" in response.get_data(as_text=True)
    assert article_count(db) == before


def test_tabs_and_line_ends_are_still_welcome(admin_client, db):
    assert post(admin_client, "/articles", {"text": "Kim\tsaid so.\r\nLee said\rno."}).status_code == 303


def test_a_jsonl_line_with_a_control_character_is_refused_naming_it(runner, db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Fine."}\n{"text": "Bell\\u0007 rang."}\n', encoding="utf-8")
    result = runner.invoke(args=["import", str(feed)])
    assert result.exit_code != 0
    assert "feed.jsonl:2:" in result.output and "control character U+0007" in result.output


# 7. The JSON API always answers JSON.

import base64  # noqa: E402

from client_helpers import PASSWORD  # noqa: E402


def basic(name, password=PASSWORD):
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


@pytest.mark.parametrize("path", ["/api/articles/abc", f"/api/articles/{2**63}", "/api/nothing-here"])
def test_an_api_url_that_names_nothing_is_a_json_404(client, users, path):
    response = client.get(path, headers=basic("Ana"))
    assert response.status_code == 404
    assert response.is_json and "error" in response.json


def test_an_api_url_that_names_nothing_without_credentials_is_a_json_401(client, users):
    response = client.get("/api/articles/abc")
    assert response.status_code == 401
    assert response.is_json and response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_post_to_the_read_only_api_is_a_json_405(client, users):
    response = client.post("/api/articles", headers=basic("Ana"))
    assert response.status_code == 405
    assert response.is_json and "read-only" in response.json["error"]
    response = client.post("/api/articles")
    assert response.status_code == 401 and response.is_json


@pytest.mark.parametrize("query", ["page=99999999999999999999", f"page={2**62}", "page=abc", "per_page=1e3"])
def test_a_page_number_out_of_range_or_not_a_number_is_a_json_400(client, users, query):
    response = client.get(f"/api/articles?{query}", headers=basic("Ana"))
    assert response.status_code == 400
    assert response.is_json and "page" in response.json["error"]


# 4. Dates in any ISO 8601 form are read as dates, or refused.

import csv  # noqa: E402
from datetime import date, timedelta  # noqa: E402


def iso_forms(day: date) -> list[str]:
    year, week, weekday = day.isocalendar()
    return [day.isoformat(), day.strftime("%Y%m%d"), f"{year}-W{week:02d}-{weekday}", f"{year}W{week:02d}{weekday}"]


@pytest.fixture
def verdict_day(users, db, demo_article):
    claims = [row["id"] for row in db.query("select id from claims where article_id = ?", [demo_article["id"]])]
    for claim_id in claims[:3]:
        store.save_verdict(db, claim_id, users["Ana"], "sourced")
    return date.fromisoformat(next(db.query("select updated_at from verdicts"))["updated_at"][:10])


def exported(client, query):
    response = client.get("/export/verdicts.csv?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(list(csv.DictReader(io.StringIO(response.get_data(as_text=True)))))


def test_export_dates_in_every_iso_form_filter_as_dates(lead_client, verdict_day):
    for form in iso_forms(verdict_day):
        assert exported(lead_client, f"since={form}") == 3
        assert exported(lead_client, f"until={form}") == 3
    for form in iso_forms(verdict_day + timedelta(days=1)):
        assert exported(lead_client, f"since={form}") == 0
    for form in iso_forms(verdict_day - timedelta(days=1)):
        assert exported(lead_client, f"until={form}") == 0


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "2026-W54-1", "20261301"])
def test_an_export_date_that_is_no_date_is_refused_with_400(lead_client, value):
    response = lead_client.get(f"/export/verdicts.csv?since={value}")
    assert response.status_code == 400
    assert "since date" in response.get_data(as_text=True)


def test_the_export_command_reads_iso_dates_and_refuses_others(runner, verdict_day):
    week = iso_forms(verdict_day)[2]
    result = runner.invoke(args=["export", "--since", week, "--until", verdict_day.strftime("%Y%m%d")])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) == 4
    result = runner.invoke(args=["export", "--since", "20261301"])
    assert result.exit_code != 0 and "since date" in result.output


@pytest.mark.parametrize("typed, stored", [("20261120", "2026-11-20"), ("2026-W47-5", "2026-11-20"),
                                           ("2026-11-20", "2026-11-20")])
def test_an_evidence_access_date_is_stored_as_the_day_it_names(bare_db, typed, stored):
    ana = accounts.create_user(bare_db, "Ana", "long password")
    article_id = store.add_article(bare_db, draft_from_text("Kim said prices rose.", title="One"))
    claim_id = store.claims_for(bare_db, article_id)[0]["id"]
    evidence.add_evidence(bare_db, claim_id, ana, "https://example.org/filing", "", "other", typed)
    assert next(bare_db.query("select accessed_on from evidence"))["accessed_on"] == stored


# 3. Every refused login costs the same password check.

def test_every_refused_login_costs_one_password_check(bare_db, monkeypatch):
    accounts.create_user(bare_db, "Ana", "long password")
    accounts.create_user(bare_db, "Gone", "long password")
    gone = next(bare_db.query("select id from reviewers where name = 'Gone'"))["id"]
    bare_db["reviewers"].update(gone, {"active": 0})
    checks = []
    real_check = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash",
                        lambda stored, password: checks.append(stored) or real_check(stored, password))

    def refused(name, password="wrong password"):
        checks.clear()
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(bare_db, name, password)
        return len(checks)

    assert refused("Nobody") == 1
    assert refused("Gone", "long password") == 1
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert refused("Ana") == 1
    assert refused("Ana", "long password") == 1  # locked now: the same scrypt work as any other refusal
    # The stand-in hash costs what a real one costs: same method and parameters.
    real = next(bare_db.query("select password_hash from reviewers where name = 'Ana'"))["password_hash"]
    assert accounts._DUMMY_HASH.split("$")[0] == real.split("$")[0]


# 9. Downloads: one charset, and ClaimReview safe inside a script tag.

def test_csv_downloads_name_their_charset_once(lead_client):
    content_type = lead_client.get("/export/verdicts.csv").headers["Content-Type"]
    assert content_type == "text/csv; charset=utf-8"


def test_claimreview_json_escapes_less_than_so_it_can_sit_in_a_script_tag(app, users, lead_client, db):
    article_id = store.add_article(db, draft_from_text("Kim said </script><script>alert(1)</script> rose.",
                                                       title="T <b>"))
    claim_id = store.claims_for(db, article_id)[0]["id"]
    scales.use_scale(db, "rating", article_id)
    team.set_final_verdict(db, claim_id, users["Lee"], "true", "a <reason>")
    body = lead_client.get("/export/claimreview.json").get_data(as_text=True)
    assert "<" not in body and "\\u003c/script>" in body
    [review] = json.loads(body)
    assert "</script>" in review["itemReviewed"]["text"] and review["reviewBody"] == "a <reason>"


def test_no_value_in_any_snapshot_field_reaches_the_user_as_a_python_error(snapshot, fresh):
    # Every field of every row set to every kind of JSON value: each is imported or refused with a message.
    values = [None, [], {}, "x", "", 1.5, True, -1, 0, 10**30, [[0, 1]], "2026-11-25T10:00:00Z"]
    paths = []
    for part, rows in snapshot.items():
        rows = [rows] if isinstance(rows, dict) else rows
        for number, row in enumerate(rows):
            prefix = (part,) if part == "article" else (part, number)
            paths += [prefix + (field,) for field in list(row) + ["extra"]]
        paths.append((part,))
    for path in paths:
        for value in values:
            record = change(json.loads(json.dumps(snapshot)), path, value)
            try:
                interchange.load_articles(fresh, [json.dumps(record)])
            except interchange.InterchangeError:
                pass
