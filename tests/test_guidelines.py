"""Guidelines per scale: versions, safe rendering, the version each verdict records; and time per verdict."""
import pytest

from annotator import accounts, guidelines, store, throughput, timing
from annotator.export_rows import verdict_rows
from annotator.importing import draft_from_text


@pytest.fixture
def db(bare_db):
    return bare_db


@pytest.fixture
def ada(db):
    return accounts.create_user(db, "Ada", "long password", "admin")


def test_every_save_is_a_new_version_and_an_unchanged_text_is_not(db, ada):
    assert guidelines.save(db, "sourcing", "# Sourced\n\nA named source.", ada) == (1, True)
    assert guidelines.save(db, "sourcing", "# Sourced\n\nA named source.\n", ada) == (1, False)
    assert guidelines.save(db, "sourcing", "# Sourced\n\nA named, checkable source.", ada) == (2, True)
    assert [row["version"] for row in guidelines.versions(db, "sourcing")] == [2, 1]
    assert guidelines.version(db, "sourcing", 1)["body"] == "# Sourced\n\nA named source."
    assert guidelines.current(db, "rating") is None


@pytest.mark.parametrize("scale, body, message", [
    ("sourcing", "   ", "Write the guidelines first"),
    ("sourcing", "x" * 100_001, "longer than"),
    ("Bad Name!", "text", "scale name"),
])
def test_bad_guidelines_are_refused_and_nothing_is_saved(db, ada, scale, body, message):
    with pytest.raises(guidelines.InvalidGuidelines, match=message):
        guidelines.save(db, scale, body, ada)
    assert db["guidelines"].count == 0


@pytest.mark.parametrize("markdown, absent", [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "<img"),
    ("[click](javascript:alert(1))", 'href="javascript'),
    ("[click](JaVaScRiPt:alert(1))", "href="),
    ("[click](java&#115;cript:alert(1))", "href="),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", "href="),
    ("[v](vbscript:msgbox)", "href="),
    ("[away](//evil.example/x)", "href="),
    ("![pixel](https://tracker.example/p.gif)", "<img"),
    ('<a href="https://x.org" onclick="steal()">x</a>', "onclick=\"steal"),
])
def test_rendering_keeps_no_raw_html_and_no_unsafe_link(markdown, absent):
    assert absent not in guidelines.render(markdown)


def test_markdown_renders_headings_lists_and_safe_links():
    html = guidelines.render("## Sourced\n\n- a *named* source\n- [the style guide](https://desk.example/style)")
    assert "<h2>Sourced</h2>" in html and "<em>named</em>" in html
    assert '<a href="https://desk.example/style" rel="noopener noreferrer nofollow">the style guide</a>' in html


@pytest.fixture
def claim_id(db):
    article = store.add_article(db, draft_from_text("Kim said prices rose by 4% in March.", title="One"))
    return store.claims_for(db, article)[0]["id"]


def test_each_verdict_records_the_guidelines_version_and_seconds(db, ada, claim_id):
    store.save_verdict(db, claim_id, ada, "sourced", seconds=12)
    assert [(row["seconds"], row["guidelines_version"]) for row in verdict_rows(db)] == [(12, None)]
    guidelines.save(db, "sourcing", "Version one", ada)
    guidelines.save(db, "sourcing", "Version two", ada)
    store.save_verdict(db, claim_id, ada, "speculative", seconds=None)
    assert [(row["seconds"], row["guidelines_version"]) for row in verdict_rows(db)] == [(None, 2)]


@pytest.mark.parametrize("raw, seconds", [(None, None), ("", None), ("0", 0), ("42", 42), (" 7 ", 7),
                                          ("1800", 1800), ("99999", timing.MAX_SECONDS)])
def test_seconds_are_read_and_capped(raw, seconds):
    assert timing.parse_seconds(raw) == seconds


@pytest.mark.parametrize("raw", ["-3", "1.5", "ten", "１２", "9" * 20])
def test_seconds_that_are_not_a_whole_number_are_refused(raw):
    with pytest.raises(timing.InvalidSeconds):
        timing.parse_seconds(raw)


def test_throughput_counts_timed_verdicts_per_reviewer():
    rows = [{"reviewer": "Ana", "seconds": 10, "verdict": "sourced", "suggestion": "sourced"},
            {"reviewer": "Ana", "seconds": 30, "verdict": "speculative", "suggestion": "sourced"},
            {"reviewer": "Ana", "seconds": None, "verdict": "sourced", "suggestion": "sourced"},
            {"reviewer": "Ben", "seconds": None, "verdict": "unverified", "suggestion": "sourced"}]
    ana, ben = throughput.summarise(rows)
    assert (ana.verdicts, ana.timed, ana.median_seconds, ana.claims_per_hour) == (3, 2, 20.0, 180.0)
    assert ana.accepted_share == pytest.approx(2 / 3)
    assert (ben.timed, ben.median_seconds, ben.claims_per_hour, ben.accepted_share) == (0, None, None, 0.0)


def _snapshot_lines(db):
    from annotator.export_rows import export_chunks
    return "".join(export_chunks(db, "snapshot")).splitlines()


def _fresh(tmp_path):
    from annotator.db import connect, migrate
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)
    return fresh


def test_a_snapshot_keeps_the_seconds_guidelines_version_and_reviewers_per_claim(db, ada, claim_id, tmp_path):
    from annotator import double_review, interchange
    guidelines.save(db, "sourcing", "Version one", ada)
    store.save_verdict(db, claim_id, ada, "sourced", seconds=33)
    article_id = store.get_claim(db, claim_id)["article_id"]
    double_review.set_rule(db, article_id, ada, "3", "off")
    fresh = _fresh(tmp_path)
    [new_article] = interchange.load_articles(fresh, _snapshot_lines(db))
    [row] = fresh.query("select seconds, guidelines_version from verdicts")
    assert row == {"seconds": 33, "guidelines_version": 1}
    rule = double_review.rule_for(fresh, new_article)
    assert (rule.required, rule.blind, rule.own) == (3, False, True)


@pytest.mark.parametrize("field, value", [("seconds", "33"), ("seconds", -1), ("guidelines_version", "one")])
def test_a_snapshot_with_bad_seconds_or_version_is_refused(db, ada, claim_id, tmp_path, field, value):
    import json
    from annotator import interchange
    store.save_verdict(db, claim_id, ada, "sourced", seconds=33)
    [line] = _snapshot_lines(db)
    record = json.loads(line)
    record["verdicts"][0][field] = value
    fresh = _fresh(tmp_path)
    with pytest.raises(interchange.InterchangeError, match=field):
        interchange.load_articles(fresh, [json.dumps(record)])
    assert fresh["verdicts"].count == 0


def test_a_snapshot_with_a_bad_review_rule_is_refused(db, ada, claim_id, tmp_path):
    import json
    from annotator import double_review, interchange
    double_review.set_rule(db, store.get_claim(db, claim_id)["article_id"], ada, "2")
    [line] = _snapshot_lines(db)
    record = json.loads(line)
    record["review_rules"][0]["required"] = 9
    fresh = _fresh(tmp_path)
    with pytest.raises(interchange.InterchangeError, match="required must be 1 to 5"):
        interchange.load_articles(fresh, [json.dumps(record)])
    assert fresh["articles"].count == 0
