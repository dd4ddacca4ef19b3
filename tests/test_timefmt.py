"""Stored times in a reader's words, with the exact UTC time in the tooltip (annotator/timefmt.py, no Flask)."""
from datetime import datetime, timezone

import pytest
from markupsafe import Markup

from annotator.timefmt import human_time

NOW = datetime(2026, 12, 3, 16, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("stored, words", [
    ("2026-12-03T14:05:00Z", "today 14:05"),
    ("2026-12-03T00:00:59Z", "today 00:00"),
    ("2026-12-02T09:12:00Z", "yesterday 09:12"),
    ("2026-12-01T23:59:00Z", "1 Dec 23:59"),
    ("2026-01-31T08:00:00Z", "31 Jan 08:00"),
    ("2025-12-03T14:05:00Z", "3 Dec 2025"),
    ("2026-01-01T00:00:00+02:00", "31 Dec 2025"),  # an offset is read as the UTC time it stands for
])
def test_a_stored_time_reads_in_words_with_the_utc_time_in_its_tooltip(stored, words):
    html = human_time(stored, now=NOW)
    assert isinstance(html, Markup)
    moment = datetime.fromisoformat(stored).astimezone(timezone.utc)
    assert html == (f'<time datetime="{moment:%Y-%m-%dT%H:%M:%SZ}" title="{moment:%Y-%m-%d %H:%M} UTC">'
                    f"{words}</time>")


def test_yesterday_is_counted_across_a_month_and_a_year():
    new_year = datetime(2027, 1, 1, 0, 5, tzinfo=timezone.utc)
    assert ">yesterday 23:50<" in human_time("2026-12-31T23:50:00Z", now=new_year)
    assert ">yesterday 12:00<" in human_time("2026-11-30T12:00:00Z", now=datetime(2026, 12, 1, tzinfo=timezone.utc))


@pytest.mark.parametrize("value", ["", "yesterday", "<b>x</b>", None])
def test_what_is_not_a_stored_time_is_left_for_jinja_to_escape(value):
    shown = human_time(value, now=NOW)
    assert not isinstance(shown, Markup)
    assert shown == ("" if value is None else value)


def test_a_desk_in_another_zone_reads_its_own_clock_with_utc_in_the_tooltip():
    from annotator.timefmt import desk_zone
    berlin = desk_zone("Europe/Berlin")
    html = human_time("2026-12-03T14:05:00Z", now=NOW, zone=berlin)
    assert ">today 15:05<" in html and 'title="2026-12-03 14:05 UTC (15:05 CET)"' in html
    # Past midnight on the desk's clock, the same moment is no longer "today" there.
    assert ">today 00:30<" in human_time("2026-12-02T23:30:00Z", now=NOW, zone=berlin)
    assert ">yesterday 23:30<" in human_time("2026-12-02T23:30:00Z", now=NOW, zone=timezone.utc)


def test_an_unknown_zone_is_refused_naming_the_setting():
    from annotator.timefmt import desk_zone
    with pytest.raises(ValueError, match="TIMEZONE = 'Mars/Olympus' is not a time zone name"):
        desk_zone("Mars/Olympus")
    assert desk_zone("utc") is timezone.utc


def test_pages_show_times_on_the_configured_clock(tmp_path):
    from annotator import create_app
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "tz.db"), "SECRET_KEY": "test",
                      "TIMEZONE": "Asia/Tokyo"})
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ '2026-12-03T14:05:00Z'|human_time }}").render()
    assert "23:05" in rendered and "(23:05 JST)" in rendered
