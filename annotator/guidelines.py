"""A verdict scale's guidelines: Markdown an admin writes, each save a new version, rendered without raw HTML."""
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

from .db import utc_now, write_transaction

# Every article uses this scale until it names another (an articles.scale column, when scales land).
DEFAULT_SCALE = "sourcing"
MAX_GUIDELINES_LENGTH = 100_000
SCALE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
# Links may go to web pages, mail addresses, or places on this site; javascript:, data:, vbscript: and every other
# scheme are refused (the link is kept as plain text).
SAFE_LINK = re.compile(r"^(https?:|mailto:|/(?!/)|#)", re.IGNORECASE)


class InvalidGuidelines(ValueError):
    """Guidelines that cannot be saved; the message says why."""


def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: a <script> or <img onerror> typed in the text is shown as text, escaped.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Images are off too: a picture from elsewhere would tell its server who reads the guidelines, and when.
    md.disable("image")
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
    default_link = md.renderer.rules.get("link_open")

    def link_open(tokens, index, options, env):
        # A link out of the guidelines hands the reader's page to no one: as every link the app shows.
        tokens[index].attrSet("rel", "noopener noreferrer nofollow")
        return default_link(tokens, index, options, env) if default_link else md.renderer.renderToken(
            tokens, index, options, env)

    md.renderer.rules["link_open"] = link_open
    return md


_MD = _markdown()


def render(body: str) -> Markup:
    """The Markdown as safe HTML: no raw HTML, no images, only http(s), mailto and local links."""
    return Markup(_MD.render(body or ""))


def check_scale(scale: str) -> str:
    scale = (scale or "").strip()
    if not SCALE_NAME.match(scale):
        raise InvalidGuidelines("A scale name is lower-case letters, digits, - or _, starting with a letter.")
    return scale


def save(db, scale: str, body: str, actor_id: int) -> tuple[int, bool]:
    """Save the guidelines as a new version; return (version, True), or (the current version, False) if unchanged."""
    scale = check_scale(scale)
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise InvalidGuidelines("Write the guidelines first: an empty text would leave reviewers without any.")
    if len(body) > MAX_GUIDELINES_LENGTH:
        raise InvalidGuidelines(f"The guidelines are longer than {MAX_GUIDELINES_LENGTH:,} characters.")
    with write_transaction(db):
        latest = current(db, scale)
        if latest and latest["body"] == body:
            return latest["version"], False
        version = (latest["version"] if latest else 0) + 1
        db["guidelines"].insert({"scale": scale, "version": version, "body": body, "saved_by": actor_id,
                                 "saved_at": utc_now()})
    return version, True


def current(db, scale: str) -> dict | None:
    """The latest version of the scale's guidelines with who saved it, or None if none was written."""
    rows = list(db.query("select g.*, r.name as saved_by_name from guidelines g left join reviewers r "
                         "on r.id = g.saved_by where g.scale = ? order by g.version desc limit 1", [scale]))
    return rows[0] if rows else None


def version(db, scale: str, number: int) -> dict | None:
    rows = list(db.query("select g.*, r.name as saved_by_name from guidelines g left join reviewers r "
                         "on r.id = g.saved_by where g.scale = ? and g.version = ?", [scale, number]))
    return rows[0] if rows else None


def versions(db, scale: str) -> list[dict]:
    """Every version of the scale's guidelines, newest first, without their text."""
    return list(db.query("select g.version, g.saved_at, r.name as saved_by_name from guidelines g left join "
                         "reviewers r on r.id = g.saved_by where g.scale = ? order by g.version desc", [scale]))


def current_version(db, scale: str) -> int | None:
    """The number of the version in force, recorded with each verdict (None while there are none)."""
    row = db.execute("select max(version) from guidelines where scale = ?", [scale]).fetchone()
    return row[0] if row else None


def scale_of_article(db, article_id: int) -> str:
    """The article's verdict scale: its own once articles name one (the scales feature), else the default."""
    if "scale" in db["articles"].columns_dict:
        row = db.execute("select scale from articles where id = ?", [article_id]).fetchone()
        if row and row[0]:
            return row[0]
    return DEFAULT_SCALE


def version_for_claim(db, claim_id: int) -> int | None:
    """The guidelines version in force for the claim's article's scale."""
    row = db.execute("select article_id from claims where id = ?", [claim_id]).fetchone()
    return current_version(db, scale_of_article(db, row[0])) if row else None
