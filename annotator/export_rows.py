"""Which rows an export holds: the long format (a row per verdict) and the wide one (a row per claim), filtered."""
from dataclasses import dataclass, replace
from datetime import date

from .scales import BUILTIN_SCALES

# The verdicts an export filter knows without reading the database: the values of the built-in scales.
BUILTIN_VALUE_NAMES = tuple(name for scale in BUILTIN_SCALES.values() for name in scale.names)

# The columns of the long export, in order: those of the verdicts_export view, fixed here so a CSV header
# never depends on the data.
# claim_status is live or retired (replaced by a fix of the split, which names the claims in replaced_by);
# recheck is 1 while a verdict a fix of the split carried waits for its reviewer to look again.
# seconds: from the claim being focused to the verdict (empty without JavaScript); guidelines_version: the version
# of the scale's guidelines in force when the verdict was saved (empty while none was written).
# reused_from is the claim whose final verdict the reviewer reused (seen before), empty otherwise; it sits where
# migration 0015, which runs before 0017 and 0018, put it in the view.
EXPORT_COLUMNS = (
    "article_id", "article_title", "claim_id", "claim_text", "key_phrase", "start", "end",
    "reviewer", "verdict", "suggestion", "evidence_url", "evidence", "note", "updated_at",
    "final_verdict", "adjudicated_by", "adjudicated_at", "claim_status", "replaced_by", "recheck",
    "reused_from",
    "final_reason", "article_url", "scale",
    "seconds", "guidelines_version",
)
# Wide export: these, then one column per reviewer ("reviewer:NAME") holding that reviewer's verdict.
WIDE_COLUMNS = (
    "article_id", "article_title", "claim_id", "claim_text", "key_phrase", "start", "end", "suggestion",
    "final_verdict", "adjudicated_by", "adjudicated_at", "claim_status", "replaced_by",
    "final_reason", "article_url", "scale",
)
# Which claims' verdicts an export holds. Live claims by default: a dataset takes in the verdicts of retired
# claims (replaced when the split was fixed; their verdicts were carried or flagged) only on purpose.
CLAIM_CHOICES = {"live": "live claims only", "retired": "retired claims only", "all": "live and retired claims"}
# Which articles' verdicts an export holds. Archived articles leave the default exports as they leave the lists;
# a dataset takes them in on purpose. Snapshots hold every article whatever this says, with its archived state.
ARCHIVED_CHOICES = {"exclude": "articles not archived", "include": "all articles, archived ones too",
                    "only": "archived articles only"}


class InvalidFilter(ValueError):
    """An export filter that makes no sense; the message says why."""


@dataclass(frozen=True)
class ExportFilter:
    """What to export: one article, one reviewer, one verdict, verdicts last changed within [since, until], the
    verdicts of live claims, retired ones or both, and of articles not archived, archived ones or both."""
    article_id: int | None = None
    reviewer: str | None = None
    verdict: str | None = None
    since: str | None = None   # a date, YYYY-MM-DD, inclusive
    until: str | None = None   # a date, YYYY-MM-DD, inclusive
    claims: str = "live"       # a key of CLAIM_CHOICES
    archived: str = "exclude"  # a key of ARCHIVED_CHOICES

    @classmethod
    def parse(cls, article_id=None, reviewer=None, verdict=None, since=None, until=None,
              claims=None, archived=None, known_verdicts=None) -> "ExportFilter":
        """Clean filter values from a form or the command line; empty values mean no filter (live claims of
        articles not archived). known_verdicts: every value of every scale (scales.every_value_name), else
        the built-in scales' values."""
        verdict = (verdict or "").strip() or None
        known = known_verdicts or BUILTIN_VALUE_NAMES
        if verdict is not None and verdict not in known:
            raise InvalidFilter(f"Unknown verdict {verdict!r}: use {', '.join(known)}.")
        claims = (claims or "").strip() or "live"
        if claims not in CLAIM_CHOICES:
            raise InvalidFilter(f"Unknown claims {claims!r}: use {', '.join(CLAIM_CHOICES)}.")
        archived = (archived or "").strip() or "exclude"
        if archived not in ARCHIVED_CHOICES:
            raise InvalidFilter(f"Unknown archived {archived!r}: use {', '.join(ARCHIVED_CHOICES)}.")
        days = []
        for label, value in (("since", since), ("until", until)):
            try:
                # Any ISO 8601 date (20261125, 2026-W48-3) stored as YYYY-MM-DD: the filter compares text.
                days.append(date.fromisoformat(value.strip()).isoformat() if value and value.strip() else None)
            except ValueError:
                raise InvalidFilter(f"The {label} date must be a date like 2026-11-25.") from None
        return cls(article_id=article_id or None, reviewer=(reviewer or "").strip() or None, verdict=verdict,
                   since=days[0], until=days[1], claims=claims, archived=archived)

    def keeps_archived(self, archived_at) -> bool:
        """Whether an article archived at archived_at (None: not archived) is one this filter's archived takes."""
        return self.archived == "include" or (archived_at is None) == (self.archived == "exclude")

    def where(self, prefix="") -> tuple[str, list]:
        """A SQL condition on the verdicts_export columns (with a table prefix) and its parameters."""
        conditions, params = [], []
        for column, value in (("article_id", self.article_id), ("reviewer", self.reviewer),
                              ("verdict", self.verdict)):
            if value is not None:
                conditions.append(f"{prefix}{column} = ?")
                params.append(value)
        if self.claims != "all":
            conditions.append(f"{prefix}claim_status = ?")
            params.append(self.claims)
        if self.archived != "include":
            conditions.append(f"{prefix}article_id {'not ' if self.archived == 'exclude' else ''}in "
                              "(select id from articles where archived_at is not null)")
        # updated_at is ISO 8601 UTC text, so comparing strings compares times; "until" includes that whole day.
        if self.since:
            conditions.append(f"{prefix}updated_at >= ?")
            params.append(self.since)
        if self.until:
            conditions.append(f"{prefix}updated_at < ?")
            params.append(self.until + "T24")
        return (" where " + " and ".join(conditions)) if conditions else "", params


def archived_refusal(db, export_filter: ExportFilter, ask: str = "archived=include") -> str | None:
    """Why an export naming one article leaves it out (archived, or not archived when asking for archived ones
    only), or None; ask is how the person asks for archived articles where they are."""
    if export_filter.article_id is None or export_filter.archived == "include":
        return None
    rows = list(db.query("select archived_at from articles where id = ?", [export_filter.article_id]))
    if rows and not export_filter.keeps_archived(rows[0]["archived_at"]):
        state = "archived" if rows[0]["archived_at"] else "not archived"
        return f"Article {export_filter.article_id} is {state}: ask for {ask} to export it."
    return None


# Long-export columns that can never start like a formula, so the CSV's SQL leaves them as they are: row ids
# (SQLite keeps an INTEGER PRIMARY KEY an integer) and what the view itself computes from constants.
NEVER_FORMULAS = ("article_id", "claim_id", "claim_status", "recheck")
_VERDICT_ORDER = " order by article_id, start, claim_id, reviewer"


def verdict_rows(db, export_filter: ExportFilter = ExportFilter()):
    """One dict per verdict in EXPORT_COLUMNS order, read lazily so exports stream."""
    where, params = export_filter.where()
    return db.query(f"select * from verdicts_export{where}{_VERDICT_ORDER}", params)


def verdict_csv_query(export_filter: ExportFilter = ExportFilter()) -> tuple[str, list]:
    """The SQL of verdict_rows with every cell guarded as the CSV needs it, and its parameters."""
    from .csv_sql import guarded_query

    where, params = export_filter.where()
    return guarded_query(EXPORT_COLUMNS, "verdicts_export", where + _VERDICT_ORDER, NEVER_FORMULAS), params


def retired_count(db, export_filter: ExportFilter = ExportFilter()) -> int:
    """How many verdicts matching the filter are on retired claims: what a live-only export leaves out."""
    where, params = replace(export_filter, claims="retired").where()
    return next(db.query(f"select count(*) as n from verdicts_export{where}", params))["n"]


def reviewer_names(db, export_filter: ExportFilter = ExportFilter()) -> list[str]:
    """Names of the reviewers with a verdict matching the filter, sorted: the wide export's columns."""
    where, params = export_filter.where()
    return [row["reviewer"] for row in db.query(
        f"select distinct reviewer from verdicts_export{where} order by reviewer", params)]


def wide_columns(reviewers) -> tuple[str, ...]:
    """The wide export's header; the prefix keeps a reviewer named like a fixed column from clashing with it."""
    return WIDE_COLUMNS + tuple(f"reviewer:{name}" for name in reviewers)


def wide_rows(db, reviewers, export_filter: ExportFilter = ExportFilter()):
    """One dict per claim with a matching verdict: WIDE_COLUMNS, then each reviewer's verdict ('' if none)."""
    where, params = export_filter.where()
    current = None
    for row in db.query(f"select * from verdicts_export{where} order by article_id, start, claim_id", params):
        if current is None or current["claim_id"] != row["claim_id"]:
            if current is not None:
                yield current
            current = {column: row[column] for column in WIDE_COLUMNS}
            current.update({f"reviewer:{name}": "" for name in reviewers})
        key = f"reviewer:{row['reviewer']}"
        if key in current:
            current[key] = row["verdict"]
    if current is not None:
        yield current


# Every export format: the file suffix and the content type it is served with.
FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "jsonl": ("jsonl", "application/x-ndjson; charset=utf-8"),
    "snapshot": ("jsonl", "application/x-ndjson; charset=utf-8"),
    "claimreview": ("json", "application/ld+json; charset=utf-8"),
}


def export_filename(fmt: str, wide: bool, export_filter: ExportFilter) -> str:
    """A download name built only from fixed words and numbers, never from user text."""
    name = {"snapshot": "snapshot", "claimreview": "claimreview"}.get(fmt, "verdicts-wide" if wide else "verdicts")
    if export_filter.article_id is not None:
        name += f"-article-{int(export_filter.article_id)}"
    return f"{name}.{FORMATS[fmt][0]}"


def export_chunks(db, fmt: str, wide: bool = False, export_filter: ExportFilter = ExportFilter(),
                  organisation: str = "", organisation_url: str = "", downloaded_by=None, url_template: str = "",
                  excel: bool = False, progress=None):
    """The export as text chunks, streamed: the same code serves the download links, the CLI and export jobs.

    A snapshot taken to the end is recorded as downloaded (by downloaded_by; None: the command line). excel puts
    a UTF-8 byte order mark before a CSV, for Excel on Windows. progress, if given, is called now and then with how
    many verdict rows (CSV, JSON Lines) are written so far.
    """
    # Imported here to keep this module's import light for callers that only need the row functions.
    from . import claimreview, lifecycle
    from .csv_sql import csv_query_chunks
    from .export import csv_chunks, jsonl_chunks, with_bom

    if fmt == "snapshot":
        return lifecycle.snapshot_chunks(db, export_filter.article_id, downloaded_by)
    if fmt == "claimreview":
        # Only verdicts on a scale that maps to ClaimReview: claimreview_refusals says why the others are left out.
        return _json_array(claimreview.claim_review(row, organisation, organisation_url, url_template=url_template)
                           for row in claimreview.publishable_rows(db, export_filter.article_id,
                                                                   _keeps_archived(export_filter)))
    write = csv_chunks if fmt == "csv" else jsonl_chunks
    if fmt == "csv" and not wide:
        # The same bytes as csv_chunks over verdict_rows, with no Python per cell (bench/export_speed.py).
        chunks = csv_query_chunks(db, EXPORT_COLUMNS, *verdict_csv_query(export_filter), progress=progress)
    elif wide:
        reviewers = reviewer_names(db, export_filter)
        chunks = write(wide_columns(reviewers), _counted(wide_rows(db, reviewers, export_filter), progress))
    else:
        chunks = write(EXPORT_COLUMNS, _counted(verdict_rows(db, export_filter), progress))
    return with_bom(chunks) if excel and fmt == "csv" else chunks


def _counted(rows, progress, every: int = 256):
    """The rows unchanged, calling progress with the count so far every so many rows and at the end."""
    if progress is None:
        yield from rows
        return
    count = 0
    for count, row in enumerate(rows, 1):
        yield row
        if count % every == 0:
            progress(count)
    progress(count)


def _keeps_archived(export_filter: ExportFilter):
    return lambda row: export_filter.keeps_archived(row["article_archived_at"])


def claimreview_refusals(db, export_filter: ExportFilter = ExportFilter()) -> list[str]:
    """Why final verdicts matching the filter are not in the ClaimReview export (their scale is no rating)."""
    from . import claimreview

    return claimreview.unpublishable(db, export_filter.article_id, _keeps_archived(export_filter))


def _json_array(items):
    """A JSON array written item by item, so it streams like the other formats."""
    import json

    yield "["
    for number, item in enumerate(items):
        # "<" only ever occurs inside JSON strings: as \u003c a claim's "</script>" cannot end the script tag
        # a CMS embeds the JSON-LD in.
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("<", "\\u003c")
        yield ("," if number else "") + "\n" + text
    yield "\n]\n"
