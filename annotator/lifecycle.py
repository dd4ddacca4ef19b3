"""An article's life after import: its title, URL, author and date edited, archived and restored, deleted for good."""
import hashlib
from datetime import date

from . import interchange
from .db import utc_now, write_transaction
from .importing import MAX_TITLE_LENGTH, control_character
from .store import get_article
from .urls import InvalidURL, web_url

MAX_AUTHOR_LENGTH = 300
# The fields a person edits, in the form's order, with the words the history and messages use.
FIELDS = {"title": "title", "url": "URL", "author": "author", "published": "date"}
# Every table holding an article's rows, children before parents (foreign keys are enforced), each with the
# condition that picks the article's rows. tests/test_article_lifecycle.py checks that no table pointing at an
# article, a claim or an edit of the split is missing, so a new one cannot be left behind by a delete.
_CLAIMS = "claim_id in (select id from claims where article_id = :article)"
ARTICLE_TABLES = (
    # A lead's "accept every suggestion above X %" points at verdict_history rows: it goes first.
    ("accepted_suggestions", "acceptance_id in (select id from suggestion_acceptances where article_id = :article)"),
    ("suggestion_acceptances", "article_id = :article"),
    ("learnt_suggestions", _CLAIMS), ("learnt_claim_marks", _CLAIMS),
    ("verdicts", _CLAIMS), ("verdict_history", _CLAIMS), ("evidence", _CLAIMS), ("final_verdicts", _CLAIMS),
    ("claim_history", _CLAIMS), ("untagged_notes", _CLAIMS), ("rechecks", _CLAIMS), ("claim_publication", _CLAIMS),
    ("claim_matches", _CLAIMS + " or earlier_claim_id in (select id from claims where article_id = :article)"),
    ("claim_replacements", "edit_id in (select id from claim_edits where article_id = :article)"),
    ("claim_edits", "article_id = :article"), ("claims", "article_id = :article"),
    ("assignments", "article_id = :article"), ("article_history", "article_id = :article"),
    ("article_snapshots", "article_id = :article"), ("review_rules", "article_id = :article"),
)
# What reviewers and leads made on an article, which a delete would lose: (table, what one row is called).
WORK = (("verdicts", "verdict"), ("final_verdicts", "final verdict"), ("evidence", "piece of evidence"),
        ("untagged_notes", "note"), ("verdict_history", "verdict change"), ("claim_history", "other change"))


class ArticleRefused(ValueError):
    """An edit, archive or delete that cannot be made; the message says why, field names the form field."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def validate_metadata(title=None, url=None, author=None, published=None) -> dict:
    """The given fields of an article's metadata cleaned (None: not given), or ArticleRefused naming the field."""
    cleaned = {}
    if title is not None:
        title = " ".join(title.split())
        if not title:
            raise ArticleRefused("The title is required.", "title")
        if len(title) > MAX_TITLE_LENGTH:
            raise ArticleRefused(f"The title is longer than {MAX_TITLE_LENGTH} characters.", "title")
        cleaned["title"] = title
    if url is not None:
        try:
            cleaned["url"] = web_url(url, "source URL")
        except InvalidURL as error:
            raise ArticleRefused(str(error), "url") from None
    if author is not None:
        author = " ".join(author.split())
        if len(author) > MAX_AUTHOR_LENGTH:
            raise ArticleRefused(f"The author is longer than {MAX_AUTHOR_LENGTH} characters.", "author")
        cleaned["author"] = author
    if published is not None:
        published = published.strip()
        try:
            # Any ISO 8601 date (20261120, 2026-W47-5) is stored as YYYY-MM-DD, as imports store the page's date.
            cleaned["published"] = date.fromisoformat(published).isoformat() if published else ""
        except ValueError:
            raise ArticleRefused("The date must be a date like 2026-11-25.", "published") from None
    for field, value in cleaned.items():
        if (control := control_character(value)) is not None:
            raise ArticleRefused(f"The {FIELDS[field]} holds the control character U+{ord(control):04X}.", field)
    return cleaned


def _record(db, article_id, actor_id, action, from_value=None, to_value=None, changed_at=None):
    """Append one change to the article's history; the caller holds the write lock."""
    db.execute("insert into article_history (article_id, actor_id, changed_at, action, from_value, to_value) "
               "values (?, ?, ?, ?, ?, ?)", [article_id, actor_id, changed_at or utc_now(), action, from_value,
                                             to_value])


def edit_article(db, article_id: int, actor_id, title=None, url=None, author=None, published=None) -> list[str]:
    """Change the given metadata fields; return the names of those that changed, each one in the history."""
    stored = get_article(db, article_id)
    given = {"title": title, "url": url, "author": author, "published": published}
    # A field sent back as stored is not checked again: a date imported in another form ("2016") stays as it is
    # while the title is fixed.
    cleaned = validate_metadata(**{field: value for field, value in given.items()
                                   if value is not None and value != (stored[field] or "")})
    now = utc_now()
    with write_transaction(db):
        article = get_article(db, article_id)
        changed = [field for field, value in cleaned.items() if (article[field] or "") != value]
        for field in changed:
            # Column names come from FIELDS, never from the request.
            db.execute(f"update articles set [{field}] = ? where id = ?", [cleaned[field], article_id])
            _record(db, article_id, actor_id, FIELDS[field], article[field] or None, cleaned[field] or None, now)
    return [FIELDS[field] for field in changed]


def archive_article(db, article_id: int, actor_id) -> bool:
    """Archive the article (it leaves the lists, queues and default exports); False if it already was."""
    now = utc_now()
    with write_transaction(db):
        if get_article(db, article_id)["archived_at"]:
            return False
        db.execute("update articles set archived_at = ?, archived_by = ? where id = ?", [now, actor_id, article_id])
        _record(db, article_id, actor_id, "archived", changed_at=now)
    return True


def restore_article(db, article_id: int, actor_id) -> bool:
    """Bring an archived article back to the lists and queues; False if it was not archived."""
    now = utc_now()
    with write_transaction(db):
        article = get_article(db, article_id)
        if not article["archived_at"]:
            return False
        db.execute("update articles set archived_at = null, archived_by = null where id = ?", [article_id])
        _record(db, article_id, actor_id, "restored", article["archived_at"], changed_at=now)
    return True


def archived_articles(db) -> list[dict]:
    """Archived articles, last archived first, with who archived them and how many claims and verdicts they keep."""
    return list(db.query(
        """
        select a.id, a.title, a.url, a.archived_at, r.name as archived_by_name,
          (select count(*) from live_claims c where c.article_id = a.id and c.is_claim) as claim_count,
          (select count(*) from verdicts v join claims c on c.id = v.claim_id where c.article_id = a.id)
            as verdict_count
        from articles a left join reviewers r on r.id = a.archived_by
        where a.archived_at is not null order by a.archived_at desc, a.id desc
        """))


def archived_count(db) -> int:
    return db["articles"].count_where("archived_at is not null")


def history(db, article_id: int) -> list[dict]:
    """The changes made to the article itself, oldest first; who is None for the command line."""
    return list(db.query(
        """select h.changed_at, r.name as who, h.action, h.from_value, h.to_value from article_history h
           left join reviewers r on r.id = h.actor_id where h.article_id = ? order by h.id""", [article_id]))


def work_on(db, article_id: int) -> dict[str, int]:
    """How many rows of each kind of WORK hang off the article's claims (kinds with none left out)."""
    counts = {}
    for table, label in WORK:
        count = next(db.query(f"select count(*) as n from [{table}] where {_CLAIMS}", {"article": article_id}))["n"]
        if count:
            counts[label] = count
    return counts


def describe(counts: dict[str, int]) -> str:
    """{"verdict": 3, "note": 1} as "3 verdicts and 1 note"."""
    parts = [f"{count} {label if count == 1 else _plural(label)}" for label, count in counts.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _plural(label: str) -> str:
    return "pieces of evidence" if label == "piece of evidence" else label + "s"


def snapshot_line(db, article_id: int) -> str:
    """The article's line of a snapshot, exactly as a download holds it."""
    return "".join(interchange.jsonl_chunks(interchange.dump_articles(db, article_id)))


def digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def snapshot_chunks(db, article_id=None, downloaded_by=None):
    """A snapshot's lines (one article, or all, archived ones too), its download recorded once all were taken.

    Each article's record holds its line's digest: delete_refusal lets the article go while it matches.
    """
    digests = {}
    for record in interchange.dump_articles(db, article_id):
        line = "".join(interchange.jsonl_chunks([record]))
        digests[record["article"]["id"]] = digest(line)
        yield line
    # Reached only when every line was taken: a download broken off half-way records nothing.
    now = utc_now()
    with write_transaction(db):
        db.conn.executemany("insert into article_snapshots (article_id, digest, downloaded_at, downloaded_by) "
                       "values (?, ?, ?, ?)", [(id_, value, now, downloaded_by) for id_, value in digests.items()])


def delete_refusal(db, article_id: int, how: str = "download its snapshot") -> str | None:
    """Why the article may not be deleted for good now, or None: no work on it, or a snapshot of it as it is.

    how says how to take a snapshot where the person is (the page's link, the command line).
    """
    counts = work_on(db, article_id)
    if not counts:
        return None
    current = digest(snapshot_line(db, article_id))
    if db["article_snapshots"].count_where("article_id = ? and digest = ?", [article_id, current]):
        return None
    since = (" (it changed after the last one was taken)"
             if db["article_snapshots"].count_where("article_id = ?", [article_id]) else "")
    return (f"Article {article_id} holds {describe(counts)}: {how} first{since}, which keeps them, then delete it. "
            "Or archive it: it leaves the lists and keeps everything.")


def confirms(article: dict, typed: str) -> bool:
    """Whether what the person typed is the article's id or its title (spacing and case aside)."""
    typed = " ".join((typed or "").split()).casefold()
    return bool(typed) and typed in (str(article["id"]), " ".join(article["title"].split()).casefold())


def delete_article(db, article_id: int, actor_id, confirmation: str, how: str = "download its snapshot") -> dict:
    """Delete the article and everything hanging off it in one transaction; return what was deleted.

    Refused (ArticleRefused) unless confirmation is its id or title, and while it holds work no downloaded
    snapshot keeps (delete_refusal). The deletion itself is kept in deleted_articles.
    """
    with write_transaction(db):
        # Checked under the write lock: a reviewer may have tagged a claim since the page was shown.
        article = get_article(db, article_id)
        if not confirms(article, confirmation):
            raise ArticleRefused(f"Type the article's title (“{article['title']}”) or its id ({article_id}) to "
                                 "delete it for good.", "confirmation")
        refusal = delete_refusal(db, article_id, how)
        if refusal:
            raise ArticleRefused(refusal)
        counts = work_on(db, article_id)
        summary = {"article_id": article_id, "title": article["title"], "url": article["url"],
                   "claims": db["claims"].count_where("article_id = ?", [article_id]),
                   "verdicts": counts.get("verdict", 0),
                   "snapshot_digest": digest(snapshot_line(db, article_id)) if counts else None}
        for table, where in ARTICLE_TABLES:
            db.execute(f"delete from [{table}] where {where}", {"article": article_id})
        db.execute("delete from articles where id = ?", [article_id])
        db["deleted_articles"].insert({**summary, "deleted_by": actor_id, "deleted_at": utc_now()})
    return summary

