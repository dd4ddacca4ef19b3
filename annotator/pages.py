"""Rows a page at a time for the JSON API: articles, an article's claims, verdicts; db first, no Flask."""
from .export_rows import ExportFilter

ARTICLE_FIELDS = "a.id, a.title, a.url, a.author, a.published, a.source, a.created_at, a.archived_at, a.scale"
# Which articles a listing takes, by the export filter's archived choice.
_ARCHIVED_WHERE = {"exclude": "where a.archived_at is null", "include": "", "only": "where a.archived_at is not null"}
CLAIM_FIELDS = ("c.id, c.article_id, c.position, c.text, c.start, c.\"end\", c.key_phrase, c.suggestion, "
                "c.confidence, c.cue, c.explanation, c.places, c.is_claim, c.reason, c.checkworthiness, "
                "c.checkworthy_reasons, c.hedged, c.source, c.source_start, c.source_end, c.source_named, "
                "c.reporting_verb")


def _page(db, sql: str, params: list, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of the query's rows (page counts from 1) and how many rows there are in all."""
    total = next(db.query(f"select count(*) as n from ({sql})", params))["n"]
    rows = list(db.query(f"{sql} limit ? offset ?", [*params, per_page, (page - 1) * per_page]))
    return rows, total


def articles_page(db, page: int, per_page: int, archived: str = "exclude"):
    """Articles without their text, oldest first; archived ones only when archived is include or only."""
    return _page(db, f"select {ARTICLE_FIELDS} from articles a {_ARCHIVED_WHERE[archived]} order by a.id", [],
                 page, per_page)


def claims_page(db, article_id: int, page: int, per_page: int):
    """An article's live claims in reading order."""
    return _page(db, f"select {CLAIM_FIELDS} from live_claims c where c.article_id = ? order by c.position",
                 [article_id], page, per_page)


def verdicts_page(db, export_filter: ExportFilter, page: int, per_page: int):
    """Verdicts in the export's long format and order, filtered as an export is."""
    where, params = export_filter.where()
    return _page(db, f"select * from verdicts_export{where} order by article_id, start, claim_id, reviewer",
                 params, page, per_page)
