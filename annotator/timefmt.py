"""Stored ISO 8601 UTC times in a reader's words ("today 14:05", "3 Dec 2025") for pages; exports keep ISO."""
from datetime import datetime, timedelta, timezone

from markupsafe import Markup

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_utc(value: str) -> datetime | None:
    """A stored timestamp ("2026-12-03T14:05:00Z") as an aware UTC datetime; None if it is not one."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        return None
    # A time stored without an offset is UTC: it is the one format the app writes (db.utc_now).
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def in_words(moment: datetime, now: datetime) -> str:
    """The moment as "today 14:05", "yesterday 09:12", "3 Dec 14:05" (this year) or "3 Dec 2025" (other years)."""
    day, today = moment.date(), now.date()
    clock = moment.strftime("%H:%M")
    if day == today:
        return f"today {clock}"
    if day == today - timedelta(days=1):
        return f"yesterday {clock}"
    date = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{date} {clock}" if day.year == today.year else f"{date} {day.year}"


def human_time(value, now: datetime | None = None) -> Markup | str:
    """A <time> element saying when in words, with the exact UTC time in its tooltip; other values as they are."""
    moment = parse_utc(value) if isinstance(value, str) else None
    if moment is None:
        return "" if value is None else value  # Jinja escapes what is returned as a plain string
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"), moment.strftime("%Y-%m-%d %H:%M UTC"), in_words(moment, now))
