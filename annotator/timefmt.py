"""Stored ISO 8601 UTC times in a reader's words ("today 14:05", "3 Dec 2025") for pages; exports keep ISO.

Pages show the desk's own clock (config TIMEZONE, an IANA name such as "Europe/Berlin"; UTC by default): a desk
in Berlin reading "today 14:05" for a verdict saved at 15:05 its time would mistrust every other time shown.
"""
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


def desk_zone(name: str | None) -> tzinfo:
    """The zone pages show times in; ValueError naming the setting for a name the zone database does not know."""
    if not name or name.upper() == "UTC":
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"TIMEZONE = {name!r} is not a time zone name (for example 'Europe/Berlin' or "
                         "'America/New_York').") from None


def human_time(value, now: datetime | None = None, zone: tzinfo = timezone.utc) -> Markup | str:
    """A <time> element saying when in words on the desk's clock, with the exact UTC time (and the desk's, when it is
    not UTC) in its tooltip; other values as they are."""
    moment = parse_utc(value) if isinstance(value, str) else None
    if moment is None:
        return "" if value is None else value  # Jinja escapes what is returned as a plain string
    now = (now or datetime.now(timezone.utc)).astimezone(zone)
    local = moment.astimezone(zone)
    tooltip = moment.strftime("%Y-%m-%d %H:%M UTC")
    if zone is not timezone.utc:
        tooltip += local.strftime(" (%H:%M %Z)")
    return Markup('<time datetime="{}" title="{}">{}</time>').format(
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"), tooltip, in_words(local, now))
