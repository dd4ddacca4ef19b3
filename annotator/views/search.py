"""The corpus search page, its CSV download, and GET /api/claims?q= for scripts."""
from flask import (Blueprint, Response, abort, g, make_response, render_template, request,
                   stream_with_context, url_for)

from .. import accounts, htmx, scales, search
from ..db import get_db
from ..export import joined
from ..export_rows import ARCHIVED_CHOICES, CLAIM_CHOICES
from .api import _paginated

bp = Blueprint("search", __name__)

# The URL arguments a search takes; any one given, other than its default, means the person searched (a form sent
# with an empty box and the filters as they were shows the hint again, not every claim).
ARGS = ("q", "article", "reviewer", "verdict", "final", "since", "until", "claims", "archived")
DEFAULTS = {"claims": "live", "archived": "exclude"}


def _parse() -> search.Search:
    """The search the URL asks for; InvalidSearch says what is wrong with it."""
    args = request.args
    article = args.get("article", "").strip()
    if article and not (article.isascii() and article.isdecimal() and len(article) < 19):
        raise search.InvalidSearch("Choose an article from the list (its number).")
    return search.Search.parse(g.user, args.get("q", ""), article_id=int(article) if article else None,
                               reviewer=args.get("reviewer"), verdict=args.get("verdict"),
                               final_verdict=args.get("final"), since=args.get("since"), until=args.get("until"),
                               claims=args.get("claims"), archived=args.get("archived"),
                               known_verdicts=scales.every_value_name(get_db()))


def _page_number() -> int:
    # A page number typed wrong on the page shows the first page: the API, for scripts, refuses it instead.
    raw = request.args.get("page", "1").strip()
    return int(raw) if raw.isascii() and raw.isdecimal() and 0 < len(raw) < 10 and int(raw) > 0 else 1


def _choices(db) -> dict:
    """What the filter form offers; a reviewer filters on their own verdicts, so their own name is the only one."""
    everyone = g.user["role"] in accounts.LEAD_ROLES
    articles, archived_articles = search.article_choices(db)
    return {"articles": articles, "archived_articles": archived_articles,
            "reviewers": [user["name"] for user in accounts.list_users(db)] if everyone else [g.user["name"]],
            "verdicts": scales.every_value_name(db),
            "final_choices": search.final_choices(scales.every_value_name(db)), "claim_choices": CLAIM_CHOICES,
            "archived_choices": ARCHIVED_CHOICES, "max_query_length": search.MAX_QUERY_LENGTH}


@bp.get("/search")
def page():
    """Search every claim's text and key phrase, and the notes and evidence you may see; ?q= and the filters."""
    db = get_db()
    searched = any(request.args.get(name, "").strip() not in ("", DEFAULTS.get(name)) for name in ARGS)
    context = {"args": request.args, "searched": searched, "error": None, "rows": [], "total": 0, "page": 1,
               "pages": 1, "search": search.Search(), "page_size": search.PAGE_SIZE}
    status = 200
    if searched:
        try:
            found = _parse()
            number = _page_number()
            rows, total = search.search_page(db, found, g.user, number)
            context.update(search=found, rows=rows, total=total, page=number, pages=search.page_count(total))
        except search.InvalidSearch as error:
            # 422, as every refused form: htmx swaps it in (app.js), the message where the results would be.
            context["error"], status = str(error), 422
    fragment = htmx and not htmx.boosted
    template = "partials/_search_results.html" if fragment else "search.html"
    response = make_response(render_template(template, **context, **({} if fragment else _choices(db))), status)
    response.headers["Vary"] = "HX-Request"
    if fragment and not context["error"]:
        # The address bar gets the search without the form's empty fields: a short URL to bookmark or send.
        response.headers["HX-Push-Url"] = url_for("search.page", **context["search"].args(),
                                                  **({"page": context["page"]} if context["page"] > 1 else {}))
    return response


@bp.get("/search.csv")
def download():
    """Every result of the search as CSV, with the export's fixed header and formula guard."""
    try:
        found = _parse()
    except search.InvalidSearch as error:
        abort(400, description=str(error))
    viewer = dict(g.user)  # g is gone by the time the rows stream

    def generate():
        yield from joined(search.csv_chunks(get_db(), found, viewer))

    return Response(stream_with_context(generate()), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="search-results.csv"'})


@bp.get("/api/claims")
def api_claims():
    """Claims matching ?q= and the search page's filters, best match first, paginated like the rest of the API."""
    try:
        found = _parse()
    except search.InvalidSearch as error:
        abort(400, description=str(error))
    viewer = g.user

    def fetch(page, per_page):
        rows, total = search.search_page(get_db(), found, viewer, page, per_page)
        return [search.api_item(row) for row in rows], total

    return _paginated(fetch, "search.api_claims")
