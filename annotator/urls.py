"""The one check every URL a person types goes through: evidence, archive links, article sources."""

MAX_URL_LENGTH = 2_000


class InvalidURL(ValueError):
    """A URL that cannot be stored; the message says why, naming the field."""


def web_url(value: str, label: str, required: bool = False) -> str:
    """The URL trimmed, or InvalidURL: only http(s) links of a sane length; empty allowed unless required."""
    url = (value or "").strip()
    if not url:
        if required:
            raise InvalidURL(f"The {label} is required.")
        return ""
    if len(url) > MAX_URL_LENGTH:
        raise InvalidURL(f"The {label} is longer than {MAX_URL_LENGTH} characters.")
    # Only web links: a javascript: or data: URL would run in the browser of whoever clicks it.
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidURL(f"The {label} must start with http:// or https://.")
    return url
