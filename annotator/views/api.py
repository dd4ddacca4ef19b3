"""A read-only JSON API over articles, claims and verdicts, paginated, with the same access rules as the pages."""
from flask import Blueprint, abort, g, jsonify, request, url_for

from .. import accounts, store
from ..db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _page_args() -> tuple[int, int]:
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", DEFAULT_PAGE_SIZE, type=int)
    if page < 1 or not 1 <= per_page <= MAX_PAGE_SIZE:
        abort(400, description=f"page starts at 1; per_page is 1 to {MAX_PAGE_SIZE}.")
    return page, per_page


def _paginated(sql: str, params: list, endpoint: str, **view_args):
    """One page of rows plus the total and the URL of the next page (null on the last one)."""
    page, per_page = _page_args()
    db = get_db()
    total = next(db.query(f"select count(*) as n from ({sql})", params))["n"]
    rows = list(db.query(f"{sql} limit ? offset ?", params + [per_page, (page - 1) * per_page]))
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


ARTICLE_FIELDS = "a.id, a.title, a.url, a.author, a.published, a.source, a.created_at"
CLAIM_FIELDS = ("c.id, c.article_id, c.position, c.text, c.start, c.\"end\", c.key_phrase, c.suggestion, "
                "c.confidence, c.cue, c.explanation, c.places, c.is_claim, c.reason")


@bp.get("/articles")
def articles():
    return _paginated(f"select {ARTICLE_FIELDS} from articles a order by a.id", [], "api.articles")


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
    return _paginated(f"select {CLAIM_FIELDS} from live_claims c where c.article_id = ? order by c.position",
                      [article_id], "api.claims", article_id=article_id)


@bp.get("/verdicts")
def verdicts():
    """Verdicts in the export's long format; a reviewer sees only their own, leads and admins everyone's."""
    conditions, params = [], []
    if g.user["role"] not in accounts.LEAD_ROLES:
        conditions.append("reviewer = ?")
        params.append(g.user["name"])
    article_id = request.args.get("article", type=int)
    if article_id is not None:
        conditions.append("article_id = ?")
        params.append(article_id)
    where = (" where " + " and ".join(conditions)) if conditions else ""
    return _paginated(f"select * from verdicts_export{where} order by article_id, start, claim_id, reviewer",
                      params, "api.verdicts")
