"""How long a reviewer took over a verdict: the seconds the browser measured, checked and capped."""

# Beyond half an hour on one claim the reviewer was away, not reading: the time is kept as the cap, so one coffee
# break does not make a reviewer's median or claims per hour meaningless.
MAX_SECONDS = 1800


class InvalidSeconds(ValueError):
    """A seconds field that is not a whole number of seconds."""


def parse_seconds(raw) -> int | None:
    """The seconds a verdict form sent: None when absent (no JavaScript), capped at MAX_SECONDS."""
    text = (raw or "").strip() if isinstance(raw, str) or raw is None else str(raw)
    if not text:
        return None
    if not (text.isascii() and text.isdecimal() and len(text) < 12):
        raise InvalidSeconds("The time taken (seconds) is a whole number: reload the page and tag again.")
    return min(int(text), MAX_SECONDS)
