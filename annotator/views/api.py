"""A read-only JSON API over articles, claims and verdicts, paginated, with the same access rules as the pages."""
import json

from flask import Blueprint, abort, g, jsonify, request, url_for

from .. import accounts, pages, store
from ..db import MAX_ROW_ID, get_db
from ..export_rows import ARCHIVED_CHOICES, ExportFilter, InvalidFilter

bp = Blueprint("api", __name__, url_prefix="/api")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


# A page past this would start beyond SQLite's largest integer (an OverflowError, which answered 404).
MAX_PAGE = MAX_ROW_ID // MAX_PAGE_SIZE


def _page_args() -> tuple[int, int]:
    """page and per_page, or a 400: a value that is not a whole number is refused, not silently replaced."""
    values = []
    for name, default in (("page", 1), ("per_page", DEFAULT_PAGE_SIZE)):
        raw = request.args.get(name, str(default)).strip()
        values.append(int(raw) if raw.isascii() and raw.isdecimal() and len(raw) < 20 else 0)
    page, per_page = values
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PAGE_SIZE:
        abort(400, description=f"page is a whole number from 1 to {MAX_PAGE}; per_page is 1 to {MAX_PAGE_SIZE}.")
    return page, per_page


def _paginated(fetch, endpoint: str, **view_args):
    """One page from fetch(page, per_page) plus the total and the URL of the next page (null on the last one)."""
    page, per_page = _page_args()
    rows, total = fetch(page, per_page)
    has_next = page * per_page < total
    return jsonify({
        "items": rows, "page": page, "per_page": per_page, "total": total,
        "next": url_for(endpoint, **{**_other_args(), **view_args, "page": page + 1, "per_page": per_page})
        if has_next else None,
    })


def _other_args():
    # Only plain query arguments carry over: url_for reads "endpoint" and "_..." names as its own options.
    return {key: value for key, value in request.args.items()
            if key not in ("page", "per_page", "endpoint") and not key.startswith("_")}


@bp.get("/articles")
def articles():
    """Articles without their text; ?archived=include or only lists archived ones too (default: not archived)."""
    archived = request.args.get("archived", "exclude")
    if archived not in ARCHIVED_CHOICES:
        abort(400, description=f"Unknown archived {archived!r}: use {', '.join(ARCHIVED_CHOICES)}.")
    return _paginated(lambda page, per_page: pages.articles_page(get_db(), page, per_page, archived), "api.articles")


@bp.get("/articles/<int:article_id>")
def article(article_id):
    try:
        return jsonify(store.get_article(get_db(), article_id))
    except store.NotFound as error:
        abort(404, description=str(error))


@bp.get("/articles/<int:article_id>/claims")
def claims(article_id):
    try:
        store.get_article(get_db(), article_id)
    except store.NotFound as error:
        abort(404, description=str(error))
    return _paginated(lambda page, per_page: _decoded(*pages.claims_page(get_db(), article_id, page, per_page)),
                      "api.claims", article_id=article_id)


# Columns stored as JSON text: the API answers them as arrays, not as strings a client must parse again.
JSON_COLUMNS = ("places", "checkworthy_reasons")


def _decoded(rows: list[dict], total: int) -> tuple[list[dict], int]:
    for row in rows:
        for column in JSON_COLUMNS:
            row[column] = json.loads(row[column]) if row[column] is not None else None
    return rows, total


@bp.get("/verdicts")
def verdicts():
    """Verdicts in the export's long format; a reviewer sees only their own, leads and admins everyone's.

    ?claims=retired or all adds the verdicts of claims retired by a fix of the split (default: live claims);
    ?archived=include or only those of archived articles (default: articles not archived).
    """
    reviewer = None if g.user["role"] in accounts.LEAD_ROLES else g.user["name"]
    try:
        export_filter = ExportFilter.parse(article_id=request.args.get("article", type=int), reviewer=reviewer,
                                           claims=request.args.get("claims"), archived=request.args.get("archived"))
    except InvalidFilter as error:
        abort(400, description=str(error))
    return _paginated(lambda page, per_page: pages.verdicts_page(get_db(), export_filter, page, per_page),
                      "api.verdicts")
